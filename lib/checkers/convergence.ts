import type { Op } from "../history/op.ts";
import { clientOperations, type Operation } from "../history/pairs.ts";
import { agreementKey, arrayDifferences } from "./convergence-values.ts";
import type { Checker, CheckResult } from "./verdict.ts";

export interface ConvergenceOptions {
  /** The f of final reads; default "final-read". */
  f?: string;
  /** Fewer nodes with a successful final read than this: "unknown". Default 2. */
  minNodes?: number;
  /** Nodes that must each have given a successful final read, else "unknown". */
  expectedNodes?: readonly string[];
}

type NodeSummary = { size: number } | { value: unknown };

/** The last ok final read of each node: after a retry, the latest answer is the node's final state. */
function finalReads(history: readonly Op[], f: string): { byNode: Map<string, unknown>; withoutNode: number } {
  const reads = clientOperations(history).filter(
    (o): o is Operation & { completion: Op } => o.f === f && o.outcome === "ok" && !!o.completion,
  );
  reads.sort((a, b) => a.completion.time - b.completion.time || a.completion.index - b.completion.index);
  const byNode = new Map<string, unknown>();
  let withoutNode = 0;
  for (const read of reads) {
    const node = read.invoke.node ?? read.completion.node;
    if (node === undefined) withoutNode += 1;
    else byNode.set(node, read.value);
  }
  return { byNode: new Map([...byNode].sort(([a], [b]) => a.localeCompare(b))), withoutNode };
}

/** Nodes grouped by the value they read, biggest group first (ties: by first node name). */
function groupsOf(byNode: ReadonlyMap<string, unknown>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [node, value] of byNode) {
    const key = agreementKey(value);
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length || (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/**
 * After the heal and recovery wait, every node's final read must return the same value. A proven
 * disagreement is false even when some node did not answer (false over unknown, as in merging);
 * otherwise too few answers, or an expected node silent, is "unknown".
 */
export const convergenceChecker: Checker<ConvergenceOptions> = {
  name: "convergence",
  check(history: readonly Op[], options: ConvergenceOptions): CheckResult {
    const f = options.f ?? "final-read";
    const minNodes = options.minNodes ?? 2;
    const { byNode, withoutNode } = finalReads(history, f);
    const nodes: Record<string, NodeSummary> = Object.fromEntries(
      [...byNode].map(([node, value]) => [node, Array.isArray(value) ? { size: value.length } : { value }]),
    );
    const arrays = new Map([...byNode].filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1])));
    const groups = groupsOf(byNode);
    const missingNodes = (options.expectedNodes ?? []).filter((node) => !byNode.has(node));
    const findings = { f, nodes, groups, differences: arrayDifferences(arrays), missingNodes, readsWithoutNode: withoutNode };

    if (groups.length > 1) {
      const reason = `nodes disagree on the final value: ${groups.map((g) => g.join(", ")).join(" vs ")}`;
      return { checker: "convergence", valid: false, reason, ...findings };
    }
    const unknown: string[] = [];
    if (missingNodes.length > 0) unknown.push(`no successful ${f} from expected node(s) ${missingNodes.join(", ")}`);
    if (byNode.size < minNodes) {
      const answered = byNode.size === 0 ? "none" : [...byNode.keys()].join(", ");
      unknown.push(`${byNode.size} node(s) gave a successful ${f} (${answered}); at least ${minNodes} needed to compare`);
    }
    if (unknown.length > 0) return { checker: "convergence", valid: "unknown", reason: unknown.join("; "), ...findings };
    return { checker: "convergence", valid: true, ...findings };
  },
};
