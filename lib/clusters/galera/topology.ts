import { BadInputError } from "../../core/errors.ts";
import { shownSetting } from "../../core/redact.ts";
import { MAX_DEADLINE_MS } from "../../core/time-limits.ts";
import { badReference, meantAsReference } from "../../runtime/images/reference.ts";
import { optionName, ownedOption, readAs } from "../mysql-option-name.ts";
import { checkSettingValue } from "../setting-value.ts";

export type GaleraFlavor = "mariadb" | "pxc";

/** A Galera cluster run; validated before anything starts. */
export interface GaleraTopology {
  /** Catalog image name (mariadb-galera-10.11, mariadb-galera-11.8, pxc-8.0) or an image reference. */
  image: string;
  flavor: GaleraFlavor;
  nodes: number;
  sstMethod: string;
  /** wsrep_provider_options, merged over the defaults below. */
  providerOptions: Record<string, string>;
  /** Extra server (my.cnf) settings for every node, e.g. innodb_flush_log_at_trx_commit=2. */
  settings: Record<string, string>;
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
  flavor: "mariadb",
  nodes: 3,
  sstMethod: "rsync",
  providerOptions: {},
  settings: {},
};

export const SST_METHODS: Record<GaleraFlavor, readonly string[]> = {
  mariadb: ["rsync", "mariabackup"],
  pxc: ["xtrabackup-v2"],
};

/**
 * SST methods a flavor has that faultline refuses, with why. PXC's clone (wsrep_sst_clone): the
 * donor asks the joiner's temporary server `SELECT USER()` and has it run `CLONE INSTANCE FROM`
 * that host at the donor's own MySQL port. Through the mesh the host is the proxy's address,
 * where the port is not routed (MySQL's port is the same on every node, so the proxy's address
 * cannot name one donor as a per-node group port does). PXC 8.0 also takes clone only when
 * wsrep_sst_allowed_methods lists it, which its documented default does not.
 */
export const REFUSED_SST_METHODS: Record<GaleraFlavor, Readonly<Record<string, string>>> = {
  mariadb: {},
  pxc: {
    clone:
      "the joiner's CLONE INSTANCE FROM dials the donor at the address its connection came from, which through faultline's mesh is the proxy's, at the donor's MySQL port, which the mesh does not route (and PXC 8.0 accepts clone only when wsrep_sst_allowed_methods lists it)",
  },
};

export const DEFAULT_SST_METHOD: Record<GaleraFlavor, string> = { mariadb: "rsync", pxc: "xtrabackup-v2" };

const MESH = "addresses and ports go through the mesh: a node that set its own would leave it, and partitions would not cut its links";
const MEMBERSHIP = "the provider and the cluster's membership are faultline's: a node without them is not in the cluster under test";
const LAYOUT = "the image's data directory and user, which faultline's start-up relies on";
const REACH = "faultline's clients and probes connect over plain TCP through the mesh: with it they could not reach the node";

/**
 * Settings faultline sets on every node (addresses, ports, provider, cluster name), or keeps
 * off, with why; names in the server's spelling (mysql-option-name.ts `optionName`).
 */
const OWN_SETTINGS: Readonly<Record<string, { why: string; set: boolean }>> = {
  wsrep_on: { why: MEMBERSHIP, set: true },
  wsrep_provider: { why: MEMBERSHIP, set: true },
  wsrep_provider_options: { why: MESH, set: true },
  wsrep_cluster_address: { why: MESH, set: true },
  wsrep_cluster_name: { why: MEMBERSHIP, set: true },
  wsrep_node_address: { why: MESH, set: true },
  wsrep_node_name: { why: MEMBERSHIP, set: true },
  wsrep_sst_method: { why: "the SST method is faultline's --sst", set: true },
  wsrep_sst_receive_address: { why: MESH, set: true },
  port: { why: MESH, set: true },
  bind_address: { why: MESH, set: true },
  datadir: { why: LAYOUT, set: true },
  user: { why: LAYOUT, set: true },
  skip_networking: { why: REACH, set: false },
  require_secure_transport: { why: REACH, set: false },
};

/** Provider options that place a node's group, IST and multicast traffic: faultline's, so that it goes through the mesh. */
const OWN_PROVIDER_OPTIONS = ["gmcast.listen_addr", "gmcast.mcast_addr", "ist.recv_addr", "ist.recv_bind", "base_host", "base_port"];

/** ISO 8601 durations as Galera writes them (PT0.5S, PT2S, PT1M, PT1H30M) in milliseconds. */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return undefined;
  return Math.round((Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000);
}

export function providerOptions(t: GaleraTopology): Record<string, string> {
  return { ...DEFAULT_PROVIDER_OPTIONS, ...t.providerOptions };
}

/** A provider option as milliseconds (its value, else Galera's default where faultline needs one). */
export function providerOptionMs(t: GaleraTopology, name: string): number | undefined {
  const value = providerOptions(t)[name];
  return value === undefined ? undefined : parseIsoDuration(value);
}

/** my.cnf names are written with - or _; the server treats them alike, and ignores case. */
export const settingName = optionName;

function validateSettings(settings: Record<string, string>): void {
  for (const [name, value] of Object.entries(settings)) {
    if (!/^[a-z][a-z0-9_-]*$/i.test(name))
      throw new BadInputError(
        `set.${name}`,
        "is not a server setting name",
        "Write settings as name=value, e.g. --set innodb_flush_log_at_trx_commit=2.",
      );
    // However it is written: wsrep-on, LOOSE-WSREP_ON, skip-wsrep-on, wsrep-cluster-addr.
    const owned = ownedOption(name, Object.keys(OWN_SETTINGS));
    const rule = owned && OWN_SETTINGS[owned.owned];
    if (owned && rule) {
      throw new BadInputError(
        `set.${name}`,
        `is ${rule.set ? "set" : "kept off"} by faultline on every node${readAs(owned)}: ${rule.why}`,
        owned.owned === "wsrep_provider_options"
          ? "Give provider options with --provider-option key=value."
          : "Remove it; use --sst for the SST method and --nodes for the cluster size.",
      );
    }
    checkSettingValue(`set.${name}`, name, value);
  }
}

function validateProviderOptions(options: Record<string, string>): void {
  for (const [key, value] of Object.entries(options)) {
    if (OWN_PROVIDER_OPTIONS.includes(key.trim().toLowerCase()))
      throw new BadInputError(
        `provider-options.${key}`,
        "is set by faultline so that the link goes through the mesh: an address or port of its own, or multicast, would bypass the proxies, and partitions would silently not cut it",
        "Remove it.",
      );
    if (!/^[a-z_]+(\.[a-z_]+)+$/.test(key))
      throw new BadInputError(
        `provider-options.${key}`,
        "is not a provider option name",
        "Write options as section.name, e.g. evs.suspect_timeout.",
      );
    checkSettingValue(`provider-options.${key}`, key, value);
    if (value.includes(";"))
      throw new BadInputError(
        `provider-options.${key}`,
        `${shownSetting(key, value)} contains ';' or a newline`,
        "Give one value per option.",
      );
    // Durations become bounds faultline waits on (evs.suspect_timeout + margin): bounded as every deadline is.
    const ms = parseIsoDuration(value);
    if (ms !== undefined && !(ms <= MAX_DEADLINE_MS))
      throw new BadInputError(
        `provider-options.${key}`,
        `${value} is longer than faultline takes for a provider option's duration (at most PT24H, ${MAX_DEADLINE_MS} ms)`,
        "Give PT24H or less.",
      );
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
  // Galera also requires suspect_timeout <= inactive_timeout (a node is suspected before it is declared inactive).
  const inactive = parseIsoDuration(options["evs.inactive_timeout"] ?? "");
  if (inactive !== undefined && suspect > inactive) {
    throw new BadInputError(
      "provider-options.evs.suspect_timeout",
      `${options["evs.suspect_timeout"]} is above evs.inactive_timeout (${options["evs.inactive_timeout"]}); Galera would refuse to start`,
      "Keep evs.suspect_timeout at or below evs.inactive_timeout.",
    );
  }
  // And evs.install_timeout from evs.keepalive_period to evs.inactive_timeout (gcomm's check_range on it):
  // captured, "parameter 'evs.install_timeout' value PT3S is out of range [PT0.5S,PT2S)" with inactive PT2S.
  const install = parseIsoDuration(options["evs.install_timeout"] ?? "");
  if (install !== undefined && inactive !== undefined && (install > inactive || install < keepalive)) {
    throw new BadInputError(
      "provider-options.evs.install_timeout",
      `${options["evs.install_timeout"]} is outside evs.keepalive_period (${options["evs.keepalive_period"]}) to evs.inactive_timeout (${options["evs.inactive_timeout"]}); Galera would refuse to start`,
      "Keep evs.install_timeout at or below evs.inactive_timeout and at or above evs.keepalive_period.",
    );
  }
}

/**
 * Checks a topology against what Galera accepts, before any container starts. `images` maps
 * the catalog's Galera images to their flavor; an image reference outside the catalog keeps
 * the flavor it was given.
 */
export function validateGaleraTopology(given: Partial<GaleraTopology>, images: Record<string, GaleraFlavor>): GaleraTopology {
  // A field given as undefined means "not given": the default applies.
  const input = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<GaleraTopology>;
  const image = input.image ?? DEFAULT_GALERA_TOPOLOGY.image;
  const isReference = meantAsReference(image);
  if (isReference && images[image] === undefined) badReference(image, "percona/percona-xtradb-cluster:8.0");
  const flavor = images[image] ?? (isReference ? input.flavor : undefined);
  if (!flavor)
    throw new BadInputError(
      "image",
      `"${image}" is not a Galera image of the catalog`,
      `Use one of: ${Object.keys(images).join(", ")}, or an image reference such as percona/percona-xtradb-cluster:8.0.`,
    );
  const t: GaleraTopology = {
    ...DEFAULT_GALERA_TOPOLOGY,
    sstMethod: DEFAULT_SST_METHOD[flavor],
    ...input,
    image,
    flavor,
  };
  if (!Number.isInteger(t.nodes) || t.nodes < 3 || t.nodes > 15) {
    throw new BadInputError(
      "nodes",
      `${t.nodes} is not a whole number from 3 to 15`,
      "A Galera cluster that can lose a node and keep a primary view needs 3 or more nodes.",
    );
  }
  // Own keys only: "constructor" is no SST method, refused below like any other name.
  const refusal = Object.hasOwn(REFUSED_SST_METHODS[flavor], t.sstMethod) ? REFUSED_SST_METHODS[flavor][t.sstMethod] : undefined;
  if (refusal) {
    throw new BadInputError(
      "sst",
      `"${t.sstMethod}" cannot run on ${flavor} through faultline's mesh: ${refusal}`,
      `Use ${SST_METHODS[flavor].map((m) => `--sst ${m}`).join(" or ")}, or leave --sst out (${flavor}'s default is ${DEFAULT_SST_METHOD[flavor]}).`,
    );
  }
  if (!SST_METHODS[flavor].includes(t.sstMethod)) {
    throw new BadInputError("sst", `"${t.sstMethod}" is not an SST method of ${flavor}`, `Use one of: ${SST_METHODS[flavor].join(", ")}.`);
  }
  validateProviderOptions(providerOptions(t));
  validateSettings(t.settings);
  return t;
}
