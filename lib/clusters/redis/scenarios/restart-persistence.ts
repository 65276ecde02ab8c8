import type { CheckResult } from "../../../checkers/verdict.ts";
import { DeadlineError, errorMessage } from "../../../core/errors.ts";
import { type ClusterNode, isMaster, parseClusterNodes } from "../cluster-nodes.ts";
import { parseInfo } from "../info.ts";
import { probe } from "../node-client.ts";
import type { RedisScenario, ScenarioContext } from "./scenario.ts";

/** The two nodes restarted: a master, and a replica of another master. */
export interface RestartTargets {
  master: string;
  replica: string;
}

/** How the restarted master came back, in the cluster's view. */
export type MasterOutcome = "kept-slots" | "replica-of-former-replica" | "other";

export interface RestartObservation {
  targets: RestartTargets;
  /** CLUSTER MYID of every node, by name, before the restart. */
  idsBefore: Record<string, string>;
  /** CLUSTER MYID of every node after the restart; null for a node that did not answer. */
  idsAfter: Record<string, string | null>;
  /** Role of every node before / after ("master 0-5460", "replica of n5", "unknown"). */
  rolesBefore: Record<string, string>;
  rolesAfter: Record<string, string>;
  /** The restarted master's slot ranges before, and its replicas' names. */
  masterSlotsBefore: string[];
  formerReplicas: string[];
  /** The cluster's view of the restarted master's id after the restart (undefined: not in the view). */
  masterAfter: { role: "master"; slots: string[] } | { role: "replica"; of: string } | undefined;
  /** Ms from the restart call's return until the cluster was ready again; null when it never was. */
  readyAfterRestartMs: number | null;
  /** The wait's error when the cluster was not ready within the deadline. */
  readyError?: string;
  restartMs: number;
  /** INFO server run_id of the two restarted nodes before and after (a new one proves the process restarted). */
  runIdsBefore: Record<string, string | null>;
  runIdsAfter: Record<string, string | null>;
}

const ranges = (n: ClusterNode) => n.slots.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));

/** The restarted master's outcome (pure). */
export function masterOutcome(o: RestartObservation): MasterOutcome {
  const after = o.masterAfter;
  if (after?.role === "master" && after.slots.join(",") === o.masterSlotsBefore.join(",") && after.slots.length > 0) return "kept-slots";
  if (after?.role === "replica" && o.formerReplicas.includes(after.of)) return "replica-of-former-replica";
  return "other";
}

/**
 * Judges `restart-persistence` (pure): both targets really restarted (a new INFO run_id),
 * every node kept its node id (nodes.conf survives a restart), the cluster was ready again,
 * and the restarted master either still serves its slots or follows its former replica (both
 * acceptable, which one is reported).
 */
export function judgeRestartPersistence(o: RestartObservation): CheckResult {
  const reasons: string[] = [];
  const changed: string[] = [];
  for (const [name, before] of Object.entries(o.idsBefore)) {
    const after = o.idsAfter[name];
    if (after === null || after === undefined) {
      changed.push(name);
      reasons.push(`${name} does not answer CLUSTER MYID after the restart (was ${before})`);
    } else if (after !== before) {
      changed.push(name);
      reasons.push(`${name} came back with a new node id ${after} (was ${before})`);
    }
  }
  for (const name of [o.targets.master, o.targets.replica]) {
    const [before, after] = [o.runIdsBefore[name], o.runIdsAfter[name]];
    if (before && after && before === after) reasons.push(`${name} was not restarted: same run_id ${after}`);
  }
  if (o.readyError !== undefined) reasons.push(`the cluster was not ready after the restart: ${o.readyError}`);
  const outcome = masterOutcome(o);
  if (outcome === "other") {
    const seen = o.masterAfter
      ? o.masterAfter.role === "master"
        ? `master of ${o.masterAfter.slots.join(",") || "no slots"}`
        : `replica of ${o.masterAfter.of}`
      : "not in the cluster's view";
    reasons.push(
      `restarted master ${o.targets.master} is ${seen}: neither master of ${o.masterSlotsBefore.join(",")} nor a replica of ${o.formerReplicas.join(" or ") || "a former replica"}`,
    );
  }
  return {
    checker: "restart-persistence",
    valid: reasons.length === 0,
    ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
    restarted: [o.targets.master, o.targets.replica],
    master: o.targets.master,
    replica: o.targets.replica,
    masterOutcome: outcome,
    changedIds: changed,
    idsBefore: o.idsBefore,
    idsAfter: o.idsAfter,
    rolesBefore: o.rolesBefore,
    rolesAfter: o.rolesAfter,
    masterSlotsBefore: o.masterSlotsBefore,
    formerReplicas: o.formerReplicas,
    readyAfterRestartMs: o.readyAfterRestartMs,
    restartMs: o.restartMs,
    runIdsBefore: o.runIdsBefore,
    runIdsAfter: o.runIdsAfter,
  };
}

type Ctx = ScenarioContext;

async function ids(ctx: Ctx): Promise<Record<string, string | null>> {
  const entries = await Promise.all(
    ctx.cluster.nodes.map(async (n) => [n.name, await probe(n.ip, n.port, "CLUSTER", "MYID").catch(() => null)] as const),
  );
  return Object.fromEntries(entries);
}

/** INFO server run_id of the named nodes; null for one that does not answer. */
async function runIds(ctx: Ctx, names: readonly string[]): Promise<Record<string, string | null>> {
  const entries = await Promise.all(
    names.map(async (name) => {
      const node = ctx.cluster.nodes.find((n) => n.name === name);
      const info = node ? await probe(node.ip, node.port, "INFO", "server").catch(() => "") : "";
      return [name, parseInfo(info).run_id ?? null] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** One node's CLUSTER NODES, or undefined when it does not answer. */
async function viewOf(ctx: Ctx, name: string): Promise<ClusterNode[] | undefined> {
  const node = ctx.cluster.nodes.find((n) => n.name === name);
  if (!node) return undefined;
  try {
    return parseClusterNodes(await probe(node.ip, node.port, "CLUSTER", "NODES"));
  } catch {
    return undefined;
  }
}

/** Every node's role in one view, by name; a node not found at its address is "unknown". */
function roles(ctx: Ctx, view: readonly ClusterNode[]): Record<string, string> {
  const nameOfId = (id: string | undefined) => {
    const n = view.find((v) => v.id === id);
    return ctx.cluster.nodes.find((c) => n && c.ip === n.ip && c.port === n.port)?.name ?? id ?? "?";
  };
  return Object.fromEntries(
    ctx.cluster.nodes.map((c) => {
      const n = view.find((v) => v.ip === c.ip && v.port === c.port);
      if (!n) return [c.name, "unknown"];
      const flags = n.flags.filter((f) => f !== "myself" && f !== "master" && f !== "slave");
      const suffix = flags.length > 0 ? ` (${flags.join(",")})` : "";
      return [
        c.name,
        isMaster(n) ? `master ${ranges(n).join(",") || "(no slots)"}${suffix}` : `replica of ${nameOfId(n.masterId)}${suffix}`,
      ];
    }),
  );
}

export interface RestartPersistenceHooks {
  /** Runs once the targets are chosen and their ids noted, right before the restart (tests break the cluster here). */
  beforeRestart?(ctx: ScenarioContext, targets: RestartTargets): Promise<void>;
}

/**
 * `restart-persistence`: each node's id noted (CLUSTER MYID); a replica (of another master)
 * and a master restarted together, through the nemesis so the restart is in the history; the
 * cluster ready again; every node must have kept its id (nodes.conf lives in --dir, /tmp in
 * the container, which a restart keeps), and the restarted master be either still master of
 * its slots or a replica of its former replica. A cluster that is never ready again is a
 * false verdict with the wait's reason, not a crash.
 */
export function restartPersistenceScenario(hooks: RestartPersistenceHooks = {}): RedisScenario {
  return {
    name: "restart-persistence",
    description: "a master and a replica restarted: every node keeps its id, the master keeps its slots or follows its replica",
    async run(ctx) {
      const { cluster, nemesis, options, logger } = ctx;
      const [snapshot] = await cluster.snapshot();
      if (!snapshot) throw new Error("no node answered");
      const view = snapshot.nodes;
      const nameAt = (n: ClusterNode) => cluster.nodes.find((c) => c.ip === n.ip && c.port === n.port)?.name;
      const [master] = await cluster.primaries();
      const masterView = view.find((n) => nameAt(n) === master);
      if (!master || !masterView) throw new Error("no master to restart");
      const formerReplicas = view
        .filter((n) => n.masterId === masterView.id)
        .map(nameAt)
        .filter((n): n is string => n !== undefined);
      const replica = view
        .filter((n) => !isMaster(n) && n.masterId !== masterView.id)
        .map(nameAt)
        .filter((n): n is string => n !== undefined)
        .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))[0];
      if (!replica) throw new Error(`restart-persistence needs a replica of a master other than ${master}`);
      const targets = { master, replica };

      const before = await ids(ctx);
      const idsBefore: Record<string, string> = {};
      for (const [name, id] of Object.entries(before)) {
        if (id === null) throw new Error(`${name} does not answer CLUSTER MYID before the restart`);
        idsBefore[name] = id;
      }
      const rolesBefore = roles(ctx, view);
      const runIdsBefore = await runIds(ctx, [master, replica]);
      await hooks.beforeRestart?.(ctx, targets);

      logger.info(`restarting master ${master} and replica ${replica}`);
      const restartStarted = Date.now();
      await nemesis.processFault("restart", [replica, master]);
      const restarted = Date.now();
      let readyAfterRestartMs: number | null = null;
      let readyError: string | undefined;
      try {
        await cluster.waitForReady(options.readyMs);
        readyAfterRestartMs = Date.now() - restarted;
        logger.info(`ready ${readyAfterRestartMs} ms after the restart`);
      } catch (error) {
        if (!(error instanceof DeadlineError)) throw error;
        readyError = errorMessage(error);
        logger.warn(`not ready after the restart: ${readyError}`);
      }

      const idsAfter = await ids(ctx);
      const runIdsAfter = await runIds(ctx, [master, replica]);
      // The cluster's view after: from a node that was not restarted, else from any that answers.
      const observers = [...cluster.nodes.map((n) => n.name).filter((n) => n !== master && n !== replica), master, replica];
      let after: ClusterNode[] = [];
      for (const name of observers) {
        const v = await viewOf(ctx, name);
        if (v) {
          after = v;
          break;
        }
      }
      const nameOfId = (id: string | undefined) => {
        const n = after.find((v) => v.id === id);
        return n ? nameAt(n) : undefined;
      };
      const m = after.find((n) => n.id === masterView.id);
      const masterAfter: RestartObservation["masterAfter"] = m
        ? isMaster(m)
          ? { role: "master", slots: ranges(m) }
          : { role: "replica", of: nameOfId(m.masterId) ?? m.masterId ?? "?" }
        : undefined;
      const probeResult = judgeRestartPersistence({
        targets,
        idsBefore,
        idsAfter,
        rolesBefore,
        rolesAfter: roles(ctx, after),
        masterSlotsBefore: ranges(masterView),
        formerReplicas,
        masterAfter,
        readyAfterRestartMs,
        ...(readyError !== undefined ? { readyError } : {}),
        restartMs: restarted - restartStarted,
        runIdsBefore,
        runIdsAfter,
      });
      const timings: Record<string, number> = { restartMs: restarted - restartStarted };
      if (readyAfterRestartMs !== null) timings.readyAfterRestartMs = readyAfterRestartMs;
      return { checks: [], probes: [probeResult], timings };
    },
  };
}

export const restartPersistence: RedisScenario = restartPersistenceScenario();
