import { NEMESIS } from "../history/op.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import type { StartedContainer } from "../runtime/container.ts";
import type { Grudge } from "./grudge.ts";
import type { PartitionMode } from "./grudge-links.ts";
import type { StartedMesh } from "./mesh.ts";
import type { LinkSelector, ToxicSpec } from "./toxics.ts";

export type ProcessFault = "kill" | "stop" | "pause" | "restart";

/**
 * Applies faults and records each one in the history (Jepsen's convention): an `invoke` when
 * applying starts, an `info` once the API calls returned and the fault has taken effect, with
 * the affected nodes and links in `value`. It remembers which nodes it killed, stopped or
 * paused, so `heal` undoes every fault in effect.
 */
export class Nemesis {
  readonly #mesh: StartedMesh;
  readonly #nodes: Map<string, StartedContainer>;
  readonly #history: HistoryRecorder;
  readonly #down = new Map<string, "kill" | "stop" | "pause">();

  constructor(mesh: StartedMesh, nodes: Map<string, StartedContainer>, history: HistoryRecorder) {
    this.#mesh = mesh;
    this.#nodes = nodes;
    this.#history = history;
  }

  get nodeNames(): string[] {
    return [...this.#nodes.keys()];
  }

  /** Nodes currently killed, stopped or paused by this nemesis. */
  get faultedNodes(): ReadonlyMap<string, "kill" | "stop" | "pause"> {
    return this.#down;
  }

  async partition(grudge: Grudge, mode: PartitionMode): Promise<void> {
    await this.#record("partition", { grudge, mode }, async () => {
      const cuts = await this.#mesh.partition(grudge, mode);
      return { grudge, mode, nodes: Object.keys(grudge).sort(), links: cuts.map((c) => `${c.link}/${c.stream}`) };
    });
  }

  async toxic(selector: LinkSelector, toxic: ToxicSpec): Promise<void> {
    await this.#record("toxic", { selector, toxic }, async () => ({ toxic, links: await this.#mesh.addToxic(selector, toxic) }));
  }

  async processFault(fault: ProcessFault, nodes: readonly string[]): Promise<void> {
    await this.#record(fault, { nodes }, async () => {
      await Promise.all(
        nodes.map(async (name) => {
          const container = this.#container(name);
          if (fault === "kill") await container.kill("SIGKILL");
          else if (fault === "stop") await container.stop();
          else if (fault === "pause") await container.pause();
          else await container.restart();
          if (fault !== "restart") this.#down.set(name, fault);
        }),
      );
      return { nodes: [...nodes] };
    });
  }

  /** Undoes everything: one mesh /reset, then every killed or stopped node started, every paused one unpaused. */
  async heal(): Promise<void> {
    await this.#record("heal", {}, async () => {
      await this.#mesh.heal();
      const revived = [...this.#down.entries()];
      await Promise.all(
        revived.map(async ([name, how]) => {
          const container = this.#container(name);
          if (how === "pause") await container.unpause();
          else await container.startAgain();
          this.#down.delete(name);
        }),
      );
      return { nodes: revived.map(([name]) => name).sort(), revived: Object.fromEntries(revived) };
    });
  }

  async #record(f: string, intent: unknown, apply: () => Promise<unknown>): Promise<void> {
    this.#history.record({ process: NEMESIS, type: "invoke", f, value: intent });
    let value: unknown;
    try {
      value = await apply();
    } catch (error) {
      // The fault may be half applied: its outcome is unknown, and the history says so.
      this.#history.record({ process: NEMESIS, type: "info", f, value: intent, error: String(error) });
      throw error;
    }
    this.#history.record({ process: NEMESIS, type: "info", f, value });
  }

  #container(name: string): StartedContainer {
    const container = this.#nodes.get(name);
    if (!container) throw new RangeError(`no node ${name}`);
    return container;
  }
}
