import type { Cluster } from "ioredis";
import { describe, expect, it } from "vitest";
import { registerChecker } from "../checkers/register.ts";
import { runChecker } from "../checkers/verdict.ts";
import { seededRandom } from "../core/random.ts";
import { parseHistory } from "../history/loader.ts";
import { HistoryRecorder } from "../history/recorder.ts";
import {
  CAS_SCRIPT,
  casOutcome,
  chooseOp,
  clearRegisters,
  OP_MIX,
  type RegisterChoice,
  registerKey,
  registerValue,
  runRedisRegister,
} from "./redis-register.ts";

const draws = (seed: number, lastSeen: readonly (number | null | undefined)[], n: number): RegisterChoice[] => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => chooseOp(random, lastSeen));
};
const share = (choices: readonly RegisterChoice[], f: RegisterChoice["f"]) => choices.filter((c) => c.f === f).length / choices.length;

describe("chooseOp", () => {
  it("replays from a seed: the same seed, the same ops", () => {
    const seen = [3, null, 7, undefined];
    expect(draws(42, seen, 200)).toEqual(draws(42, seen, 200));
    expect(draws(42, seen, 200)).not.toEqual(draws(43, seen, 200));
    // Pinned: a change of the mix or of how it draws shows here.
    expect(draws(42, [5, 6], 8)).toEqual([
      { f: "write", key: 1 },
      { f: "write", key: 1 },
      { f: "write", key: 0 },
      { f: "write", key: 0 },
      { f: "write", key: 1 },
      { f: "cas", key: 0, expected: 5 },
      { f: "read", key: 1 },
      { f: "write", key: 0 },
    ]);
  });

  it("mixes reads, writes and cas as OP_MIX says, over every key", () => {
    const choices = draws(7, [1, 2, 3, 4], 20_000);
    expect(share(choices, "read")).toBeCloseTo(OP_MIX.read, 1);
    expect(share(choices, "write")).toBeCloseTo(OP_MIX.write, 1);
    expect(share(choices, "cas")).toBeCloseTo(OP_MIX.cas, 1);
    for (let key = 0; key < 4; key++) expect(choices.filter((c) => c.key === key).length / choices.length).toBeCloseTo(0.25, 1);
  });

  it("expects in a cas the value last seen on that key", () => {
    const seen = [10, 20, 30];
    for (const c of draws(1, seen, 2000)) if (c.f === "cas") expect(c.expected).toBe(seen[c.key]);
  });

  it("never draws a cas on a key with no number seen (nothing yet, or read missing): it reads instead", () => {
    const choices = draws(3, [undefined, null], 5000);
    expect(share(choices, "cas")).toBe(0);
    expect(share(choices, "read")).toBeCloseTo(OP_MIX.read + OP_MIX.cas, 1);
    // Keys with a number still get cas.
    expect(
      draws(3, [undefined, 9], 5000)
        .filter((c) => c.f === "cas")
        .every((c) => c.key === 1 && c.expected === 9),
    ).toBe(true);
  });

  it("needs a key", () => {
    expect(() => chooseOp(seededRandom(1), [])).toThrow(RangeError);
  });
});

describe("cas and read replies", () => {
  it("maps the Lua cas reply: 1 applied (ok), 0 not applied (fail), anything else unknown (info)", () => {
    expect(casOutcome(1)).toBe("ok");
    expect(casOutcome(0)).toBe("fail");
    expect(casOutcome("1")).toBe("info");
    expect(casOutcome(null)).toBe("info");
    expect(casOutcome(2)).toBe("info");
  });

  it("is the compare-and-set the brief names, one key and two arguments", () => {
    expect(CAS_SCRIPT).toBe(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]); return 1 else return 0 end",
    );
  });

  it("reads a missing key as null and an integer as a number; a stray string stays visible", () => {
    expect(registerValue(null)).toBeNull();
    expect(registerValue("17")).toBe(17);
    expect(registerValue("-3")).toBe(-3);
    expect(registerValue("abc")).toBe("abc");
  });
});

/** An in-memory stand-in for the ioredis Cluster: one map, the cas script run in JS, optional injected errors. */
function fakeCluster(options: { failEvery?: number; hangEvery?: number } = {}) {
  const data = new Map<string, string>();
  let calls = 0;
  const defined: { name: string; numberOfKeys: number; lua: string }[] = [];
  const maybeFault = <T>(result: () => T): Promise<T> => {
    calls++;
    if (options.failEvery && calls % options.failEvery === 0) {
      return Promise.reject(Object.assign(new Error("CLUSTERDOWN The cluster is down"), { name: "ReplyError" }));
    }
    if (options.hangEvery && calls % options.hangEvery === 0) return new Promise<T>(() => {});
    return Promise.resolve(result());
  };
  const client: Record<string, unknown> = {
    get: (key: string) => maybeFault(() => data.get(key) ?? null),
    set: (key: string, value: string) =>
      maybeFault(() => {
        data.set(key, value);
        return "OK";
      }),
    del: (key: string) => Promise.resolve(data.delete(key) ? 1 : 0),
    defineCommand(name: string, definition: { numberOfKeys: number; lua: string }) {
      defined.push({ name, ...definition });
      client[name] = (key: string, expected: string, next: string) =>
        maybeFault(() => {
          if (data.get(key) !== expected) return 0;
          data.set(key, next);
          return 1;
        });
    },
  };
  return { client: client as unknown as Cluster, data, defined };
}

const jsonl = (history: HistoryRecorder) =>
  history
    .ops()
    .map((op) => `${JSON.stringify(op)}\n`)
    .join("");
const options = { workers: 4, durationMs: 150, keys: 2, opTimeoutMs: 50, pauseMs: 1, seed: 5 };

describe("runRedisRegister (against an in-memory client)", () => {
  it("records a loadable, linearizable register history with reads, writes and cas, ok and fail", async () => {
    const { client, defined } = fakeCluster();
    const history = new HistoryRecorder();
    await runRedisRegister(client, history, options);
    // A second run into the same history (the client reused: the script is defined once).
    await runRedisRegister(client, history, { ...options, durationMs: 30, seed: 9 });
    expect(defined).toEqual([{ name: expect.any(String), numberOfKeys: 1, lua: CAS_SCRIPT }]);

    const ops = parseHistory(jsonl(history));
    const completions = ops.filter((o) => o.type !== "invoke");
    for (const f of ["read", "write", "cas"]) expect(completions.some((o) => o.f === f && o.type === "ok")).toBe(true);
    expect(completions.some((o) => o.f === "cas" && o.type === "fail")).toBe(true);
    expect(new Set(ops.map((o) => o.key))).toEqual(new Set([registerKey(0), registerKey(1)]));
    expect(new Set(ops.map((o) => o.process))).toEqual(new Set([0, 1, 2, 3]));
    // Values are JSON numbers; the first reads of a key find it missing (null).
    for (const o of ops.filter((o) => o.f === "write")) expect(typeof o.value).toBe("number");
    for (const o of ops.filter((o) => o.f === "cas")) expect(o.value).toEqual([expect.any(Number), expect.any(Number)]);
    expect(completions.some((o) => o.f === "read" && o.type === "ok" && o.value === null)).toBe(true);
    // Every value written is written once, across both runs.
    const written = ops
      .filter((o) => o.type === "invoke" && o.f !== "read")
      .map((o) => (o.f === "cas" ? (o.value as number[])[1] : o.value));
    expect(new Set(written).size).toBe(written.length);

    expect(runChecker(registerChecker, ops, {})).toMatchObject({ valid: true });
  });

  it("records a refused command as fail and one without a reply as info, and still checks linearizable", async () => {
    const { client } = fakeCluster({ failEvery: 7, hangEvery: 11 });
    const history = new HistoryRecorder();
    await runRedisRegister(client, history, options);
    const ops = parseHistory(jsonl(history));
    const failed = ops.filter((o) => o.type === "fail" && o.error?.startsWith("CLUSTERDOWN"));
    const timedOut = ops.filter((o) => o.type === "info");
    expect(failed.length).toBeGreaterThan(0);
    expect(timedOut.length).toBeGreaterThan(0);
    for (const o of timedOut) expect(o.error).toMatch(/timed out after [\d.]+ s waiting for (read|write|cas) fl:reg:\d/);
    // A read without a reply carries no value; a write or cas keeps what it tried.
    for (const o of [...failed, ...timedOut]) expect(o.value === undefined).toBe(o.f === "read");
    expect(runChecker(registerChecker, ops, {})).toMatchObject({ valid: true });
  });

  it("stops at once when the signal is aborted, every invoke completed", async () => {
    const { client } = fakeCluster();
    const history = new HistoryRecorder();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const started = Date.now();
    await runRedisRegister(client, history, { ...options, durationMs: 10_000 }, abort.signal);
    expect(Date.now() - started).toBeLessThan(1000);
    const ops = history.ops();
    expect(ops.filter((o) => o.type === "invoke").length * 2).toBe(ops.length);
  });

  it("clearRegisters deletes every register", async () => {
    const { client, data } = fakeCluster();
    data.set(registerKey(0), "1");
    data.set(registerKey(2), "2");
    data.set("other", "3");
    await clearRegisters(client, 3);
    expect([...data.keys()]).toEqual(["other"]);
  });
});
