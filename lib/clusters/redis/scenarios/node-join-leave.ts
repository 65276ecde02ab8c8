import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import { setChecker } from "../../../checkers/set.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { pollUntil } from "../../../core/deadline.ts";
import { errorMessage } from "../../../core/errors.ts";
import { NEMESIS } from "../../../history/op.ts";
import { ContainerBuilder, type StartedContainer } from "../../../runtime/container.ts";
import { catalogEntry } from "../../../runtime/images.ts";
import { finalSetRead, runRedisSet, setKey } from "../../../workloads/redis-set.ts";
import { type ClusterNode, isMaster, parseClusterNodes } from "../cluster-nodes.ts";
import { parseInfo } from "../info.ts";
import { probe } from "../node-client.ts";
import { binariesFor, serverCommand } from "../server-args.ts";
import { runSlotMigration, type SlotMigrationResult, slotMigrationPlan } from "../slot-migration.ts";
import { ownersOfKeys } from "../slot-owners.ts";
import type { RedisScenario } from "./scenario.ts";
import { SET_KEYS } from "./set-under-fault.ts";

// ---------------------------------------------------------------------------------------------
// Pure parts: judging views.
// ---------------------------------------------------------------------------------------------

/** A cluster member: the harness's name for it, its cluster id, and its address. */
export interface Member {
  name: string;
  id: string;
  ip: string;
  port: number;
}

/** One node's CLUSTER NODES, parsed; `nodes` undefined when it did not answer (`error` says why). */
export interface MemberView {
  name: string;
  nodes: readonly ClusterNode[] | undefined;
  error?: string;
}

/** Flags under which a listed node is not (yet, or any more) a working member. */
const NOT_MEMBER_FLAGS = ["handshake", "fail", "fail?", "noaddr"];

const noAnswer = (v: MemberView) => `${v.name}: no answer${v.error ? ` (${v.error})` : ""}`;

/** Why `view` does not list `member` as a connected member, or undefined when it does. */
function notConnected(view: readonly ClusterNode[], viewName: string, member: Member): string | undefined {
  const entry = view.find((n) => n.id === member.id);
  if (!entry) return `${viewName} does not list ${member.name}`;
  const bad = entry.flags.filter((f) => NOT_MEMBER_FLAGS.includes(f));
  if (bad.length > 0) return `${viewName} lists ${member.name} as ${entry.flags.join(",")}`;
  if (entry.linkState !== "connected") return `${viewName}: link to ${member.name} is ${entry.linkState}`;
  return undefined;
}

/**
 * What keeps `node` from having joined, in words naming the views: every other view must list it
 * as connected (no handshake, fail, fail? or noaddr flag), and its own view must list every peer
 * so. Empty means joined.
 */
export function joinProblems(views: readonly MemberView[], node: Member, peers: readonly Member[]): string[] {
  const problems: string[] = [];
  for (const v of views) {
    if (!v.nodes) {
      problems.push(noAnswer(v));
      continue;
    }
    const expected = v.name === node.name ? peers : [node];
    for (const m of expected) {
      const problem = notConnected(v.nodes, v.name, m);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

/**
 * Views that still list `node`, by its id or by its address (a handshake entry with a fresh id,
 * learned again from gossip, counts too), and views that did not answer (which cannot be said
 * to have forgotten it).
 */
export function viewsListing(views: readonly MemberView[], node: Member): { listing: string[]; silent: string[]; details: string[] } {
  const listing: string[] = [];
  const silent: string[] = [];
  const details: string[] = [];
  for (const v of views) {
    if (v.name === node.name) continue;
    if (!v.nodes) {
      silent.push(v.name);
      details.push(noAnswer(v));
      continue;
    }
    const entry = v.nodes.find((n) => n.id === node.id || (n.ip === node.ip && n.port === node.port));
    if (entry) {
      listing.push(v.name);
      details.push(`${v.name} still lists ${node.name} (${entry.flags.join(",")}, link ${entry.linkState})`);
    }
  }
  return { listing, silent, details };
}

/** Views in which some of `slots` is not owned by `owner` alone, in words (owners named by `nameOfId`). */
export function slotOwnerProblems(
  views: readonly MemberView[],
  slots: readonly number[],
  owner: Member,
  nameOfId: (id: string) => string,
): string[] {
  const problems: string[] = [];
  for (const v of views) {
    if (!v.nodes) {
      problems.push(noAnswer(v));
      continue;
    }
    for (const slot of slots) {
      const owners = v.nodes.filter((n) => isMaster(n) && n.slots.some(([a, b]) => slot >= a && slot <= b));
      if (owners.length !== 1 || owners[0]?.id !== owner.id) {
        const names = owners.map((n) => nameOfId(n.id)).join("+") || "nobody";
        problems.push(`${v.name} sees slot ${slot} owned by ${names}, not ${owner.name}`);
      }
    }
  }
  return problems;
}

/**
 * A close-step refusal that is part of the protocol, not a failure: a master that has just lost
 * its LAST slot turns itself into a replica of the slot's new owner as soon as the owner's higher
 * config epoch reaches it (possibly between the target's SETSLOT NODE and its own), and a replica
 * answers SETSLOT with "ERR Please use SETSLOT only with masters.". redis-cli --cluster ignores
 * this same refusal. Only SETSLOT ... NODE sent to `source` (the node being emptied) qualifies.
 */
export function isEmptiedSourceRefusal(error: string, source: { ip: string; port: number }): boolean {
  return (
    error.startsWith(`${source.ip}:${source.port} CLUSTER SETSLOT `) &&
    / NODE [0-9a-f]+: /.test(error) &&
    error.endsWith("ERR Please use SETSLOT only with masters.")
  );
}

/** What the scenario saw, step by step; judged by judgeNodeJoinLeave. */
export interface NodeJoinLeaveEvidence {
  node: string;
  /** From CLUSTER MEET to every view listing the node connected (and it every peer); null: not within the bound. */
  joinConvergedMs: number | null;
  /** Why it had not joined at the last look (empty when it had). */
  joinProblems: string[];
  /**
   * From CLUSTER MEET to the node's own cluster_state:ok (it refuses MIGRATE's RESTORE with
   * CLUSTERDOWN until it has every slot's owner and, as a master, 2 s since it started); null:
   * not within the bound, or never asked (not joined).
   */
  nodeStateOkMs: number | null;
  /** Why its state was not ok at the last look. */
  nodeStateProblems: string[];
  slots: number[];
  /** Slots whose migration to the node finished. */
  slotsToNode: number;
  /** Views not giving the moved slots to the node at the last look (empty when all did). */
  slotsOnNodeProblems: string[];
  /** Slots whose migration back finished. */
  slotsBack: number;
  /** Views not giving the slots back to their first owner at the last look. */
  slotsBackProblems: string[];
  /** Commands a node refused (MEET, SETSLOT, MIGRATE, FORGET), in words. */
  errors: string[];
  /** Views still listing the node when the leave wait ended (names). */
  stillListing: string[];
  /** Views that did not answer then. */
  silentAfterLeave: string[];
  /** From the first CLUSTER FORGET to no view listing the node; null: not within the bound. */
  leaveConvergedMs: number | null;
  /** Views listing the node once the cluster was ready again (gossip brought it back). */
  listedAfterReady: string[];
}

/** The "node-join-leave" probe: valid when the node joined, held the slots, gave them back, and was forgotten everywhere. */
export function judgeNodeJoinLeave(e: NodeJoinLeaveEvidence): CheckResult {
  const reasons: string[] = [];
  const verb = (names: readonly string[], one: string, many: string) => `${names.join(", ")} ${names.length === 1 ? one : many}`;
  const some = (list: readonly string[]) => `${list.slice(0, 4).join("; ")}${list.length > 4 ? `; and ${list.length - 4} more` : ""}`;
  if (e.joinConvergedMs === null) reasons.push(`${e.node} never joined every view: ${some(e.joinProblems)}`);
  else if (e.nodeStateOkMs === null) reasons.push(`${e.node} never reached cluster_state:ok: ${some(e.nodeStateProblems)}`);
  if (e.slotsToNode < e.slots.length) reasons.push(`${e.slotsToNode} of ${e.slots.length} slots moved to ${e.node}`);
  else if (e.slotsOnNodeProblems.length > 0)
    reasons.push(`${e.node} did not own the moved slots in every view: ${some(e.slotsOnNodeProblems)}`);
  if (e.slotsBack < e.slotsToNode) reasons.push(`${e.slotsBack} of ${e.slotsToNode} slots moved back from ${e.node}`);
  else if (e.slotsBackProblems.length > 0) reasons.push(`the slots did not go back in every view: ${some(e.slotsBackProblems)}`);
  if (e.errors.length > 0) reasons.push(`${e.errors.length} commands refused: ${some(e.errors)}`);
  if (e.stillListing.length > 0) reasons.push(`${verb(e.stillListing, "still lists", "still list")} ${e.node} after CLUSTER FORGET`);
  if (e.silentAfterLeave.length > 0) reasons.push(`${verb(e.silentAfterLeave, "did not answer", "did not answer")} after CLUSTER FORGET`);
  if (e.listedAfterReady.length > 0)
    reasons.push(`${verb(e.listedAfterReady, "lists", "list")} ${e.node} again once the cluster was ready`);
  return {
    checker: "node-join-leave",
    valid: reasons.length === 0,
    ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
    ...e,
  };
}

// ---------------------------------------------------------------------------------------------
// The scenario.
// ---------------------------------------------------------------------------------------------

/** Starts the joining node's container (fully built by the scenario) through the run's runtime, so teardown covers it. */
export type StartNode = (node: ContainerBuilder) => Promise<StartedContainer>;

export interface NodeJoinLeaveOptions {
  /**
   * How the new node's container is started. Default: `builder.start(ctx.runtime)`, the
   * scenario's scope of the run, so its teardown removes the node.
   */
  startNode?: StartNode;
  /** Slots holding workload keys moved from the first master to the new node, and back. */
  slots: number;
  /**
   * Nodes NOT sent CLUSTER FORGET (broken on purpose): they keep listing the removed node and
   * the probe must fail naming them. They are sent it after the probe's look, so the cluster
   * can be ready for the final read.
   */
  skipForget: string[];
}

const POLL_EVERY_MS = 100;
/** Host number of n1 on the run network (redis-cluster.ts places n1..nN from there). */
const FIRST_NODE_HOST = 11;
/** How far past the other nodes' addresses the joining node sits (free: nothing else is placed there). */
const JOIN_ADDRESS_GAP = 5;
/** The workload runs until the join/leave is done (at least durationMs); this caps it should a step hang past its bound. */
const WORKLOAD_CAP_MS = 10 * 60_000;

async function viewsOf(nodes: readonly Member[]): Promise<MemberView[]> {
  return Promise.all(
    nodes.map(async (n): Promise<MemberView> => {
      try {
        return { name: n.name, nodes: parseClusterNodes(await probe(n.ip, n.port, "CLUSTER", "NODES")) };
      } catch (error) {
        return { name: n.name, nodes: undefined, error: errorMessage(error) };
      }
    }),
  );
}

/**
 * A migration that failed while open or draining leaves the slot IMPORTING on the target and
 * MIGRATING on the source (as redis-cli leaves it): SETSLOT STABLE clears both markers, so the
 * slot stays its source's and the cluster is usable for the final read. Best effort.
 */
async function stabilize(slot: number, nodes: readonly Member[]): Promise<void> {
  await Promise.all(nodes.map((n) => probe(n.ip, n.port, "CLUSTER", "SETSLOT", String(slot), "STABLE").catch(() => undefined)));
}

/** Polls until `step` finds no problem or `boundMs` has passed since `since`; ms is counted from `since`. */
async function pollProblems(
  step: () => Promise<string[]>,
  since: number,
  boundMs: number,
  signal: AbortSignal,
): Promise<{ ms: number | null; problems: string[]; polls: number }> {
  let polls = 0;
  for (;;) {
    const problems = await step();
    polls++;
    const elapsed = Date.now() - since;
    if (problems.length === 0) return { ms: elapsed, problems, polls };
    if (elapsed >= boundMs) return { ms: null, problems, polls };
    await sleep(POLL_EVERY_MS, undefined, { signal });
  }
}

/**
 * `node-join-leave`: while the set workload runs, a NEW master joins the cluster and leaves it
 * again, the way an operator scales out and in:
 *   join:  a fresh node (same image and server command) is started on the run network, answers
 *          PING, and n1 sends CLUSTER MEET; the wait ends when every view lists it connected and
 *          it lists every peer (joinConvergedMs);
 *   load:  a few slots holding workload keys move ONLINE from the first master to it
 *          (slot-migration.ts: IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE), and every view must
 *          give them to it;
 *   leave: the slots move back the same way (the emptied node turns itself into a replica of
 *          the slots' owner: see isEmptiedSourceRefusal), every other node is sent CLUSTER FORGET
 *          at once (the forget ban lasts 60 s: a node still gossiping about it after that re-adds
 *          it); the wait ends when no view lists it (leaveConvergedMs); then the node is stopped
 *          and removed, and once the cluster is ready no view may list it again.
 * The set checker (no acknowledged write lost) and availability are the history checks; the
 * "node-join-leave" probe judges the views.
 *
 * `skipForget` leaves nodes out of the FORGET (broken on purpose): they still list the node and
 * the probe fails naming them.
 */
export function nodeJoinLeaveScenario(input: Partial<NodeJoinLeaveOptions> = {}): RedisScenario {
  const opts: NodeJoinLeaveOptions = { slots: 4, skipForget: [], ...input };
  const broken = opts.skipForget.length > 0;
  return {
    name: broken ? "node-join-leave-forget-incomplete" : "node-join-leave",
    description: broken
      ? `a node joins and leaves under load, but ${opts.skipForget.join(", ")} is not sent CLUSTER FORGET: the probe must fail naming it`
      : "a new master joins under load, takes slots of workload keys, gives them back and is forgotten by every node: nothing lost",
    async run(ctx) {
      const { cluster, options, logger, store } = ctx;
      const startNode: StartNode = opts.startNode ?? ((b) => b.start(ctx.runtime));
      const [snapshot] = await cluster.snapshot();
      const view = snapshot?.nodes ?? [];
      const memberOf = (name: string | undefined): Member | undefined => {
        const node = cluster.nodes.find((n) => n.name === name);
        const v = node ? view.find((n) => n.ip === node.ip && n.port === node.port) : undefined;
        return node && v ? { name: node.name, id: v.id, ip: node.ip, port: node.port } : undefined;
      };
      const defined = (m: Member | undefined): m is Member => m !== undefined;
      const peers = cluster.nodes.map((n) => memberOf(n.name)).filter(defined);
      const [sourceName, ...otherNames] = await cluster.primaries();
      const source = memberOf(sourceName);
      const otherMasters = otherNames.map(memberOf).filter(defined);
      const meetVia = peers[0];
      if (!source || !meetVia || peers.length !== cluster.nodes.length) throw new Error("the cluster's view lacks its own nodes");
      const unknown = opts.skipForget.filter((s) => !peers.some((p) => p.name === s));
      if (unknown.length > 0) throw new Error(`skipForget names no node of the cluster: ${unknown.join(", ")}`);

      // The workload's keys by slot (the server's own CLUSTER KEYSLOT); the first N slots the source owns.
      const keys = Array.from({ length: SET_KEYS }, (_, i) => setKey(i, SET_KEYS));
      const keysBySlot = new Map<number, string[]>();
      for (const key of keys) {
        const slot = Number(await probe(source.ip, source.port, "CLUSTER", "KEYSLOT", key));
        keysBySlot.set(slot, [...(keysBySlot.get(slot) ?? []), key]);
      }
      const sourceView = view.find((n) => n.id === source.id);
      const slots = [...keysBySlot.keys()]
        .filter((s) => sourceView?.slots.some(([a, b]) => s >= a && s <= b) === true)
        .sort((a, b) => a - b)
        .slice(0, opts.slots);
      if (slots.length === 0) throw new Error(`${source.name} owns no slot of the workload's keys`);
      const owners = await ownersOfKeys(cluster, keys);
      const giveSlot = (slot: number, to: string) => {
        for (const key of keysBySlot.get(slot) ?? []) owners.set(key, to);
      };

      // The new node is OUTSIDE the mesh: startMesh fixed its nodes, proxies and sidecar DNAT
      // rules at the start, so this node gets no sidecar and no proxies. Its traffic to the
      // others, and theirs to it (no DNAT rule matches its address), go over direct links on the
      // run network: fine for membership and slot moves, but no link fault can reach it.
      const name = `n${cluster.nodes.length + 1}`;
      const port = cluster.topology.port;
      const ip = cluster.network.address(FIRST_NODE_HOST + cluster.nodes.length + JOIN_ADDRESS_GAP);
      const binaries = binariesFor(catalogEntry(cluster.topology.image)?.kind ?? "redis");
      const builder = new ContainerBuilder(cluster.image.ref, `redis-${name}-${randomBytes(2).toString("hex")}`)
        .withRole("redis")
        .withNetwork(cluster.network, ip, [name])
        .withCommand(serverCommand(binaries, cluster.topology, ip));

      const nodeTimeout = cluster.topology.nodeTimeoutMs;
      const joinBoundMs = Math.max(10_000, nodeTimeout * 5) + options.marginMs;
      const slotsBoundMs = nodeTimeout * 2 + options.marginMs + 5_000;
      const leaveBoundMs = nodeTimeout * 2 + options.marginMs;

      const stopWorkload = new AbortController();
      const started = Date.now();
      const workload = runRedisSet(
        ctx.client,
        store.recorder,
        {
          workers: options.workers,
          durationMs: options.durationMs + WORKLOAD_CAP_MS,
          keys: SET_KEYS,
          pauseMs: 5,
          opTimeoutMs: 2000,
          nodeOfKey: (k) => owners.get(k),
        },
        AbortSignal.any([ctx.signal, stopWorkload.signal]),
      );
      let container: StartedContainer | undefined;
      let removed = false;
      try {
        await sleep(Math.min(2000, options.durationMs / 4), undefined, { signal: ctx.signal });
        const errors: string[] = [];
        const timings: Record<string, number> = {};

        // Join.
        const startAt = Date.now();
        logger.info(`${name} starting at ${ip}:${port} (outside the mesh), to join through ${meetVia.name}`);
        container = await startNode(builder);
        await pollUntil(
          async () => {
            const reply = await probe(ip, port, "PING");
            return reply === "PONG" ? { done: true, value: undefined } : { done: false, reason: `${name} answered ${reply}` };
          },
          { what: `${name} (${ip}:${port}) to answer PING`, timeoutMs: options.readyMs, intervalMs: 100, signal: ctx.signal },
        );
        timings.nodeUpMs = Date.now() - startAt;
        const node: Member = { name, id: await probe(ip, port, "CLUSTER", "MYID"), ip, port };
        const all = [...peers, node];
        const nameOfId = (id: string) => all.find((m) => m.id === id)?.name ?? id.slice(0, 8);
        const joinIntent = { node: name, ip, port, id: node.id, via: meetVia.name };
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "node-join", value: joinIntent });
        const meetAt = Date.now();
        let meetReply: string | null = null;
        try {
          meetReply = await probe(meetVia.ip, meetVia.port, "CLUSTER", "MEET", ip, String(port));
          store.recorder.record({ process: NEMESIS, type: "info", f: "node-join", value: { ...joinIntent, reply: meetReply } });
        } catch (error) {
          errors.push(`${meetVia.name} CLUSTER MEET ${ip} ${port}: ${errorMessage(error)}`);
          store.recorder.record({ process: NEMESIS, type: "info", f: "node-join", value: joinIntent, error: errorMessage(error) });
        }
        const join =
          meetReply === null
            ? { ms: null, problems: ["CLUSTER MEET refused"], polls: 0 }
            : await pollProblems(async () => joinProblems(await viewsOf(all), node, peers), meetAt, joinBoundMs, ctx.signal);
        if (join.ms !== null) timings.joinConvergedMs = join.ms;
        logger.info(`${name} joined: ${join.ms !== null ? `all views in ${join.ms} ms` : `not within ${joinBoundMs} ms`}`);
        // A member everywhere is not yet a working master: until its own cluster_state is ok it
        // answers CLUSTERDOWN, also to the RESTORE-ASKING that MIGRATE sends it.
        const nodeState =
          join.ms === null
            ? { ms: null, problems: ["not joined"], polls: 0 }
            : await pollProblems(
                async () => {
                  try {
                    const state = parseInfo(await probe(ip, port, "CLUSTER", "INFO")).cluster_state ?? "(missing)";
                    return state === "ok" ? [] : [`${name}: cluster_state is ${state}`];
                  } catch (error) {
                    return [`${name}: no answer (${errorMessage(error)})`];
                  }
                },
                meetAt,
                joinBoundMs,
                ctx.signal,
              );
        if (nodeState.ms !== null) timings.nodeStateOkMs = nodeState.ms;

        // Slots to the new node (only once it is a member everywhere, SETSLOT needing every id known, and its state ok).
        const toNode: SlotMigrationResult[] = [];
        let slotsOnNode = { ms: null as number | null, problems: [] as string[], polls: 0 };
        if (nodeState.ms !== null) {
          const migrationAt = Date.now();
          for (const slot of slots) {
            try {
              const result = await runSlotMigration(slotMigrationPlan(slot, source, node, otherMasters));
              toNode.push(result);
              errors.push(...result.errors);
              giveSlot(slot, name);
            } catch (error) {
              errors.push(errorMessage(error));
              await stabilize(slot, [source, node]);
              break;
            }
          }
          timings.migrationToMs = Date.now() - migrationAt;
          const movedSlots = toNode.map((r) => r.slot);
          slotsOnNode = await pollProblems(
            async () => slotOwnerProblems(await viewsOf(all), movedSlots, node, nameOfId),
            migrationAt,
            slotsBoundMs,
            ctx.signal,
          );
          if (slotsOnNode.ms !== null) timings.slotsOnNodeMs = slotsOnNode.ms;
          logger.info(`${toNode.length} slots (${movedSlots.join(", ")}) moved to ${name} in ${timings.migrationToMs} ms`);
        }
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "heal", value: {} });
        store.recorder.record({
          process: NEMESIS,
          type: "info",
          f: "heal",
          value: { joinConvergedMs: join.ms, slotsToNode: toNode.length },
        });

        // Leave: the slots back, FORGET everywhere at once, the node stopped and removed.
        const leaveIntent = { node: name, id: node.id, skipForget: opts.skipForget };
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "node-leave", value: leaveIntent });
        store.recorder.record({ process: NEMESIS, type: "info", f: "node-leave", value: leaveIntent });
        const back: SlotMigrationResult[] = [];
        const accepted: string[] = [];
        const backAt = Date.now();
        for (const { slot } of toNode) {
          try {
            const result = await runSlotMigration(slotMigrationPlan(slot, node, source, otherMasters));
            back.push(result);
            for (const error of result.errors) (isEmptiedSourceRefusal(error, node) ? accepted : errors).push(error);
            giveSlot(slot, source.name);
          } catch (error) {
            errors.push(errorMessage(error));
            await stabilize(slot, [node, source]);
            break;
          }
        }
        timings.migrationBackMs = Date.now() - backAt;
        const slotsBack = await pollProblems(
          async () => slotOwnerProblems(await viewsOf(all), slots, source, nameOfId),
          backAt,
          slotsBoundMs,
          ctx.signal,
        );
        if (slotsBack.ms !== null) timings.slotsBackMs = slotsBack.ms;
        const roleAfterBack = await probe(ip, port, "ROLE").then(
          (r) => r.split(",")[0] ?? r,
          (error: unknown) => `no answer (${errorMessage(error)})`,
        );
        const forgetTo = peers.filter((p) => !opts.skipForget.includes(p.name));
        const forget = (p: Member) =>
          probe(p.ip, p.port, "CLUSTER", "FORGET", node.id).then(
            () => undefined,
            (error: unknown) => `${p.name} CLUSTER FORGET ${name}: ${errorMessage(error)}`,
          );
        const forgetAt = Date.now();
        const forgetErrors = (await Promise.all(forgetTo.map(forget))).filter((e): e is string => e !== undefined);
        errors.push(...forgetErrors);
        timings.forgetSpreadMs = Date.now() - forgetAt;
        // The look happens while the node still runs (forgotten nodes ignore its PINGs: only a
        // MEET adds an unknown sender), between the FORGETs and its end, as with redis-cli del-node.
        let listing = viewsListing([], node);
        const leave = await pollProblems(
          async () => {
            listing = viewsListing(await viewsOf(peers), node);
            return listing.details;
          },
          forgetAt,
          leaveBoundMs,
          ctx.signal,
        );
        if (leave.ms !== null) timings.leaveConvergedMs = leave.ms;
        // Gone for good, as redis-cli del-node ends it after its FORGETs (SHUTDOWN): stop, then remove.
        const stopAt = Date.now();
        await container.stop(5).catch(() => {});
        await container.remove();
        removed = true;
        timings.stopMs = Date.now() - stopAt;
        logger.info(
          `${name} left: ${leave.ms !== null ? `forgotten by all views in ${leave.ms} ms` : `still listed by ${listing.listing.join(", ")}`}`,
        );
        // The broken variant: the skipped nodes forget it now, after the look, so the cluster gets ready for the final read.
        const repairedOn: string[] = [];
        for (const p of peers.filter((q) => opts.skipForget.includes(q.name))) {
          const error = await forget(p);
          if (error === undefined) repairedOn.push(p.name);
          else logger.warn(`repair: ${error}`);
        }
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "heal", value: {} });
        store.recorder.record({
          process: NEMESIS,
          type: "info",
          f: "heal",
          value: { leaveConvergedMs: leave.ms, stillListing: listing.listing, repairedOn },
        });

        const remaining = started + options.durationMs - Date.now();
        if (remaining > 0) await sleep(remaining, undefined, { signal: ctx.signal });
        stopWorkload.abort();
        await workload;
        const workloadDone = Date.now();
        const after = await cluster.waitForReady(options.readyMs);
        const recoveryMs = Date.now() - workloadDone;
        await finalSetRead(ctx.client, store.recorder, SET_KEYS, options.workers);
        const listedAfterReady = viewsListing(
          after.map((s) => ({ name: s.name, nodes: s.nodes })),
          node,
        ).listing;

        const probeResult: CheckResult = {
          ...judgeNodeJoinLeave({
            node: name,
            joinConvergedMs: join.ms,
            joinProblems: join.problems,
            nodeStateOkMs: nodeState.ms,
            nodeStateProblems: nodeState.problems,
            slots,
            slotsToNode: toNode.length,
            slotsOnNodeProblems: slotsOnNode.problems,
            slotsBack: back.length,
            slotsBackProblems: slotsBack.problems,
            errors,
            stillListing: listing.listing,
            silentAfterLeave: listing.silent,
            leaveConvergedMs: leave.ms,
            listedAfterReady,
          }),
          ip,
          id: node.id,
          from: source.name,
          meetVia: meetVia.name,
          meetReply,
          keysMigratedTo: toNode.reduce((n, r) => n + r.keysMigrated, 0),
          keysMigratedBack: back.reduce((n, r) => n + r.keysMigrated, 0),
          acceptedRefusals: accepted,
          roleAfterBack,
          forgetSentTo: forgetTo.map((p) => p.name),
          forgetSkipped: opts.skipForget,
          repairedOn,
          leaveDetails: leave.problems,
          polls: {
            join: join.polls,
            nodeState: nodeState.polls,
            slotsOnNode: slotsOnNode.polls,
            slotsBack: slotsBack.polls,
            leave: leave.polls,
          },
          bounds: { joinBoundMs, slotsBoundMs, leaveBoundMs },
        };
        return {
          checks: [
            { checker: setChecker, options: {} },
            { checker: availabilityChecker, options: {} },
          ],
          probes: [probeResult],
          timings: { ...timings, workloadMs: workloadDone - started, recoveryMs },
        };
      } finally {
        stopWorkload.abort();
        await workload.catch(() => {});
        if (container && !removed) await container.remove().catch(() => {});
      }
    },
  };
}

/** Needs a runtime in the context (see nodeJoinLeaveScenario's startNode): otherwise it says so when run. */
export const nodeJoinLeave: RedisScenario = nodeJoinLeaveScenario();
