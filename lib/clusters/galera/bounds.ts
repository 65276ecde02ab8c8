import { type GaleraTopology, providerOptionMs } from "./topology.ts";

/** Galera's own default for evs.inactive_timeout, when a topology does not set it. */
const GALERA_INACTIVE_TIMEOUT_MS = 15_000;

/**
 * How soon a node cut off from the others (or every node of a split without a majority) must
 * be non-Primary: evs.inactive_timeout, plus the margin.
 *
 * Why not evs.suspect_timeout: a peer silent for suspect_timeout is only suspected; it leaves
 * the view then if every remaining member agrees, and is declared gone unilaterally at
 * inactive_timeout, Galera's hard limit. In an even split each half must agree first, and on
 * a loaded machine that agreement took longer than suspect_timeout: measured from the nodes'
 * own logs, both halves of a 4-node split non-Primary 5.2 s after the cut (suspect PT2S,
 * inactive PT4S, load average 11 on 2 cores), which a suspect_timeout + 3 s bound called a
 * failure. The margin covers the view installation after detection, and the measurement.
 */
export function nonPrimaryBoundMs(topology: GaleraTopology, marginMs: number): number {
  return (providerOptionMs(topology, "evs.inactive_timeout") ?? GALERA_INACTIVE_TIMEOUT_MS) + marginMs;
}
