/**
 * A fault as a person names it, from what the history recorded (the nemesis's `info` value):
 * "n1 cut off from n2..n6" or "{n1,n2} | {n3,n4,n5}" for a partition rather than every node
 * with a cut link, "kill n3" for a process fault. Pure: the grudge is plain data in the history.
 */

/** A partition's grudge as recorded: each node mapped to the nodes it cannot reach. */
type Grudge = Record<string, readonly string[]>;

/** "n2..n6" for a run of three or more numbered names, "n2,n3" otherwise; the order given is kept. */
export function nodeList(names: readonly string[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < names.length) {
    let j = i;
    while (j + 1 < names.length && follows(names[j] as string, names[j + 1] as string)) j++;
    if (j - i >= 2) parts.push(`${names[i]}..${names[j]}`);
    else for (let k = i; k <= j; k++) parts.push(names[k] as string);
    i = j + 1;
  }
  return parts.join(",");
}

/** `b` is the name after `a`: same prefix, number one higher (n9 then n10). */
function follows(a: string, b: string): boolean {
  const ma = /^(.*?)(\d+)$/.exec(a);
  const mb = /^(.*?)(\d+)$/.exec(b);
  return !!ma && !!mb && ma[1] === mb[1] && Number(mb[2]) === Number(ma[2]) + 1;
}

/** Names in natural order: n2 before n10. */
export function byName(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

const sortedNames = (names: Iterable<string>) => [...new Set(names)].sort(byName);
const group = (names: readonly string[]) => `{${nodeList(names)}}`;

/**
 * A grudge in words. `allNodes` (the cluster's nodes, when known) shows a node nobody cut, such
 * as the bridge of a bridge partition; without it only the nodes named in the grudge are known.
 *
 * - symmetric, and "reaches" an equivalence (every node of a side reaches all of its side and
 *   none of the others): the sides, "n1 cut off from n2..n6" when one side is a single node,
 *   "{n1,n2} | {n3,n4,n5}" otherwise, then any node cut from nobody ("n3 reaches all");
 * - symmetric otherwise (a ring of majorities): each node's cuts, once per pair;
 * - one-way cuts: "n1 cannot reach n2 (one way)".
 */
export function describeGrudge(grudge: Grudge, allNodes: readonly string[] = []): string {
  const cut = (a: string, b: string) => (grudge[a] ?? []).includes(b);
  const named = sortedNames([...Object.keys(grudge), ...Object.values(grudge).flat()]);
  if (named.length === 0) return "nothing cut";
  const uncut = sortedNames(allNodes).filter((n) => !named.includes(n));
  const bystanders = uncut.length > 0 ? `; ${nodeList(uncut)} ${uncut.length === 1 ? "reaches" : "reach"} all` : "";
  const symmetric = named.every((a) => named.every((b) => cut(a, b) === cut(b, a)));
  if (!symmetric) {
    const oneWay = named
      .filter((a) => (grudge[a] ?? []).length > 0)
      .map((a) => `${a} cannot reach ${nodeList(sortedNames(grudge[a] ?? []))}`);
    return `${oneWay.join("; ")} (one way)${bystanders}`;
  }
  const sides = equivalenceSides(named, cut);
  if (sides) {
    const [first, ...rest] = sides;
    if (sides.length === 2 && (first?.length === 1 || rest[0]?.length === 1)) {
      const [alone, others] = first?.length === 1 ? [first, rest[0]] : [rest[0], first];
      return `${alone?.[0]} cut off from ${nodeList(others ?? [])}${bystanders}`;
    }
    return `${sides.map(group).join(" | ")}${bystanders}`;
  }
  const pairs = named.flatMap((a) => {
    const later = (grudge[a] ?? []).filter((b) => byName(a, b) < 0);
    return later.length > 0 ? [`${a} cut from ${nodeList(sortedNames(later))}`] : [];
  });
  return `${pairs.join("; ")}${bystanders}`;
}

/**
 * The sides of a partition when "not cut" is an equivalence among the named nodes (each side
 * fully connected inside, fully cut from the others), smallest side first; undefined otherwise.
 */
function equivalenceSides(named: readonly string[], cut: (a: string, b: string) => boolean): string[][] | undefined {
  const sides: string[][] = [];
  for (const n of named) {
    const side = sides.find((s) => !cut(s[0] as string, n));
    if (side) side.push(n);
    else sides.push([n]);
  }
  for (const a of named)
    for (const b of named) {
      const same = sides.some((s) => s.includes(a) && s.includes(b));
      if (a !== b && same === cut(a, b)) return undefined;
    }
  return sides.sort((x, y) => x.length - y.length || byName(x[0] as string, y[0] as string));
}

/**
 * A fault window's label from its `f` and recorded value: a partition by its grudge, a process
 * fault by its nodes ("kill n3"), anything else by `f` and the nodes it names.
 */
export function faultLabel(f: string, value: unknown, allNodes: readonly string[] = []): string {
  const v = (value ?? {}) as { grudge?: unknown; nodes?: unknown };
  if (f === "partition" && isGrudge(v.grudge)) return `partition: ${describeGrudge(v.grudge, allNodes)}`;
  const nodes = Array.isArray(v.nodes) ? v.nodes.filter((n): n is string => typeof n === "string") : [];
  return nodes.length > 0 ? `${f} ${nodeList(sortedNames(nodes))}` : f;
}

function isGrudge(g: unknown): g is Grudge {
  return (
    typeof g === "object" &&
    g !== null &&
    !Array.isArray(g) &&
    Object.values(g).every((to) => Array.isArray(to) && to.every((n) => typeof n === "string"))
  );
}
