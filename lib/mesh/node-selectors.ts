import type { Random } from "../core/random.ts";
import { majoritySize } from "./grudge.ts";

/** Which nodes a process fault hits. `primaries` are named by the engine (Redis masters, ...). */
export type NodeSelector =
  | { kind: "one"; node?: string }
  | { kind: "minority" }
  | { kind: "majority" }
  | { kind: "all" }
  | { kind: "primaries"; primaries: readonly string[] }
  | { kind: "nodes"; nodes: readonly string[] };

export function selectNodes(selector: NodeSelector, nodes: readonly string[], random: Random): string[] {
  const check = (chosen: readonly string[]) => {
    for (const n of chosen) if (!nodes.includes(n)) throw new RangeError(`${n} is not one of ${nodes.join(", ")}`);
    return [...chosen].sort();
  };
  switch (selector.kind) {
    case "one":
      return check([selector.node ?? random.pick(nodes)]);
    case "minority":
      return check(random.shuffle(nodes).slice(0, majoritySize(nodes.length) - 1));
    case "majority":
      return check(random.shuffle(nodes).slice(0, majoritySize(nodes.length)));
    case "all":
      return check(nodes);
    case "primaries":
      return check(selector.primaries);
    case "nodes":
      return check(selector.nodes);
  }
}
