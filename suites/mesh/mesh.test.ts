import { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../lib/core/deadline.ts";
import { HistoryRecorder } from "../../lib/history/recorder.ts";
import { isolate } from "../../lib/mesh/grudge.ts";
import { type StartedMesh, startMesh } from "../../lib/mesh/mesh.ts";
import { Nemesis } from "../../lib/mesh/nemesis.ts";
import { runSchedule, scriptedSchedule } from "../../lib/mesh/schedule.ts";
import { latency } from "../../lib/mesh/toxics.ts";
import { ContainerBuilder, type StartedContainer } from "../../lib/runtime/container.ts";
import { imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";

/**
 * Three plain TCP servers (redis-server as a PING responder) on the mesh: a, b, c. Probes run
 * inside the node containers, so they take the same DNAT -> proxy path as cluster traffic.
 */
const NAMES = ["a", "b", "c"] as const;
type Name = (typeof NAMES)[number];

let runtime: Runtime;
let mesh: StartedMesh;
let nemesis: Nemesis;
let history: HistoryRecorder;
const nodes = new Map<string, StartedContainer>();
const ip: Record<string, string> = {};

/** PING from one node to another; "PONG", or the failure in words. 3 s cap so a blackhole shows as a timeout. */
async function ping(from: Name, to: Name): Promise<string> {
  const r = await (nodes.get(from) as StartedContainer).exec(["timeout", "3", "redis-cli", "-h", ip[to] as string, "-p", "6379", "PING"]);
  if (r.exitCode === 124) return "timeout";
  return (r.stdout + r.stderr).trim();
}

/**
 * Mean round trip in ms from `from` to `to`, sampled by `redis-cli --latency` for one second on
 * one persistent connection inside the node's container: the link itself, without process start-up.
 */
async function meanRttMs(from: Name, to: Name): Promise<number> {
  const r = await (nodes.get(from) as StartedContainer).exec(["redis-cli", "-h", ip[to] as string, "-p", "6379", "--latency", "--raw"]);
  const [, , avg, samples] = r.stdout.trim().split(/\s+/).map(Number);
  if (!(Number(samples) > 0)) throw new Error(`no latency samples from ${from} to ${to}: ${r.stdout}${r.stderr}`);
  return avg as number;
}

async function allPairs(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const from of NAMES) for (const to of NAMES) if (from !== to) out[`${from}->${to}`] = await ping(from, to);
  return out;
}

beforeAll(async () => {
  runtime = await Runtime.open();
  const images = imageResolver(runtime);
  const redis = await images.resolve("redis-7.0");
  const network = await runtime.createNetwork("mesh");
  const meshNodes = NAMES.map((name, i) => ({ name, ip: network.address(11 + i) }));
  for (const n of meshNodes) ip[n.name] = n.ip;
  mesh = await startMesh(runtime, network, images, { nodes: meshNodes, peerPorts: [6379], clientPorts: [6379] });
  for (const name of NAMES) {
    nodes.set(
      name,
      await new ContainerBuilder(redis.ref, `mesh-${name}`)
        .withNetworkOf(mesh.sidecarOf(name))
        .withCommand(["redis-server", "--port", "6379", "--protected-mode", "no", "--save", ""])
        .start(runtime),
    );
  }
  history = new HistoryRecorder();
  nemesis = new Nemesis(mesh, nodes, history);
  await pollUntil(
    async () => {
      const pairs = await allPairs();
      const bad = Object.entries(pairs).filter(([, v]) => v !== "PONG");
      return bad.length === 0 ? { done: true, value: pairs } : { done: false, reason: JSON.stringify(bad) };
    },
    { what: "every node to reach every other through the mesh", timeoutMs: 30_000, intervalMs: 200 },
  );
});

afterAll(async () => {
  await runtime?.close();
});

describe("link mesh on real containers", () => {
  it("declares one proxy per ordered pair of nodes and port, plus client links, in Toxiproxy", async () => {
    const proxies = await mesh.api.getAll();
    expect(Object.keys(proxies).sort()).toEqual(
      [
        "a_to_b_6379",
        "a_to_c_6379",
        "b_to_a_6379",
        "b_to_c_6379",
        "c_to_a_6379",
        "c_to_b_6379",
        "client_to_a_6379",
        "client_to_b_6379",
        "client_to_c_6379",
      ].sort(),
    );
  });

  it("isolating a (reset): a cannot connect to b or c, they cannot reach a, b <-> c still works; heal restores every link", async () => {
    await nemesis.partition(isolate([...NAMES], "a"), "reset");
    const cut = await allPairs();
    for (const pair of ["a->b", "a->c", "b->a", "c->a"]) expect(cut[pair], pair).toMatch(/refused|reset|closed|Error/i);
    expect(cut["b->c"]).toBe("PONG");
    expect(cut["c->b"]).toBe("PONG");
    await nemesis.heal();
    expect(Object.values(await allPairs())).toEqual(Array(6).fill("PONG"));
  });

  it("isolating a (blackhole): connections to and from a hang instead of failing; b <-> c still works", async () => {
    await nemesis.partition(isolate([...NAMES], "a"), "blackhole");
    const cut = await allPairs();
    for (const pair of ["a->b", "a->c", "b->a", "c->a"]) expect(cut[pair], pair).toBe("timeout");
    expect(cut["b->c"]).toBe("PONG");
    await nemesis.heal();
    expect(Object.values(await allPairs())).toEqual(Array(6).fill("PONG"));
  });

  it("in blackhole mode an established connection stays open and carries nothing; heal closes it and new connections work", async () => {
    const address = mesh.linkAddress("b_to_a_6379");
    const socket = new Socket();
    let received = "";
    let closed = false;
    socket.on("data", (d) => {
      received += d.toString();
    });
    socket.on("close", () => {
      closed = true;
    });
    await new Promise<void>((resolve, reject) => socket.connect(address.port, address.host, resolve).once("error", reject));
    const waitFor = (text: string, ms: number) =>
      pollUntil(
        async () =>
          received.includes(text) ? { done: true, value: true } : { done: false, reason: `received ${JSON.stringify(received)}` },
        {
          what: `"${text}" on the connection`,
          timeoutMs: ms,
          intervalMs: 20,
        },
      );
    try {
      socket.write("PING\r\n");
      await waitFor("+PONG", 3000);
      received = "";
      await nemesis.partition(isolate([...NAMES], "a"), "blackhole");
      socket.write("PING\r\n");
      await expect(waitFor("+PONG", 1500)).rejects.toThrow(/timed out/);
      expect(received).toBe("");
      expect(closed).toBe(false);
      // Toxiproxy closes a blackholed connection when the toxic goes: the bytes it dropped left the stream corrupt.
      await nemesis.heal();
      await pollUntil(async () => (closed ? { done: true, value: true } : { done: false, reason: "still open" }), {
        what: "the blackholed connection to be closed on heal",
        timeoutMs: 3000,
      });
      const fresh = await ping("b", "a");
      expect(fresh).toBe("PONG");
    } finally {
      socket.destroy();
    }
  });

  it("a 200 ms latency toxic on a -> b raises that round trip by at least 200 ms and leaves b -> c unchanged", async () => {
    const baseAB = await meanRttMs("a", "b");
    const baseBC = await meanRttMs("b", "c");
    await nemesis.toxic({ link: "a_to_b_6379" }, latency(200));
    const slowAB = await meanRttMs("a", "b");
    const slowBC = await meanRttMs("b", "c");
    await nemesis.heal();
    expect(slowAB - baseAB, `a->b ${baseAB} -> ${slowAB} ms`).toBeGreaterThanOrEqual(200);
    expect(slowBC - baseBC, `b->c ${baseBC} -> ${slowBC} ms`).toBeLessThan(100);
    expect(await meanRttMs("a", "b")).toBeLessThan(baseAB + 100);
  });

  it("kill and pause act on the named container only, and heal brings them back", async () => {
    const b = nodes.get("b") as StartedContainer;
    const c = nodes.get("c") as StartedContainer;
    await nemesis.processFault("kill", ["b"]);
    const killed = await runtime.docker.getContainer(b.id).inspect();
    expect(killed.State.Running).toBe(false);
    expect(killed.State.ExitCode).toBe(137);
    expect((await runtime.docker.getContainer(c.id).inspect()).State.Running).toBe(true);
    expect(await ping("a", "b")).toMatch(/refused|reset|Error/i);

    await nemesis.processFault("pause", ["c"]);
    expect((await runtime.docker.getContainer(c.id).inspect()).State.Paused).toBe(true);
    expect((await runtime.docker.getContainer(b.id).inspect()).State.Paused).toBe(false);
    expect(await ping("a", "c")).toBe("timeout");

    await nemesis.heal();
    expect((await runtime.docker.getContainer(b.id).inspect()).State.Running).toBe(true);
    expect((await runtime.docker.getContainer(c.id).inspect()).State.Paused).toBe(false);
    await pollUntil(
      async () => ((await ping("a", "b")) === "PONG" ? { done: true, value: 1 } : { done: false, reason: await ping("a", "b") }),
      {
        what: "b to answer again through the mesh after its restart",
        timeoutMs: 15_000,
      },
    );
    expect(await ping("a", "c")).toBe("PONG");
  });

  it("records every fault as nemesis invoke/info pairs, in order, with monotonic times", () => {
    const ops = history.ops();
    expect(ops.map((o) => `${o.type} ${o.f}`)).toEqual([
      "invoke partition",
      "info partition",
      "invoke heal",
      "info heal",
      "invoke partition",
      "info partition",
      "invoke heal",
      "info heal",
      "invoke partition",
      "info partition",
      "invoke heal",
      "info heal",
      "invoke toxic",
      "info toxic",
      "invoke heal",
      "info heal",
      "invoke kill",
      "info kill",
      "invoke pause",
      "info pause",
      "invoke heal",
      "info heal",
    ]);
    expect(ops.every((o) => o.process === "nemesis")).toBe(true);
    for (let i = 1; i < ops.length; i++)
      expect((ops[i] as { time: number }).time).toBeGreaterThanOrEqual((ops[i - 1] as { time: number }).time);
    const firstCut = ops[1]?.value as { nodes: string[]; links: string[] };
    expect(firstCut.nodes).toEqual(["a", "b", "c"]);
    expect(firstCut.links).toEqual(["a_to_b_6379/upstream", "a_to_c_6379/upstream", "b_to_a_6379/upstream", "c_to_a_6379/upstream"]);
    expect((ops[19]?.value as { nodes: string[] } | undefined)?.nodes).toEqual(["c"]);
    expect((ops[21]?.value as { nodes: string[] } | undefined)?.nodes).toEqual(["b", "c"]);
  });

  it("stop and restart act on the named container; heal starts the stopped one", async () => {
    const a = nodes.get("a") as StartedContainer;
    const c = nodes.get("c") as StartedContainer;
    const startedBefore = (await runtime.docker.getContainer(c.id).inspect()).State.StartedAt;
    await nemesis.processFault("stop", ["a"]);
    await nemesis.processFault("restart", ["c"]);
    const stopped = await runtime.docker.getContainer(a.id).inspect();
    expect(stopped.State.Running).toBe(false);
    const restarted = await runtime.docker.getContainer(c.id).inspect();
    expect(restarted.State.Running).toBe(true);
    expect(restarted.State.StartedAt).not.toBe(startedBefore);
    expect([...nemesis.faultedNodes.keys()]).toEqual(["a"]);
    await nemesis.heal();
    expect((await runtime.docker.getContainer(a.id).inspect()).State.Running).toBe(true);
    expect(nemesis.faultedNodes.size).toBe(0);
    await pollUntil(
      async () => ((await ping("b", "a")) === "PONG" ? { done: true, value: 1 } : { done: false, reason: await ping("b", "a") }),
      {
        what: "a to answer again after the heal restarted it",
        timeoutMs: 15_000,
      },
    );
  });

  it("runs a scripted schedule against the clock, in order, ending with a full heal", async () => {
    const ops = new HistoryRecorder();
    const scheduled = new Nemesis(mesh, nodes, ops);
    const schedule = scriptedSchedule([
      { atMs: 0, action: { kind: "partition", grudge: isolate([...NAMES], "b"), mode: "reset" } },
      { atMs: 400, action: { kind: "heal" } },
      { atMs: 500, action: { kind: "process", fault: "pause", nodes: ["c"] } },
    ]);
    const started = Date.now();
    await runSchedule(scheduled, schedule);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(ops.ops().map((o) => `${o.type} ${o.f}`)).toEqual([
      "invoke partition",
      "info partition",
      "invoke heal",
      "info heal",
      "invoke pause",
      "info pause",
      "invoke heal",
      "info heal",
    ]);
    const heal = ops.ops().find((o) => o.f === "heal" && o.type === "invoke" && o.index > 2);
    const pauseDone = ops.ops().find((o) => o.f === "pause" && o.type === "info");
    expect((heal?.time ?? 0) >= (pauseDone?.time ?? Number.POSITIVE_INFINITY)).toBe(true);
    expect(Object.values(await allPairs())).toEqual(Array(6).fill("PONG"));
  });
});
