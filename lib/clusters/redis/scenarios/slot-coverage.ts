import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { catalogEntry } from "../../../runtime/images.ts";
import { type ClusterCheck, parseClusterCheck } from "../cluster-check.ts";
import { isMaster, slotCount } from "../cluster-nodes.ts";
import { type NodeSnapshot, slotOwners, unmetConditions, viewSignature } from "../readiness.ts";
import { binariesFor } from "../server-args.ts";
import type { RedisScenario } from "./scenario.ts";

/** A master as one node sees it, with the number of slots it owns. */
export interface MasterSlots {
  node: string;
  address: string;
  id: string;
  slots: number;
}

/** What faultline's own check saw, beside its unmet conditions, for the findings. */
export interface CoverageFacts {
  /** Masters owning slots, from the first node's view, by node name. */
  masters: MasterSlots[];
  /** Slots without a master in at least one node's view, as ranges ("0", "5-9"). */
  uncoveredSlots: string[];
  /** Slots claimed by more than one master in at least one node's view, as ranges. */
  sharedSlots: string[];
  /** How many different views (slot ranges by owner, replica links) the nodes hold. */
  views: number;
}

/** Ascending slot numbers as compact ranges: [0, 1, 2, 7] -> ["0-2", "7"]. */
export function slotRanges(slots: Iterable<number>): string[] {
  const sorted = [...new Set(slots)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const slot of sorted) {
    if (start !== undefined && prev !== undefined && slot === prev + 1) {
      prev = slot;
      continue;
    }
    if (start !== undefined && prev !== undefined) ranges.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = slot;
    prev = slot;
  }
  if (start !== undefined && prev !== undefined) ranges.push(start === prev ? `${start}` : `${start}-${prev}`);
  return ranges;
}

/** The findings of faultline's own check, from every node's snapshot (pure). */
export function coverageFacts(
  snapshots: readonly NodeSnapshot[],
  nameOf: (ip: string, port: number) => string = (ip, port) => `${ip}:${port}`,
): CoverageFacts {
  const uncovered = new Set<number>();
  const shared = new Set<number>();
  for (const s of snapshots) {
    for (const [slot, owners] of slotOwners(s.nodes).entries()) {
      if (owners.length === 0) uncovered.add(slot);
      else if (owners.length > 1) shared.add(slot);
    }
  }
  const view = snapshots[0]?.nodes ?? [];
  const masters = view
    .filter((n) => isMaster(n) && slotCount(n) > 0)
    .map((n) => ({ node: nameOf(n.ip, n.port), address: `${n.ip}:${n.port}`, id: n.id, slots: slotCount(n) }))
    .sort((a, b) => a.node.localeCompare(b.node, undefined, { numeric: true }));
  return {
    masters,
    uncoveredSlots: slotRanges(uncovered),
    sharedSlots: slotRanges(shared),
    views: new Set(snapshots.map((s) => viewSignature(s.nodes))).size,
  };
}

/** redis-cli's verdict on a cluster check: no [ERR], all slots covered, all nodes agree. */
export function clusterCheckVerdict(check: ClusterCheck): boolean {
  return check.ok && check.slotsCovered && check.agreeConfig;
}

/**
 * The two probes of `slot-coverage`, from faultline's unmet conditions (readiness.ts, empty
 * when every slot is owned once, every node is ok and all views agree) and redis-cli's
 * `--cluster check`: "slot-coverage" is faultline's own verdict; "cluster-check-agreement" is
 * true when the independent second opinion reaches the same verdict, broken or not.
 */
export function slotCoverageProbes(
  unmet: readonly string[],
  check: ClusterCheck,
  facts: Partial<CoverageFacts> = {},
): [CheckResult, CheckResult] {
  const faultline = unmet.length === 0;
  const redisCli = clusterCheckVerdict(check);
  const coverage: CheckResult = {
    checker: "slot-coverage",
    valid: faultline,
    ...(faultline ? {} : { reason: unmet.join("; ") }),
    unmet: [...unmet],
    masters: facts.masters ?? [],
    uncoveredSlots: facts.uncoveredSlots ?? [],
    sharedSlots: facts.sharedSlots ?? [],
    ...(facts.views !== undefined ? { views: facts.views } : {}),
  };
  const agree = faultline === redisCli;
  const agreement: CheckResult = {
    checker: "cluster-check-agreement",
    valid: agree,
    ...(agree
      ? {}
      : {
          reason: `faultline says the cluster is ${faultline ? "sound" : "broken"}, redis-cli --cluster check says ${redisCli ? "sound" : "broken"}`,
        }),
    faultlineVerdict: faultline,
    clusterCheckVerdict: redisCli,
    clusterCheck: { ok: check.ok, slotsCovered: check.slotsCovered, agreeConfig: check.agreeConfig },
    clusterCheckErrors: [...check.errors],
    openSlots: [...check.openSlots],
  };
  return [coverage, agreement];
}

/**
 * `slot-coverage`: on the ready cluster, every one of the 16384 slots owned by exactly one
 * master, every node ok, the same view on every node (faultline's readiness conditions on a
 * fresh snapshot), and `redis-cli --cluster check` (valkey-cli for Valkey), run inside the
 * first node's container, as an independent second opinion that must reach the same verdict.
 */
export const slotCoverage: RedisScenario = {
  name: "slot-coverage",
  description: "all 16384 slots owned once, one view on every node, and redis-cli --cluster check agreeing",
  async run({ cluster, logger }) {
    const nameOf = (ip: string, port: number) => cluster.nodes.find((n) => n.ip === ip && n.port === port)?.name ?? `${ip}:${port}`;
    const snapshots = await cluster.snapshot();
    const unmet = unmetConditions(snapshots, { masters: cluster.topology.masters, nodes: cluster.nodes.length });
    const facts = coverageFacts(snapshots, nameOf);

    const [first] = cluster.nodes;
    if (!first) throw new Error("no node to run the cluster check on");
    const cli = binariesFor(catalogEntry(cluster.topology.image)?.kind ?? "redis").cli;
    const started = Date.now();
    const exec = await first.container.exec([cli, "--cluster", "check", `${first.ip}:${first.port}`], 60_000);
    const checkMs = Date.now() - started;
    logger.info(`${cli} --cluster check ${first.ip}:${first.port} (in ${first.name}): exit ${exec.exitCode} in ${checkMs} ms`);
    let check: ClusterCheck;
    try {
      check = parseClusterCheck(exec.stdout);
    } catch (error) {
      // No verdict to compare: the second opinion is missing, not contrary.
      const [coverage] = slotCoverageProbes(unmet, { ok: true, slotsCovered: true, agreeConfig: true, openSlots: [], errors: [] }, facts);
      return {
        checks: [],
        probes: [
          coverage,
          {
            checker: "cluster-check-agreement",
            valid: "unknown",
            reason: `${cli} --cluster check gave no verdict (exit ${exec.exitCode}): ${errorMessage(error)}; ${exec.stderr.trim().slice(0, 300)}`,
            faultlineVerdict: unmet.length === 0,
          },
        ],
        timings: { clusterCheckMs: checkMs },
      };
    }
    return { checks: [], probes: slotCoverageProbes(unmet, check, facts), timings: { clusterCheckMs: checkMs } };
  },
};
