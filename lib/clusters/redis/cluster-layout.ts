import { SLOT_COUNT } from "./readiness.ts";

export interface ClusterLayout {
  /** Masters in node order, each with its one slot range. */
  masters: Array<{ name: string; slots: [number, number] }>;
  /** Each replica with the master it follows. */
  replicas: Array<{ name: string; of: string }>;
}

/**
 * Who owns which slots and who follows whom, as `redis-cli --cluster create` lays out nodes
 * that are each on their own host (every node here has its own address): the first `masters`
 * nodes are masters with contiguous ranges split as redis-cli splits them (16384 / masters,
 * rounded per boundary: 0-5460, 5461-10922, 10923-16383 for three), and the replicas follow
 * the masters in the rotation redis-cli arrives at for them (n4 -> n3, n5 -> n1, n6 -> n2), so
 * scenarios meet the layout users know.
 */
export function clusterLayout(names: readonly string[], masters: number): ClusterLayout {
  if (masters < 1 || masters > names.length) throw new RangeError(`cannot make ${masters} masters of ${names.length} nodes`);
  const per = SLOT_COUNT / masters;
  const layout: ClusterLayout = { masters: [], replicas: [] };
  let first = 0;
  for (let i = 0; i < masters; i++) {
    let last = i === masters - 1 ? SLOT_COUNT - 1 : Math.round(i * per + per - 1);
    if (last < first) last = first;
    layout.masters.push({ name: names[i] as string, slots: [first, last] });
    first = last + 1;
  }
  names.slice(masters).forEach((name, j) => {
    layout.replicas.push({ name, of: layout.masters[(j + masters - 1) % masters]?.name as string });
  });
  return layout;
}
