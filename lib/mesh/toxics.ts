import { type Link, linksOfNode, peerLinks } from "./links.ts";

/** A Toxiproxy toxic as data (names, types and attributes as Toxiproxy defines them). */
export interface ToxicSpec {
  type: "latency" | "bandwidth" | "slow_close" | "timeout" | "reset_peer" | "limit_data" | "slicer";
  /** upstream: client -> server bytes; downstream: server -> client bytes (Toxiproxy's terms). */
  stream: "upstream" | "downstream";
  toxicity: number;
  attributes: Record<string, number>;
}

type Stream = ToxicSpec["stream"];

function spec(type: ToxicSpec["type"], attributes: Record<string, number>, stream: Stream, toxicity = 1): ToxicSpec {
  for (const [name, value] of Object.entries(attributes)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${type}.${name} must be a number >= 0, got ${value}`);
  }
  if (!(toxicity >= 0 && toxicity <= 1)) throw new RangeError(`toxicity must be within 0..1, got ${toxicity}`);
  return { type, stream, toxicity, attributes };
}

/** Delay of latency ± jitter milliseconds on every chunk of data. */
export const latency = (ms: number, jitterMs = 0, stream: Stream = "downstream") =>
  spec("latency", { latency: ms, jitter: jitterMs }, stream);
/** At most `kbPerSecond` KB/s. */
export const bandwidth = (kbPerSecond: number, stream: Stream = "downstream") => spec("bandwidth", { rate: kbPerSecond }, stream);
/** Delays the close of a connection by `ms`. */
export const slowClose = (ms: number, stream: Stream = "downstream") => spec("slow_close", { delay: ms }, stream);
/** Stops all data; closes after `ms`, never when 0 (a blackhole). */
export const timeout = (ms: number, stream: Stream = "downstream") => spec("timeout", { timeout: ms }, stream);
/** Resets connections (TCP RST) after `ms`. */
export const resetPeer = (ms = 0, stream: Stream = "downstream") => spec("reset_peer", { timeout: ms }, stream);
/** Closes a connection once `bytes` have passed. */
export const limitData = (bytes: number, stream: Stream = "downstream") => spec("limit_data", { bytes }, stream);
/** Slices data into chunks of about `averageSize` bytes, `delayUs` microseconds apart. */
export const slicer = (averageSize: number, sizeVariation: number, delayUs: number, stream: Stream = "downstream") =>
  spec("slicer", { average_size: averageSize, size_variation: sizeVariation, delay: delayUs }, stream);

/** Which links a toxic goes on. */
export type LinkSelector = { link: string } | { node: string } | { all: true };

export function selectLinks(links: readonly Link[], selector: LinkSelector): Link[] {
  if ("link" in selector) {
    const found = links.filter((l) => l.name === selector.link);
    if (found.length === 0) throw new RangeError(`no link named ${selector.link}`);
    return found;
  }
  if ("node" in selector) {
    const found = linksOfNode(peerLinks(links), selector.node);
    if (found.length === 0) throw new RangeError(`no links of node ${selector.node}`);
    return found;
  }
  return peerLinks(links);
}
