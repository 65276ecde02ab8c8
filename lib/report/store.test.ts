import { mkdtemp, readFile, readlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setChecker } from "../checkers/set.ts";
import type { Checker } from "../checkers/verdict.ts";
import type { StartedContainer } from "../runtime/container.ts";
import { onHistoryClock, parseEventsJsonl } from "./engine-event.ts";
import { RunStore, stamp } from "./store.ts";

const meta = (runId: string) => ({ suite: "redis", scenario: "set", runId, target: "redis-7.0", images: [], config: { masters: 3 } });
const crashing: Checker<unknown> = {
  name: "crashing",
  check() {
    throw new Error("boom");
  },
};

describe("RunStore", () => {
  it("lays out a run directory at start: run.json, an empty history, logs/, and latest pointing at it", async () => {
    const root = await mkdtemp(join(tmpdir(), "fl-store-"));
    const store = await RunStore.open(meta("fl-a"), root, new Date("2026-11-27T14:05:09.123Z"));
    expect(store.dir).toBe(join(root, "redis", "20261127-140509-fl-a"));
    const run = JSON.parse(await readFile(join(store.dir, "run.json"), "utf8"));
    expect(run).toMatchObject({
      suite: "redis",
      scenario: "set",
      runId: "fl-a",
      target: "redis-7.0",
      startedAt: "2026-11-27T14:05:09.123Z",
    });
    expect(run.host.cpus).toBeGreaterThan(0);
    expect(await readFile(store.historyPath, "utf8")).toBe("");
    expect(await readlink(join(root, "redis", "latest"))).toBe("20261127-140509-fl-a");

    const second = await RunStore.open(meta("fl-b"), root, new Date("2026-11-27T15:00:00Z"));
    expect(await readlink(join(root, "redis", "latest"))).toBe("20261127-150000-fl-b");
    expect(second.dir).not.toBe(store.dir);
  });

  it("keeps the logs it is given and hands their texts back; events.jsonl on the history's clock", async () => {
    const store = await RunStore.open(meta("fl-ev"), await mkdtemp(join(tmpdir(), "fl-store-")));
    const line = "2026-12-03T19:30:14.115760689Z 1:S # Cluster state changed: fail\n";
    const container = { logs: async () => line } as unknown as StartedContainer;
    const texts = await store.captureLogs([{ name: "n1", container }]);
    expect(texts.get("n1")).toBe(line);
    expect(await readFile(join(store.dir, "logs", "n1.log"), "utf8")).toBe(line);

    const before = Date.now();
    const op = store.recorder.record({ process: 0, type: "invoke", f: "add", value: 1 });
    const origin = store.historyOriginMs();
    // The history's zero is no later than the op recorded after it, by the op's own clock.
    expect(origin + op.time / 1e6).toBeGreaterThanOrEqual(before - 1);
    expect(origin + op.time / 1e6).toBeLessThanOrEqual(Date.now() + 1);
    const events = onHistoryClock([{ node: "n1", kind: "cluster-fail", atMs: origin + 250, source: "log", text: "fail" }], origin);
    await store.saveEvents(events);
    expect(parseEventsJsonl(await readFile(join(store.dir, "events.jsonl"), "utf8"))).toEqual([{ ...events[0], time: 250_000_000 }]);
  });

  it("writes each op to history.jsonl as it is recorded, and judges what is on disk", async () => {
    const store = await RunStore.open(meta("fl-c"), await mkdtemp(join(tmpdir(), "fl-store-")));
    store.recorder.record({ process: 0, type: "invoke", f: "add", value: 1 });
    expect((await readFile(store.historyPath, "utf8")).trim().split("\n")).toHaveLength(1);
    store.recorder.record({ process: 0, type: "ok", f: "add", value: 1 });
    store.recorder.record({ process: 0, type: "invoke", f: "read" });
    store.recorder.record({ process: 0, type: "ok", f: "read", value: [] });
    const results = await store.judge([{ checker: setChecker, options: {} }], { readyMs: 1234 });
    expect(results.valid).toBe(false);
    expect(results.results.set?.lost).toEqual([1]);
    const saved = JSON.parse(await readFile(join(store.dir, "results.json"), "utf8"));
    expect(saved).toMatchObject({ valid: false, timings: { readyMs: 1234 } });
  });

  it("a checker that throws leaves history.jsonl intact and results.json unknown", async () => {
    const store = await RunStore.open(meta("fl-d"), await mkdtemp(join(tmpdir(), "fl-store-")));
    store.recorder.record({ process: 0, type: "invoke", f: "add", value: 1 });
    store.recorder.record({ process: 0, type: "ok", f: "add", value: 1 });
    const before = await readFile(store.historyPath, "utf8");
    const results = await store.judge([
      { checker: crashing, options: {} },
      { checker: setChecker, options: {} },
    ]);
    expect(results.valid).toBe("unknown");
    expect(results.results.crashing).toMatchObject({ valid: "unknown", reason: "checker crashed: boom" });
    expect(await readFile(store.historyPath, "utf8")).toBe(before);
    expect(JSON.parse(await readFile(join(store.dir, "results.json"), "utf8")).valid).toBe("unknown");
  });

  it("a history that cannot be loaded is judged unknown, with the loader's reason", async () => {
    const store = await RunStore.open(meta("fl-e"), await mkdtemp(join(tmpdir(), "fl-store-")));
    await writeFile(store.historyPath, '{"index":0,"process":0,"type":"ok","f":"add","value":1,"time":1}\n');
    const results = await store.judge([{ checker: setChecker, options: {} }]);
    expect(results.valid).toBe("unknown");
    expect(results.reason).toContain("line 1: ok of add on process 0 completes no invoke");
  });

  it("finish adds the end time and what the run adds", async () => {
    const store = await RunStore.open(meta("fl-f"), await mkdtemp(join(tmpdir(), "fl-store-")));
    await store.finish({ valid: true });
    const run = JSON.parse(await readFile(join(store.dir, "run.json"), "utf8"));
    expect(run.valid).toBe(true);
    expect(typeof run.endedAt).toBe("string");
    expect(stamp(new Date("2026-01-02T03:04:05Z"))).toBe("20260102-030405");
  });
});

describe("RunStore: secrets never reach the run's files", () => {
  it("a --set requirepass, a wsrep_sst_auth and a tls-key-file-pass are redacted in run.json (at open and finish) and results.json; paths are kept", async () => {
    const secretMeta = {
      ...meta("fl-secret"),
      config: {
        topology: { settings: { requirepass: "hunter2", "tls-key-file-pass": "pp-2", "tls-key-file": "/etc/redis/k.pem" } },
        flags: { set: ["wsrep_sst_auth=root:pw-3"] },
      },
    };
    const store = await RunStore.open(secretMeta, await mkdtemp(join(tmpdir(), "fl-store-")));
    await store.finish({ valid: true, extra: { masterauth: "ma-4" } });
    const results = await store.judge([{ checker: setChecker, options: {} }]);
    const files = [await readFile(join(store.dir, "run.json"), "utf8"), await readFile(join(store.dir, "results.json"), "utf8")];
    for (const text of files) for (const secret of ["hunter2", "pp-2", "root:pw-3", "ma-4"]) expect(text).not.toContain(secret);
    const run = JSON.parse(files[0] as string);
    expect(run.config.topology.settings).toEqual({
      requirepass: "<redacted>",
      "tls-key-file-pass": "<redacted>",
      "tls-key-file": "/etc/redis/k.pem",
    });
    expect(run.extra.masterauth).toBe("<redacted>");
    expect(JSON.stringify(store.meta)).not.toContain("hunter2");
    expect(results.valid).toBe("unknown");
  });
});
