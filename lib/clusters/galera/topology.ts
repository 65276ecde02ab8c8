import { BadInputError } from "../../core/errors.ts";

export type GaleraFlavor = "mariadb" | "pxc";

/** A Galera cluster run; validated before anything starts. */
export interface GaleraTopology {
  /** Catalog image name (mariadb-galera-10.11, mariadb-galera-11.8, pxc-8.0). */
  image: string;
  nodes: number;
  sstMethod: string;
  /** wsrep_provider_options, merged over the defaults below. */
  providerOptions: Record<string, string>;
}

/**
 * Tight failure detection so faults show within seconds (measured here: a cut node goes
 * non-Primary in about 3 s). Galera requires keepalive_period < suspect_timeout / 3.
 */
export const DEFAULT_PROVIDER_OPTIONS: Record<string, string> = {
  "evs.keepalive_period": "PT0.5S",
  "evs.suspect_timeout": "PT2S",
  "evs.inactive_timeout": "PT4S",
  "evs.install_timeout": "PT3S",
};

export const DEFAULT_GALERA_TOPOLOGY: GaleraTopology = {
  image: "mariadb-galera-10.11",
  nodes: 3,
  sstMethod: "rsync",
  providerOptions: {},
};

const SST_METHODS: Record<GaleraFlavor, string[]> = {
  mariadb: ["rsync", "mariabackup"],
  pxc: ["xtrabackup-v2", "clone"],
};

/** ISO 8601 durations as Galera writes them (PT0.5S, PT2S, PT1M, PT1H30M) in milliseconds. */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return undefined;
  return Math.round((Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000);
}

export function providerOptions(t: GaleraTopology): Record<string, string> {
  return { ...DEFAULT_PROVIDER_OPTIONS, ...t.providerOptions };
}

export function validateGaleraTopology(input: Partial<GaleraTopology>, images: Record<string, GaleraFlavor>): GaleraTopology {
  const t = { ...DEFAULT_GALERA_TOPOLOGY, ...input };
  const flavor = images[t.image];
  if (!flavor)
    throw new BadInputError("image", `"${t.image}" is not a Galera image of the catalog`, `Use one of: ${Object.keys(images).join(", ")}.`);
  if (!Number.isInteger(t.nodes) || t.nodes < 3 || t.nodes > 15) {
    throw new BadInputError(
      "nodes",
      `${t.nodes} is not a whole number from 3 to 15`,
      "A Galera cluster that can lose a node and keep a primary view needs 3 or more nodes.",
    );
  }
  if (!SST_METHODS[flavor].includes(t.sstMethod)) {
    throw new BadInputError("sst", `"${t.sstMethod}" is not an SST method of ${flavor}`, `Use one of: ${SST_METHODS[flavor].join(", ")}.`);
  }
  const options = providerOptions(t);
  for (const [key, value] of Object.entries(options)) {
    if (!/^[a-z_]+(\.[a-z_]+)+$/.test(key))
      throw new BadInputError(
        `provider-options.${key}`,
        "is not a provider option name",
        "Write options as section.name, e.g. evs.suspect_timeout.",
      );
    if (/[;\n]/.test(value))
      throw new BadInputError(`provider-options.${key}`, `"${value}" contains ';' or a newline`, "Give one value per option.");
  }
  const keepalive = parseIsoDuration(options["evs.keepalive_period"] ?? "");
  const suspect = parseIsoDuration(options["evs.suspect_timeout"] ?? "");
  if (keepalive === undefined || suspect === undefined) {
    throw new BadInputError(
      "provider-options",
      "evs.keepalive_period and evs.suspect_timeout must be ISO 8601 durations",
      "Write them like PT0.5S or PT2S.",
    );
  }
  // Galera refuses to start otherwise ("parameter 'evs.keepalive_period' value ... is out of range").
  if (!(keepalive < suspect / 3)) {
    throw new BadInputError(
      "provider-options.evs.keepalive_period",
      `${options["evs.keepalive_period"]} is not below evs.suspect_timeout / 3 (${options["evs.suspect_timeout"]} / 3); Galera would refuse to start`,
      `Lower evs.keepalive_period below ${suspect / 3000} s or raise evs.suspect_timeout.`,
    );
  }
  return t;
}
