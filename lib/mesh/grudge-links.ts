import type { Grudge } from "./grudge.ts";
import type { Link } from "./links.ts";

/**
 * How a grudge is applied. `reset`: the proxies of the cut links are disabled, so connections
 * are refused and open ones closed. `blackhole`: a timeout toxic with timeout 0 swallows the
 * bytes; connections stay open and carry nothing. On heal Toxiproxy closes the blackholed
 * connections (the bytes it dropped left their streams corrupt); new ones work.
 */
export type PartitionMode = "reset" | "blackhole";

export interface LinkCut {
  link: string;
  /** Which direction of the proxied connection carries bytes from the cut node. */
  stream: "upstream" | "downstream";
}

/**
 * The proxy-level changes that make `from` unable to reach `to`, for every grudge entry.
 *
 * Reset: the proxies of connections `from` opens to `to` are disabled (a TCP proxy can only
 * refuse whole connections). For the symmetric grudges of most planners that cuts both ways.
 * Blackhole: bytes from `from` to `to` vanish on every connection between them, on both the
 * connections `from` opened (upstream of from->to) and those `to` opened (downstream of to->from),
 * so a one-way grudge is truly one-way.
 */
export function grudgeCuts(grudge: Grudge, links: readonly Link[], mode: PartitionMode): LinkCut[] {
  const cuts = new Map<string, LinkCut>();
  for (const [from, targets] of Object.entries(grudge)) {
    for (const to of targets) {
      for (const link of links) {
        if (link.from === from && link.to === to) cuts.set(`${link.name} upstream`, { link: link.name, stream: "upstream" });
        if (mode === "blackhole" && link.from === to && link.to === from) {
          cuts.set(`${link.name} downstream`, { link: link.name, stream: "downstream" });
        }
      }
    }
  }
  return [...cuts.values()].sort((a, b) => (a.link < b.link ? -1 : a.link > b.link ? 1 : a.stream < b.stream ? -1 : 1));
}

/** The link names a reset-mode grudge disables. */
export function disabledLinks(grudge: Grudge, links: readonly Link[]): string[] {
  return grudgeCuts(grudge, links, "reset").map((c) => c.link);
}
