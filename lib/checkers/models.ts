import { ALL_ANOMALIES, type AnomalyName, type ForbiddenName, impliedBy } from "./anomalies.ts";
import { DATA, PROCESS, REALTIME, WR, WW } from "./dependency-graph.ts";

/**
 * The isolation models the transactional checkers judge against, what each forbids, which
 * extra edges it needs and which version-order assumptions it grants (docs/isolation.md has the
 * table with its sources: Adya 1999; Cerone, Bernardi & Gotsman 2015; Cerone & Gotsman 2016;
 * Daudjee & Salem 2004/2006; Kingsbury & Alvaro, Elle, 2020).
 */

export const MODEL_NAMES = [
  "read-uncommitted",
  "read-committed",
  "repeatable-read",
  "snapshot-isolation",
  "serializable",
  "strong-session-read-uncommitted",
  "strong-session-read-committed",
  "strong-session-snapshot-isolation",
  "strong-session-serializable",
  "strong-snapshot-isolation",
  "strict-serializable",
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Elle's default: the strongest model, so a history is only valid when it is valid under everything. */
export const DEFAULT_MODEL: ModelName = "strict-serializable";

/**
 * Version-order inferences for rw-register (list-append needs none: its reads give the order).
 * Each is sound for a model when a wrong inference would itself mean an anomaly the model forbids.
 */
export type Assumption = "writes-follow-reads" | "sequential-keys" | "linearizable-keys";

interface ModelSpec {
  /** Weaker models this one implies: it forbids everything they forbid. */
  implies: readonly ModelName[];
  /** What it forbids on top of them. */
  forbids: readonly ForbiddenName[];
  /** Extra edges its anomalies are about. */
  needs?: "process" | "realtime";
  grants: readonly Assumption[];
}

const WFR: readonly Assumption[] = ["writes-follow-reads"];
const SESSION: readonly Assumption[] = ["writes-follow-reads", "sequential-keys"];
const TIMED: readonly Assumption[] = ["writes-follow-reads", "sequential-keys", "linearizable-keys"];

const SPECS: Record<ModelName, ModelSpec> = {
  // Adya PL-1: no write cycles. A history where a read returns what nobody wrote, or a transaction
  // misses its own write, is not a history of any level (Adya 3.1); duplicates and cyclic version
  // orders cannot arise from a total version order (Elle).
  "read-uncommitted": { implies: [], forbids: ["G0", "internal", "garbage-read", "duplicate-elements", "cyclic-versions"], grants: [] },
  // Adya PL-2: no G1 (aborted read, intermediate read, cycles of ww/wr).
  "read-committed": { implies: ["read-uncommitted"], forbids: ["G1"], grants: WFR },
  // Adya PL-2.99: no G1, no G2-item; lost update as for cursor stability (Adya; Berenson et al. P4).
  "repeatable-read": { implies: ["read-committed"], forbids: ["G2-item", "lost-update"], grants: WFR },
  // Adya PL-SI forbids G-single; Cerone & Gotsman 2016: SI forbids every cycle without two adjacent
  // rw edges (G-nonadjacent); NOCONFLICT (Cerone, Bernardi & Gotsman 2015) forbids lost update.
  "snapshot-isolation": { implies: ["read-committed"], forbids: ["G-nonadjacent", "lost-update"], grants: WFR },
  // Adya PL-3: no G1, no G2.
  serializable: { implies: ["repeatable-read", "snapshot-isolation"], forbids: ["G2-item"], grants: WFR },
  // Strong session variants (Daudjee & Salem; Elle): the same cycles may not close through a process's own order.
  "strong-session-read-uncommitted": { implies: ["read-uncommitted"], forbids: ["G0-process"], needs: "process", grants: [] },
  "strong-session-read-committed": {
    implies: ["read-committed", "strong-session-read-uncommitted"],
    forbids: ["G1c-process"],
    needs: "process",
    grants: WFR,
  },
  "strong-session-snapshot-isolation": {
    implies: ["snapshot-isolation", "strong-session-read-committed"],
    forbids: ["G1-process", "G-nonadjacent-process"],
    needs: "process",
    grants: SESSION,
  },
  "strong-session-serializable": {
    implies: ["serializable", "strong-session-snapshot-isolation"],
    forbids: ["G2-item-process"],
    needs: "process",
    grants: SESSION,
  },
  "strong-snapshot-isolation": {
    implies: ["strong-session-snapshot-isolation"],
    forbids: ["G1-realtime", "G-nonadjacent-realtime"],
    needs: "realtime",
    grants: TIMED,
  },
  // Serializable plus realtime order: a transaction that completed before another began comes first.
  "strict-serializable": {
    implies: ["strong-session-serializable", "strong-snapshot-isolation"],
    forbids: ["G2-item-realtime"],
    needs: "realtime",
    grants: TIMED,
  },
};

export function isModelName(name: unknown): name is ModelName {
  return (MODEL_NAMES as readonly unknown[]).includes(name);
}

/** The model and every model it implies. */
function withWeaker(model: ModelName): Set<ModelName> {
  const out = new Set<ModelName>([model]);
  for (const weaker of SPECS[model].implies) for (const m of withWeaker(weaker)) out.add(m);
  return out;
}

const forbiddenCache = new Map<ModelName, ReadonlySet<AnomalyName>>();

/** Every anomaly the model forbids: those it and weaker models name, and those implying them. */
export function forbiddenBy(model: ModelName): ReadonlySet<AnomalyName> {
  const cached = forbiddenCache.get(model);
  if (cached) return cached;
  const named = new Set<ForbiddenName>([...withWeaker(model)].flatMap((m) => SPECS[m].forbids));
  const forbidden = new Set(ALL_ANOMALIES.filter((a) => [...impliedBy(a)].some((implied) => named.has(implied))));
  forbiddenCache.set(model, forbidden);
  return forbidden;
}

/** The extra edges the model's anomalies need: realtime covers process (a process's order is realtime order). */
export function edgesNeeded(model: ModelName): "process" | "realtime" | undefined {
  const needs = [...withWeaker(model)].map((m) => SPECS[m].needs);
  return needs.includes("realtime") ? "realtime" : needs.includes("process") ? "process" : undefined;
}

export function grants(model: ModelName): readonly Assumption[] {
  return SPECS[model].grants;
}

/**
 * For models whose forbidden cycles are exactly the cycles of some edge types (Elle's
 * "cycle-exists" check): those types. A component of them proves a forbidden cycle even where
 * the search could not name it. Snapshot isolation's forbidden cycles are not of this form.
 */
const CYCLE_MASKS: Partial<Record<ModelName, number>> = {
  "read-uncommitted": WW,
  "read-committed": WW | WR,
  "repeatable-read": DATA,
  serializable: DATA,
  "strong-session-read-uncommitted": WW | PROCESS,
  "strong-session-read-committed": WW | WR | PROCESS,
  "strong-session-serializable": DATA | PROCESS,
  "strict-serializable": DATA | PROCESS | REALTIME,
};

export function cycleMask(model: ModelName): number | undefined {
  return CYCLE_MASKS[model];
}
