import type { Toxiproxy, Proxy as ToxiproxyProxy } from "toxiproxy-node-client";
import { errorMessage, InfrastructureError } from "../core/errors.ts";
import type { StartedContainer } from "../runtime/container.ts";
import type { ImageResolver } from "../runtime/images.ts";
import type { RunNetwork } from "../runtime/network.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { dnatRules } from "./dnat.ts";
import type { Grudge } from "./grudge.ts";
import { grudgeCuts, type LinkCut, type PartitionMode } from "./grudge-links.ts";
import { type Link, type MeshNode, planLinks } from "./links.ts";
import { loadRules, startSidecar } from "./sidecar.ts";
import { type LinkSelector, selectLinks, type ToxicSpec } from "./toxics.ts";
import { type StartedToxiproxy, startToxiproxy } from "./toxiproxy-container.ts";

export interface MeshOptions {
  nodes: MeshNode[];
  /** Ports the nodes talk to each other on (each gets one proxy per ordered pair of nodes); a node's own `peerPorts` replace them for links to it. */
  peerPorts: number[];
  /** Ports clients on the host use (each gets one host -> node proxy). */
  clientPorts?: number[];
}

/**
 * Every directed link between nodes through its own Toxiproxy proxy. Start it before the
 * nodes: each node container then joins its sidecar's namespace (`sidecarOf`).
 *
 * With `early`, it returns once Toxiproxy and the sidecars run, and the proxies and DNAT rules
 * are set up behind it: nodes can start meanwhile, and must not talk to each other before
 * `linksReady` resolves (a node that speaks first would bypass the mesh or find no proxy).
 */
export async function startMesh(
  runtime: Runtime,
  network: RunNetwork,
  images: ImageResolver,
  options: MeshOptions,
  { early = false }: { early?: boolean } = {},
): Promise<StartedMesh> {
  const links = planLinks(options.nodes, options.peerPorts, options.clientPorts ?? []);
  const sidecarImage = await images.resolve("sidecar");
  const [toxiproxy, ...sidecars] = await Promise.all([
    startToxiproxy(runtime, network, images),
    ...options.nodes.map((node) => startSidecar(runtime, network, sidecarImage.ref, node)),
  ]);
  const proxyTable: Record<string, ToxiproxyProxy> = {};
  const linksReady = (async () => {
    Object.assign(
      proxyTable,
      await toxiproxy.api.populate(
        links.map((l) => ({ name: l.name, listen: `0.0.0.0:${l.listenPort}`, upstream: l.upstream, enabled: true })),
      ),
    );
    const missing = links.filter((l) => !proxyTable[l.name]);
    if (missing.length > 0) throw new InfrastructureError(`Toxiproxy did not create ${missing.map((l) => l.name).join(", ")}`);
    await Promise.all(
      options.nodes.map((node, i) => loadRules(sidecars[i] as StartedContainer, dnatRules(node, links, options.nodes, toxiproxy.ip))),
    );
  })();
  // Awaited by the caller (or below); until then a failure must not be an unhandled rejection.
  linksReady.catch(() => {});
  const mesh = new StartedMesh(
    links,
    toxiproxy,
    new Map(options.nodes.map((n, i) => [n.name, sidecars[i] as StartedContainer])),
    proxyTable,
    linksReady,
  );
  if (!early) await linksReady;
  return mesh;
}

export class StartedMesh {
  readonly links: readonly Link[];
  readonly toxiproxy: StartedToxiproxy;
  readonly #sidecars: Map<string, StartedContainer>;
  readonly #proxies: Record<string, ToxiproxyProxy>;
  /** Resolves once every proxy exists and every sidecar routes through them (see startMesh's `early`). */
  readonly linksReady: Promise<void>;
  #toxicSeq = 0;

  constructor(
    links: Link[],
    toxiproxy: StartedToxiproxy,
    sidecars: Map<string, StartedContainer>,
    proxies: Record<string, ToxiproxyProxy>,
    linksReady: Promise<void> = Promise.resolve(),
  ) {
    this.links = links;
    this.toxiproxy = toxiproxy;
    this.#sidecars = sidecars;
    this.#proxies = proxies;
    this.linksReady = linksReady;
  }

  get api(): Toxiproxy {
    return this.toxiproxy.api;
  }

  sidecarOf(node: string): StartedContainer {
    const sidecar = this.#sidecars.get(node);
    if (!sidecar) throw new RangeError(`no mesh node ${node}`);
    return sidecar;
  }

  /** The mesh's containers whose logs a run keeps: each node's sidecar (`<node>-net`) and Toxiproxy. */
  logSources(nodes: readonly string[]): Array<{ name: string; container: StartedContainer }> {
    return [
      ...nodes.map((n) => ({ name: `${n}-net`, container: this.sidecarOf(n) })),
      { name: "toxiproxy", container: this.toxiproxy.container },
    ];
  }

  /** Where a host client reaches `node`'s `port` through its client proxy. */
  clientAddress(node: string, port: number): { host: string; port: number } {
    const link = this.links.find((l) => l.from === "client" && l.to === node && l.port === port);
    if (!link) throw new RangeError(`no client link to ${node}:${port}`);
    return { host: this.toxiproxy.ip, port: link.listenPort };
  }

  /** Where a given directed link's proxy listens (for probing one link from the host). */
  linkAddress(name: string): { host: string; port: number } {
    const link = this.links.find((l) => l.name === name);
    if (!link) throw new RangeError(`no link ${name}`);
    return { host: this.toxiproxy.ip, port: link.listenPort };
  }

  /** Applies a grudge; resolves once Toxiproxy has acknowledged every change. */
  async partition(grudge: Grudge, mode: PartitionMode): Promise<LinkCut[]> {
    const cuts = grudgeCuts(grudge, this.links, mode);
    const seq = ++this.#toxicSeq;
    await Promise.all(
      cuts.map(async (cut) => {
        const proxy = this.#proxy(cut.link);
        try {
          if (mode === "reset") await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
          else
            await proxy.addToxic({
              name: `blackhole-${cut.stream}-${seq}`,
              type: "timeout",
              stream: cut.stream,
              toxicity: 1,
              attributes: { timeout: 0 },
            });
        } catch (error) {
          throw new InfrastructureError(`cutting link ${cut.link} (${mode}) failed: ${errorMessage(error)}`, { cause: error });
        }
      }),
    );
    return cuts;
  }

  /** Adds a toxic on the selected links; returns the links it went on. */
  async addToxic(selector: LinkSelector, toxic: ToxicSpec): Promise<string[]> {
    const links = selectLinks(this.links, selector);
    const name = `${toxic.type}-${toxic.stream}-${++this.#toxicSeq}`;
    await Promise.all(
      links.map((l) =>
        this.#proxy(l.name).addToxic({
          name,
          type: toxic.type,
          stream: toxic.stream,
          toxicity: toxic.toxicity,
          attributes: toxic.attributes,
        }),
      ),
    );
    return links.map((l) => l.name);
  }

  /** One /reset: every proxy enabled again, every toxic removed. */
  async heal(): Promise<void> {
    await this.api.reset();
  }

  #proxy(name: string): ToxiproxyProxy {
    const proxy = this.#proxies[name];
    if (!proxy) throw new RangeError(`no proxy for link ${name}`);
    return proxy;
  }
}
