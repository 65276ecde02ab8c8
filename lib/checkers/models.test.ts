import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_ANOMALIES } from "./anomalies.ts";
import { cycleMask, edgesNeeded, forbiddenBy, grants, MODEL_NAMES, type ModelName } from "./models.ts";

const COLUMNS: Record<string, ModelName> = {
  RU: "read-uncommitted",
  RC: "read-committed",
  RR: "repeatable-read",
  SI: "snapshot-isolation",
  SER: "serializable",
  SRU: "strong-session-read-uncommitted",
  SRC: "strong-session-read-committed",
  SSI: "strong-session-snapshot-isolation",
  SSER: "strong-session-serializable",
  STSI: "strong-snapshot-isolation",
  STRICT: "strict-serializable",
};

/** docs/isolation.md's table of what each model forbids: anomaly -> model -> forbidden. */
function documentedTable(): Map<string, Map<ModelName, boolean>> {
  const text = readFileSync(join(import.meta.dirname, "../../docs/isolation.md"), "utf8");
  const lines = text.split("\n");
  const header = lines.findIndex((l) => l.startsWith("| anomaly | RU |"));
  const cells = (line: string) =>
    line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
  const columns = cells(lines[header] as string).slice(1);
  const table = new Map<string, Map<ModelName, boolean>>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const [anomaly, ...marks] = cells(line);
    table.set(anomaly as string, new Map(marks.map((m, i) => [COLUMNS[columns[i] as string] as ModelName, m === "x"])));
  }
  return table;
}

describe("models: what each forbids", () => {
  it("docs/isolation.md's table is exactly what the code forbids, for every anomaly and model", () => {
    const table = documentedTable();
    expect([...table.keys()].sort()).toEqual([...ALL_ANOMALIES].sort());
    for (const anomaly of ALL_ANOMALIES) {
      for (const model of MODEL_NAMES) {
        expect({ anomaly, model, forbidden: forbiddenBy(model).has(anomaly) }).toEqual({
          anomaly,
          model,
          forbidden: table.get(anomaly)?.get(model),
        });
      }
    }
  });

  it("Adya: repeatable read forbids every item anti-dependency cycle; snapshot isolation allows write skew but not read skew", () => {
    const rr = forbiddenBy("repeatable-read");
    const si = forbiddenBy("snapshot-isolation");
    expect(["G-single", "G-nonadjacent", "G2-item", "lost-update"].every((a) => rr.has(a as never))).toBe(true);
    expect(si.has("G-single")).toBe(true);
    expect(si.has("G-nonadjacent")).toBe(true);
    expect(si.has("G2-item")).toBe(false);
    expect(si.has("lost-update")).toBe(true);
    expect(forbiddenBy("read-committed").has("lost-update")).toBe(false);
    expect(forbiddenBy("read-committed").has("G-single")).toBe(false);
  });

  it("a stronger model forbids everything a weaker one does", () => {
    const weaker: [ModelName, ModelName][] = [
      ["read-committed", "read-uncommitted"],
      ["repeatable-read", "read-committed"],
      ["snapshot-isolation", "read-committed"],
      ["serializable", "repeatable-read"],
      ["serializable", "snapshot-isolation"],
      ["strong-session-serializable", "serializable"],
      ["strong-session-serializable", "strong-session-snapshot-isolation"],
      ["strict-serializable", "strong-session-serializable"],
      ["strict-serializable", "strong-snapshot-isolation"],
    ];
    for (const [strong, weak] of weaker)
      for (const a of forbiddenBy(weak))
        expect({ strong, weak, a, forbidden: forbiddenBy(strong).has(a) }).toMatchObject({ forbidden: true });
  });

  it("edges, assumptions and cycle masks per model", () => {
    expect(Object.fromEntries(MODEL_NAMES.map((m) => [m, edgesNeeded(m) ?? "-"]))).toEqual({
      "read-uncommitted": "-",
      "read-committed": "-",
      "repeatable-read": "-",
      "snapshot-isolation": "-",
      serializable: "-",
      "strong-session-read-uncommitted": "process",
      "strong-session-read-committed": "process",
      "strong-session-snapshot-isolation": "process",
      "strong-session-serializable": "process",
      "strong-snapshot-isolation": "realtime",
      "strict-serializable": "realtime",
    });
    expect(grants("read-uncommitted")).toEqual([]);
    expect(grants("read-committed")).toEqual(["writes-follow-reads"]);
    expect(grants("strong-session-serializable")).toEqual(["writes-follow-reads", "sequential-keys"]);
    expect(grants("strict-serializable")).toEqual(["writes-follow-reads", "sequential-keys", "linearizable-keys"]);
    expect(cycleMask("snapshot-isolation")).toBeUndefined();
    expect(cycleMask("serializable")).toBe(7);
  });
});
