import { listAppendChecker } from "../checkers/list-append.ts";
import type { ModelName } from "../checkers/models.ts";
import { rwRegisterChecker } from "../checkers/rw-register.ts";
import type { TxnCheckerOptions } from "../checkers/txn-options.ts";
import type { Checker, CheckResult } from "../checkers/verdict.ts";
import type { TxnKind } from "../history/micro-op.ts";
import type { ClaimedModel } from "./claimed-models.ts";

/** What the run was, reported beside the verdict: the seed that replays it and the isolation level asked for. */
export interface TxnRunFacts {
  seed: number;
  /** undefined: the server's default; Redis has none. */
  isolation?: string;
  /** "Galera", "Redis", "NDB": whose claim it is. */
  engine: string;
}

/** "judged against snapshot-isolation (Galera's claim); isolation: server default; seed 7 (replay with --seed 7)" */
export function runLine(claim: ClaimedModel, judged: ModelName, run: TxnRunFacts): string {
  const against = judged === claim.model ? `${judged} (${run.engine}'s claim)` : `${judged} (--model; ${run.engine} claims ${claim.model})`;
  const isolation = run.engine === "Redis" ? "" : `; isolation: ${run.isolation ?? "server default"}`;
  return `judged against ${against}${isolation}; seed ${run.seed} (replay with --seed ${run.seed})`;
}

/** Where the transactions of an anomaly's shown cases ran: all on one node, or on several. */
export interface NodeScope {
  sameNode: number;
  acrossNodes: number;
}

/**
 * For each anomaly of a transactional check, how many of its shown cases involve transactions
 * of one node only and how many span nodes (pure). Galera's own words promise
 * first-committer-wins only between nodes, so which of the two a finding is matters.
 */
export function nodeScopes(result: CheckResult): Record<string, NodeScope> {
  const anomalies = (result.anomalies ?? {}) as Record<string, { cases?: Array<{ txns?: Array<{ node?: string }> }> }>;
  const scopes: Record<string, NodeScope> = {};
  for (const [name, report] of Object.entries(anomalies)) {
    const scope: NodeScope = { sameNode: 0, acrossNodes: 0 };
    for (const c of report.cases ?? []) {
      const nodes = new Set((c.txns ?? []).map((t) => t.node ?? "?"));
      if (nodes.size > 1) scope.acrossNodes++;
      else scope.sameNode++;
    }
    scopes[name] = scope;
  }
  return scopes;
}

/**
 * The history check of an append (or rw-register) scenario: the transactional checker judging
 * against `model` (given with --model) or the engine's claimed model, gating, every other model
 * advisory in its report; the claim's words and source, and where each shown case ran, beside
 * the verdict.
 */
export function claimedTxnCheck(
  kind: TxnKind,
  claim: ClaimedModel,
  model: ModelName | undefined,
  run: TxnRunFacts,
): { checker: Checker<TxnCheckerOptions>; options: TxnCheckerOptions } {
  const inner = kind === "list-append" ? listAppendChecker : rwRegisterChecker;
  const judged = model ?? claim.model;
  const checker: Checker<TxnCheckerOptions> = {
    name: inner.name,
    ...(inner.validateOptions ? { validateOptions: inner.validateOptions } : {}),
    check(history, options) {
      const result = inner.check(history, options);
      const explanation = Array.isArray(result.explanation) ? result.explanation : [];
      return {
        ...result,
        seed: run.seed,
        isolation: run.isolation ?? "server default",
        explanation: [runLine(claim, judged, run), ...explanation],
        claim: { model: claim.model, words: claim.words, source: claim.source, judgedAgainst: judged, overridden: judged !== claim.model },
        nodeScopes: nodeScopes(result),
      };
    },
  };
  return { checker, options: { model: judged } };
}
