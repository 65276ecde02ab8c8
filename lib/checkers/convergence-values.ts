/** Value comparison for final reads: JSON semantics, object key order ignored, top-level array order ignored. */

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, canonical(o[k])]),
    );
  }
  return value;
}

/** JSON text with object keys sorted at every depth, so equal JSON values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value)) ?? "undefined";
}

/**
 * A key equal for two values exactly when they agree: arrays as multisets of their elements
 * (final reads of a set come back in any order; duplicates still count), anything else as JSON.
 * Only the top level is order-insensitive: nested arrays are data whose order may matter.
 */
export function agreementKey(value: unknown): string {
  return Array.isArray(value) ? `array:${JSON.stringify(value.map(canonicalJson).sort())}` : `value:${canonicalJson(value)}`;
}

export interface ElementDifference {
  /** Elements some node has and this one lacks. */
  missing: unknown[];
  /** Elements no other node has. */
  extra: unknown[];
}

/**
 * For nodes that read arrays: what each lacks against the union of all of them, and what only it
 * holds. Nodes with neither are left out. Elements are listed in the order they first appear
 * (nodes in name order), compared as canonical JSON; duplicates are not reported here.
 */
export function arrayDifferences(reads: ReadonlyMap<string, readonly unknown[]>): Record<string, ElementDifference> {
  const union = new Map<string, unknown>();
  const holders = new Map<string, Set<string>>();
  const sets = new Map<string, Set<string>>();
  for (const [node, elements] of reads) {
    const set = new Set<string>();
    for (const element of elements) {
      const key = canonicalJson(element);
      set.add(key);
      if (!union.has(key)) union.set(key, element);
      holders.set(key, (holders.get(key) ?? new Set()).add(node));
    }
    sets.set(node, set);
  }
  const result: Record<string, ElementDifference> = {};
  for (const [node, set] of sets) {
    const missing = [...union].filter(([key]) => !set.has(key)).map(([, element]) => element);
    const extra = reads.size < 2 ? [] : [...union].filter(([key]) => holders.get(key)?.size === 1 && set.has(key)).map(([, e]) => e);
    if (missing.length > 0 || extra.length > 0) result[node] = { missing, extra };
  }
  return result;
}
