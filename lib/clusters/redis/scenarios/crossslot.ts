import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { isMaster } from "../cluster-nodes.ts";
import { nodeClient, probe } from "../node-client.ts";
import type { StartedRedisCluster } from "../redis-cluster.ts";
import type { RedisScenario } from "./scenario.ts";

/** Keys of different slots ("a" is slot 15495, "b" slot 3300), and two that share one through a hash tag. */
export const CROSS_SLOT_PAIRS: ReadonlyArray<[string, string]> = [
  ["a", "1"],
  ["b", "2"],
];
export const SAME_SLOT_PAIRS: ReadonlyArray<[string, string]> = [
  ["{user1}:a", "1"],
  ["{user1}:b", "2"],
];

/** One command sent to one node, as the server answered it (after following at most one MOVED). */
export interface NodeReply {
  keys: string[];
  /** CLUSTER KEYSLOT of each key. */
  slots: number[];
  /** Node the command was sent to first (owner of the first key's slot), and any it was redirected to. */
  nodes: string[];
  /** The reply, when the server accepted the command. */
  reply?: string;
  /** The exact error text, when the server refused it. */
  error?: string;
  /** MOVED/ASK errors followed on the way. */
  redirects: string[];
}

export interface CrossSlotObservation {
  /** `MSET a 1 b 2` sent straight to a node. */
  crossSlot: NodeReply;
  /** `MSET {user1}:a 1 {user1}:b 2` sent straight to a node. */
  sameSlot: NodeReply;
  /** MGET of the hash-tagged keys afterwards, from the same node. */
  readBack: Array<string | null>;
  expected: string[];
  /** What the cluster client (ioredis Cluster) made of the cross-slot MSET: refused client- or server-side. */
  clusterClient?: { reply?: string; error?: string };
}

/**
 * Judges `crossslot` (pure): the cross-slot MSET refused by the server with a CROSSSLOT error,
 * the hash-tagged one (one slot) accepted with OK and both values read back. Keys that do not
 * in fact fall into different slots, or the same one, make the test meaningless: "unknown".
 */
export function judgeCrossSlot(o: CrossSlotObservation): CheckResult {
  const findings = {
    crossSlotKeys: o.crossSlot.keys,
    crossSlotSlots: o.crossSlot.slots,
    crossSlotNodes: o.crossSlot.nodes,
    crossSlotError: o.crossSlot.error ?? null,
    crossSlotReply: o.crossSlot.reply ?? null,
    sameSlotKeys: o.sameSlot.keys,
    sameSlotSlots: o.sameSlot.slots,
    sameSlotNodes: o.sameSlot.nodes,
    sameSlotReply: o.sameSlot.reply ?? null,
    sameSlotError: o.sameSlot.error ?? null,
    redirects: [...o.crossSlot.redirects, ...o.sameSlot.redirects],
    readBack: o.readBack,
    expected: o.expected,
    ...(o.clusterClient ? { clusterClientReply: o.clusterClient.reply ?? null, clusterClientError: o.clusterClient.error ?? null } : {}),
  };
  if (new Set(o.crossSlot.slots).size < 2) {
    return { checker: "crossslot", valid: "unknown", reason: `the keys ${o.crossSlot.keys.join(", ")} share one slot`, ...findings };
  }
  if (new Set(o.sameSlot.slots).size !== 1) {
    return { checker: "crossslot", valid: "unknown", reason: `the keys ${o.sameSlot.keys.join(", ")} are not in one slot`, ...findings };
  }
  const reasons: string[] = [];
  if (o.crossSlot.error === undefined) {
    reasons.push(`MSET of ${o.crossSlot.keys.join(", ")} (slots ${o.crossSlot.slots.join(", ")}) was accepted: ${o.crossSlot.reply}`);
  } else if (!o.crossSlot.error.startsWith("CROSSSLOT")) {
    reasons.push(`MSET of ${o.crossSlot.keys.join(", ")} was refused, but not with CROSSSLOT: ${o.crossSlot.error}`);
  }
  if (o.clusterClient && o.clusterClient.error === undefined) {
    reasons.push(`the cluster client's cross-slot MSET was accepted: ${o.clusterClient.reply}`);
  }
  if (o.sameSlot.reply !== "OK") {
    reasons.push(
      `MSET of ${o.sameSlot.keys.join(", ")} (slot ${o.sameSlot.slots[0]}) was not accepted: ${o.sameSlot.error ?? o.sameSlot.reply}`,
    );
  } else if (o.readBack.length !== o.expected.length || o.readBack.some((v, i) => v !== o.expected[i])) {
    reasons.push(`read back ${JSON.stringify(o.readBack)}, expected ${JSON.stringify(o.expected)}`);
  }
  return { checker: "crossslot", valid: reasons.length === 0, ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}), ...findings };
}

type Address = { name: string; ip: string; port: number };

/** The node serving `slot` in the first node's view. */
async function ownerOf(cluster: StartedRedisCluster, slot: number): Promise<Address> {
  const [view] = await cluster.snapshot();
  const owner = view?.nodes.find((n) => isMaster(n) && n.slots.some(([a, b]) => slot >= a && slot <= b));
  const node = owner ? cluster.nodes.find((n) => n.ip === owner.ip && n.port === owner.port) : undefined;
  if (!node) throw new Error(`no master owns slot ${slot} in ${view?.name ?? "the first node"}'s view`);
  return node;
}

/** Sends one command to one node and returns its reply or its exact error text. */
async function callNode(node: Address, args: string[]): Promise<{ reply?: string; error?: string }> {
  const client = nodeClient(node.ip, node.port);
  client.on("error", () => {});
  try {
    await client.connect();
    const [command, ...rest] = args as [string, ...string[]];
    const reply = await client.call(command, ...rest);
    return { reply: Array.isArray(reply) ? JSON.stringify(reply) : String(reply) };
  } catch (error) {
    return { error: errorMessage(error) };
  } finally {
    client.disconnect();
  }
}

/**
 * Sends a multi-key command straight to the node owning its first key's slot, as the server
 * answers it: a MOVED (the view changed in between) is followed once, to the node it names.
 */
async function sendToOwner(cluster: StartedRedisCluster, keys: string[], args: string[]): Promise<NodeReply> {
  const asker = cluster.nodes[0];
  if (!asker) throw new Error("no node");
  const slots = await Promise.all(keys.map(async (k) => Number(await probe(asker.ip, asker.port, "CLUSTER", "KEYSLOT", k))));
  let node = await ownerOf(cluster, slots[0] ?? 0);
  const nodes = [node.name];
  const redirects: string[] = [];
  let answer = await callNode(node, args);
  const moved = /^(?:MOVED|ASK) \d+ (\S+):(\d+)/.exec(answer.error ?? "");
  if (moved) {
    redirects.push(answer.error as string);
    const target = cluster.nodes.find((n) => n.ip === moved[1] && n.port === Number(moved[2]));
    if (target) {
      node = target;
      nodes.push(target.name);
      answer = await callNode(node, args);
    }
  }
  return { keys, slots, nodes, redirects, ...answer };
}

/**
 * `crossslot`: a multi-key command over keys of different slots is refused by the server with
 * CROSSSLOT (sent to one node directly: a cluster client may refuse it before sending); the
 * same command over hash-tagged keys of one slot is accepted, and both values read back.
 */
export const crossSlot: RedisScenario = {
  name: "crossslot",
  description: "MSET over two slots refused with CROSSSLOT; over one hash-tagged slot accepted and read back",
  async run({ cluster, client, logger }) {
    const started = Date.now();
    const crossKeys = CROSS_SLOT_PAIRS.map(([k]) => k);
    const sameKeys = SAME_SLOT_PAIRS.map(([k]) => k);
    const cross = await sendToOwner(cluster, crossKeys, ["MSET", ...CROSS_SLOT_PAIRS.flat()]);
    logger.info(`MSET ${CROSS_SLOT_PAIRS.flat().join(" ")} on ${cross.nodes.join(" -> ")}: ${cross.error ?? cross.reply}`);
    const same = await sendToOwner(cluster, sameKeys, ["MSET", ...SAME_SLOT_PAIRS.flat()]);
    logger.info(`MSET ${SAME_SLOT_PAIRS.flat().join(" ")} on ${same.nodes.join(" -> ")}: ${same.error ?? same.reply}`);
    const reader = cluster.nodes.find((n) => n.name === same.nodes.at(-1));
    let readBack: Array<string | null> = [];
    if (reader) {
      const r = nodeClient(reader.ip, reader.port);
      r.on("error", () => {});
      try {
        await r.connect();
        readBack = await r.mget(...sameKeys);
      } finally {
        r.disconnect();
      }
    }
    let clusterClient: { reply?: string; error?: string };
    try {
      clusterClient = { reply: String(await client.mset(...CROSS_SLOT_PAIRS.flat())) };
    } catch (error) {
      clusterClient = { error: errorMessage(error) };
    }
    const probeResult = judgeCrossSlot({
      crossSlot: cross,
      sameSlot: same,
      readBack,
      expected: SAME_SLOT_PAIRS.map(([, v]) => v),
      clusterClient,
    });
    return { checks: [], probes: [probeResult], timings: { crossSlotMs: Date.now() - started } };
  },
};
