import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RegisterKeyResult, registerChecker } from "../../lib/checkers/register.ts";
import { runChecker } from "../../lib/checkers/verdict.ts";
import { clusterClient } from "../../lib/clusters/redis/cluster-client.ts";
import { isMaster } from "../../lib/clusters/redis/cluster-nodes.ts";
import { nodeClient, probe } from "../../lib/clusters/redis/node-client.ts";
import { RedisClusterBuilder, type StartedRedisCluster } from "../../lib/clusters/redis/redis-cluster.ts";
import { DEFAULT_REDIS_TOPOLOGY } from "../../lib/clusters/redis/topology.ts";
import { errorMessage } from "../../lib/core/errors.ts";
import { parseHistory } from "../../lib/history/loader.ts";
import type { Op } from "../../lib/history/op.ts";
import { HistoryRecorder } from "../../lib/history/recorder.ts";
import { isolate } from "../../lib/mesh/grudge.ts";
import { Nemesis } from "../../lib/mesh/nemesis.ts";
import { imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";
import { clearRegisters, registerKey, runRedisRegister } from "../../lib/workloads/redis-register.ts";

const KEYS = 4;
const WORKLOAD = { workers: 6, keys: KEYS, opTimeoutMs: 2000, pauseMs: 5 };

/** ok / fail / info completions per f, e.g. "cas ok 120 fail 80 info 3". */
function tally(ops: readonly Op[]): string {
  const counts = new Map<string, number>();
  for (const op of ops)
    if (op.type !== "invoke" && op.process !== "nemesis") counts.set(`${op.f} ${op.type}`, (counts.get(`${op.f} ${op.type}`) ?? 0) + 1);
  return ["read", "write", "cas"]
    .map((f) => `${f} ${["ok", "fail", "info"].map((t) => `${t} ${counts.get(`${f} ${t}`) ?? 0}`).join(" ")}`)
    .join("; ");
}

/**
 * The register workload (GET / SET / Lua cas on a few keys) against a real Redis Cluster,
 * judged by the linearizability checker: linearizable on a healthy cluster, a planted
 * violation caught and named, and a verdict (not "unknown") after a master is cut off.
 */
describe("register workload on Redis Cluster", () => {
  let runtime: Runtime;
  let cluster: StartedRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    runtime = await Runtime.open();
    cluster = await new RedisClusterBuilder({ ...DEFAULT_REDIS_TOPOLOGY, nodeTimeoutMs: 2000 }).start(runtime, imageResolver(runtime));
    client = clusterClient(cluster.nodes);
  });
  afterAll(async () => {
    client?.disconnect();
    await runtime?.close();
  });

  it("is linearizable on a healthy cluster", async () => {
    await clearRegisters(client, KEYS);
    const history = new HistoryRecorder();
    await runRedisRegister(client, history, { ...WORKLOAD, durationMs: 4000, seed: 1 });
    const ops = history.ops();
    const result = runChecker(registerChecker, ops, {});
    console.log(`healthy: ${ops.length} ops (${tally(ops)}); register ${String(result.valid)}, ${result.opCount} ops placed`);

    expect(result.valid).toBe(true);
    // Enough of each kind to mean something: cas both applied and refused, reads of written values.
    const completions = ops.filter((o) => o.type !== "invoke");
    expect(completions.filter((o) => o.f === "cas" && o.type === "ok").length).toBeGreaterThan(10);
    expect(completions.filter((o) => o.f === "cas" && o.type === "fail").length).toBeGreaterThan(0);
    expect(completions.filter((o) => o.f === "read" && o.type === "ok" && typeof o.value === "number").length).toBeGreaterThan(10);
    expect(completions.filter((o) => o.type === "info")).toEqual([]);
    expect(Object.keys(result.keys as object).sort()).toEqual(Array.from({ length: KEYS }, (_, n) => registerKey(n)));
  });

  it("names a planted violation: a read of a value never written", async () => {
    await clearRegisters(client, KEYS);
    const history = new HistoryRecorder();
    await runRedisRegister(client, history, { ...WORKLOAD, durationMs: 2000, seed: 100 });
    expect(runChecker(registerChecker, history.ops(), {}).valid).toBe(true);

    // A foreign value cannot be planted on the server behind the cluster's back: in cluster
    // mode a replica answers a write to its master's slot with MOVED (READONLY is what a
    // non-cluster replica says), and the register is untouched.
    const key = registerKey(0);
    const before = await client.get(key);
    const slot = Number(await probe(cluster.nodes[0]?.ip ?? "", cluster.topology.port, "CLUSTER", "KEYSLOT", key));
    const [view] = await cluster.snapshot();
    const master = view?.nodes.find((n) => isMaster(n) && n.slots.some(([a, b]) => a <= slot && slot <= b));
    const replica = view?.nodes.find((n) => n.masterId === master?.id);
    expect(replica).toBeDefined();
    const raw = nodeClient(replica?.ip ?? "", replica?.port ?? 0);
    raw.on("error", () => {});
    let refusal = "";
    try {
      await raw.connect();
      await raw.set(key, "999999");
    } catch (error) {
      refusal = errorMessage(error);
    } finally {
      raw.disconnect();
    }
    console.log(`raw SET ${key} on replica ${replica?.ip}: ${refusal || "accepted"}`);
    expect(refusal).toMatch(new RegExp(`^MOVED ${slot} ${master?.ip}:${master?.port}$`));
    expect(await client.get(key)).toBe(before);

    // THE INJECTED VIOLATION: appended to the recorded history, not done on the server. A read
    // by a process the workload never uses, after every op, of a value no op ever wrote.
    const neverWritten = 987_654_321;
    const injected = history.record({ process: 99, type: "invoke", f: "read", key });
    history.record({ process: 99, type: "ok", f: "read", key, value: neverWritten });

    const result = runChecker(registerChecker, history.ops(), {});
    expect(result.valid).toBe(false);
    const keys = result.keys as Record<string, RegisterKeyResult>;
    expect(keys[key]?.valid).toBe(false);
    expect(keys[key]?.violation?.ops.map((o) => o.index)).toEqual([injected.index]);
    expect(result.reason).toContain(`read ${neverWritten} by process 99 (index ${injected.index})`);
    // The other registers are still linearizable.
    for (let n = 1; n < KEYS; n++) expect(keys[registerKey(n)]?.valid).toBe(true);
  });

  /**
   * Not asserted linearizable: Redis Cluster may lose acknowledged writes when it fails over.
   * With node-timeout 2 s, whether 3 s of isolation ends before or after the replica is
   * promoted is a matter of timing (seen both ways, both linearizable); a 10 s isolation
   * (tried by hand) promoted it and the checker named a write acknowledged by the cut-off master, then lost.
   */
  it("reaches a verdict when a master is cut off by the mesh for 3 s, and the history loads", async () => {
    await clearRegisters(client, KEYS);
    const dir = await mkdtemp(join(tmpdir(), "faultline-register-"));
    try {
      const path = join(dir, "history.jsonl");
      const history = new HistoryRecorder({ path });
      const nemesis = new Nemesis(cluster.mesh, new Map(cluster.nodes.map((n) => [n.name, n.container])), history);
      const names = cluster.nodes.map((n) => n.name);
      const primariesBefore = await cluster.primaries();
      const victim = primariesBefore[0] ?? "n1";

      await Promise.all([
        runRedisRegister(client, history, { ...WORKLOAD, opTimeoutMs: 1000, durationMs: 8000, seed: 300 }),
        (async () => {
          await sleep(1500);
          await nemesis.partition(isolate(names, victim), "reset");
          await sleep(3000);
          await nemesis.heal();
        })(),
      ]);
      await cluster.waitForReady(60_000);
      const primariesAfter = await cluster.primaries();
      // Reads and writes on the recovered cluster: what they see is what the writes before left.
      await runRedisRegister(client, history, { ...WORKLOAD, durationMs: 2000, seed: 400 });

      const ops = parseHistory(await readFile(path, "utf8"), path);
      expect(ops).toHaveLength(history.ops().length);
      const result = runChecker(registerChecker, ops, {});
      const keys = result.keys as Record<string, RegisterKeyResult>;
      console.log(
        [
          `partition of ${victim} (primaries before ${primariesBefore.join(",")}, after ${primariesAfter.join(",")})`,
          `${ops.length} ops (${tally(ops)})`,
          `register ${String(result.valid)}: ${result.opCount} ops placed, ${result.states} states`,
          ...Object.entries(keys).map(
            ([k, r]) => `  ${k}: ${String(r.valid)} (${r.opCount} placed, ${r.omitted} omitted)${r.reason ? ` ${r.reason}` : ""}`,
          ),
        ].join("\n"),
      );
      expect([true, false]).toContain(result.valid);
      expect(ops.filter((o) => o.process === "nemesis").map((o) => `${o.type} ${o.f}`)).toEqual([
        "invoke partition",
        "info partition",
        "invoke heal",
        "info heal",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
