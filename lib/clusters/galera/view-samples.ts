import type { GaleraSnapshot } from "./wsrep-status.ts";

/** One node's view at one moment, as far as the primary component goes. */
export interface ViewState {
  answered: boolean;
  primary: boolean;
  size: number | null;
  synced: boolean;
  /** wsrep_cluster_conf_id: nodes of one component share it. */
  confId: string | null;
}

/** Every node's view at `atMs` after the fault took effect (`atNs`: the history clock). */
export interface ViewSample {
  atMs: number;
  atNs: number;
  nodes: Record<string, ViewState>;
}

export function viewState(s: GaleraSnapshot & { error?: string }): ViewState {
  if (s.error !== undefined) return { answered: false, primary: false, size: null, synced: false, confId: null };
  const raw = s.status.wsrep_cluster_size;
  const size = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  return {
    answered: true,
    primary: s.status.wsrep_cluster_status === "Primary",
    size: Number.isFinite(size) ? size : null,
    synced: s.status.wsrep_local_state_comment === "Synced",
    confId: s.status.wsrep_cluster_conf_id ?? null,
  };
}

/** The first sample (atMs) in which `node` satisfies `test`, or null. */
export function firstAt(samples: readonly ViewSample[], node: string, test: (v: ViewState) => boolean): number | null {
  for (const s of samples) {
    const v = s.nodes[node];
    if (v && test(v)) return s.atMs;
  }
  return null;
}

/** The first sample in which every listed node satisfies `test`, or null. */
export function firstAllAt(samples: readonly ViewSample[], nodes: readonly string[], test: (v: ViewState) => boolean): ViewSample | null {
  return samples.find((s) => nodes.every((n) => s.nodes[n] !== undefined && test(s.nodes[n] as ViewState))) ?? null;
}

/**
 * Primary components seen in one sample: nodes reporting Primary grouped by configuration id
 * and size. Two components can share a configuration id (each side counts its own view
 * changes), so the size tells them apart; and a group with more nodes than the size they
 * report holds several components (e.g. two nodes each Primary on its own), split into chunks
 * of that size. More than one group at once is split brain.
 */
export function primaryGroups(sample: ViewSample): string[][] {
  const groups = new Map<string, { size: number; nodes: string[] }>();
  for (const [node, v] of Object.entries(sample.nodes)) {
    if (!v.primary) continue;
    const key = `${v.confId ?? "?"}/${v.size ?? "?"}`;
    const group = groups.get(key) ?? { size: v.size ?? Number.POSITIVE_INFINITY, nodes: [] };
    group.nodes.push(node);
    groups.set(key, group);
  }
  const components: string[][] = [];
  for (const { size, nodes } of groups.values()) {
    const sorted = nodes.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    const chunk = Number.isFinite(size) && size > 0 ? size : sorted.length;
    for (let i = 0; i < sorted.length; i += chunk) components.push(sorted.slice(i, i + chunk));
  }
  return components.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? "", "en", { numeric: true }));
}

/**
 * Whether the Primary views of one sample prove more than one primary component: at least two
 * components whose sizes fit together in the cluster. Components that exist at the same time
 * are disjoint, so their sizes add up to at most the node count; when they add up to more,
 * some view is stale (a node still reporting the view it is leaving, sampled mid-change), which
 * proves nothing.
 */
function provesSplitBrain(sample: ViewSample, components: readonly string[][]): boolean {
  if (components.length < 2) return false;
  const sizes = components.map((c) => sample.nodes[c[0] as string]?.size ?? c.length);
  return sizes.reduce((a, b) => a + b, 0) <= Object.keys(sample.nodes).length;
}

/** Samples in which more than one primary component existed, with the components. */
export function splitBrains(samples: readonly ViewSample[]): Array<{ atMs: number; components: string[][] }> {
  return samples
    .map((s) => ({ sample: s, components: primaryGroups(s) }))
    .filter((x) => provesSplitBrain(x.sample, x.components))
    .map((x) => ({ atMs: x.sample.atMs, components: x.components }));
}

/** Samples (atMs) in which some listed node answered and was not Primary, or did not answer. */
export function notPrimaryAt(samples: readonly ViewSample[], nodes: readonly string[]): Array<{ atMs: number; nodes: string[] }> {
  return samples.map((s) => ({ atMs: s.atMs, nodes: nodes.filter((n) => !s.nodes[n]?.primary) })).filter((x) => x.nodes.length > 0);
}
