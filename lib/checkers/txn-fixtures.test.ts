import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseHistory } from "../history/loader.ts";
import { listAppendChecker } from "./list-append.ts";
import { rwRegisterChecker } from "./rw-register.ts";
import type { AnomalyReport } from "./txn-check.ts";
import type { TxnSummary } from "./txn-findings.ts";

/**
 * The hand-worked fixtures: every row of each folder's README, run with its model, must give
 * exactly the verdict, the anomalies with their counts, and the first case's transactions the
 * README works out.
 */
const FOLDERS = { "list-append": listAppendChecker, "rw-register": rwRegisterChecker } as const;

interface Row {
  file: string;
  model: string;
  verdict: string;
  anomalies: Record<string, string>;
}

/** "G-single x1 [T0 T1]; lost-update x1 [T0 T1]" as { "G-single": "x1 [T0 T1]", ... }, members sorted by index. */
function parseAnomalies(cell: string): Record<string, string> {
  if (cell === "—") return {};
  return Object.fromEntries(
    cell.split(";").map((part) => {
      const m = /^\s*([\w-]+) x(\d+) \[([T\d ]+)\]\s*$/.exec(part);
      if (!m) throw new Error(`README anomaly "${part}" is not "name xN [T.. T..]"`);
      return [m[1] as string, `x${m[2]} [${sortMembers((m[3] as string).split(" "))}]`];
    }),
  );
}

const sortMembers = (names: readonly string[]) => [...new Set(names)].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))).join(" ");

for (const [folder, checker] of Object.entries(FOLDERS)) {
  describe(`${folder}: hand-worked fixtures (fixtures/histories/${folder}/README.md)`, () => {
    const dir = join(import.meta.dirname, "../../fixtures/histories", folder);
    const rows: Row[] = readFileSync(join(dir, "README.md"), "utf8")
      .split("\n")
      .map((line) => /^\| `([\w-]+\.jsonl)` \| ([\w-]+) \| (true|false|unknown) \| ([^|]+) \|/.exec(line))
      .filter((m) => m !== null)
      .map(([, file, model, verdict, anomalies]) => ({
        file: file as string,
        model: model as string,
        verdict: verdict as string,
        anomalies: parseAnomalies((anomalies as string).trim()),
      }));

    it("the README has a row for every fixture file, and every row's file exists", () => {
      const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
      expect([...new Set(rows.map((r) => r.file))].sort()).toEqual(files.sort());
      expect(rows.length).toBeGreaterThanOrEqual(files.length);
    });

    for (const row of rows) {
      it(`${row.file} under ${row.model}: ${row.verdict}, ${JSON.stringify(row.anomalies)}`, () => {
        const history = parseHistory(readFileSync(join(dir, row.file), "utf8"), row.file);
        const result = checker.check(history, { model: row.model });
        expect(String(result.valid)).toBe(row.verdict);
        const anomalies = (result.anomalies ?? {}) as Record<string, AnomalyReport>;
        const found = Object.fromEntries(
          Object.entries(anomalies).map(([name, r]) => [
            name,
            `x${r.count} [${sortMembers((r.cases[0]?.txns ?? []).map((t: TxnSummary) => t.name))}]`,
          ]),
        );
        expect(found).toEqual(row.anomalies);
      });
    }
  });
}
