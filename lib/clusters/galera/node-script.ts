/**
 * Marker files through which the harness steers a restart without recreating the container.
 * They live in STATE_DIR, not in the datadir: a joiner's SST empties the datadir (PXC's
 * xtrabackup-v2 and MariaDB's mariabackup remove every entry not matching their `cpat` list),
 * and a founder whose started marker went with it would bootstrap a second cluster on its next
 * start.
 */
export const MARKERS = {
  /** Written by the first start of any node: later starts never found a new cluster by themselves. */
  started: ".faultline-started",
  /** Written before a full crash: the next start only recovers its position and waits for the harness. */
  hold: ".faultline-hold",
  /** uuid:seqno found by the recovery, for the harness to compare. */
  position: ".faultline-position",
  /** The harness's choice after a full crash: "bootstrap" or "join". */
  go: ".faultline-go",
} as const;

/**
 * Where every Galera node keeps the markers: a sibling of the datadir that no SST touches, in
 * the container's own layer (it outlives a restart, not a removal). The node's user must be able
 * to write it: root creates it; an image running as another user gets it made beforehand
 * (see the PXC flavor's files).
 */
export const STATE_DIR = "/var/lib/faultline";

/** Shell fragments of one flavor; "$@" holds the node's settings as --name=value arguments. */
export interface NodeScriptParts {
  /** The server's datadir (grastate.dat). */
  datadir: string;
  /** Where the markers live (STATE_DIR on a node; tests give a temporary directory). */
  stateDir: string;
  /** Runs before anything else, e.g. initialising an empty datadir. */
  init: string;
  /** Starts the server joining the cluster (an exec). */
  join: string;
  /** Starts the server founding a new primary component (an exec). */
  bootstrap: string;
  /** Prints the position (uuid:seqno) recovered from the datadir on stdout. */
  recover: string;
  /** The node that founds the cluster on its very first start. */
  founder: boolean;
}

/**
 * The start script of every Galera node. First start: the founder bootstraps, the others
 * join. Any later start joins: a founder restarted after a kill must rejoin, not found a second
 * cluster beside the first. After a full crash (hold marker) the node recovers its last
 * committed position, publishes it, and waits for the harness to say whether it bootstraps
 * (the most advanced node, with safe_to_bootstrap set as the manual procedure does) or joins.
 */
export function nodeScript(p: NodeScriptParts): string {
  const d = `"${p.datadir}"`;
  const m = `"${p.stateDir}"`;
  return [
    "set -u",
    p.init,
    // Without its markers a restarted founder would bootstrap again: refuse to start instead.
    `mkdir -p ${m} 2>/dev/null; if [ ! -w ${m} ]; then echo "faultline: cannot write ${p.stateDir}, where the node keeps its start markers" >&2; exit 1; fi`,
    `if [ -e ${m}/${MARKERS.hold} ]; then`,
    `  rm -f ${m}/${MARKERS.hold} ${m}/${MARKERS.go}`,
    `  pos=$(${p.recover})`,
    `  echo "faultline: recovered position \${pos:-unknown}" >&2`,
    `  echo "\${pos:-unknown}" > ${m}/${MARKERS.position}`,
    "  # The harness compares every node's position and writes its choice; its own deadline bounds this wait.",
    `  while [ ! -s ${m}/${MARKERS.go} ]; do sleep 0.2; done`,
    `  go=$(cat ${m}/${MARKERS.go}); rm -f ${m}/${MARKERS.go} ${m}/${MARKERS.position}`,
    `  echo "faultline: told to $go" >&2`,
    "  # Start from the recovered position (as MariaDB's galera_recovery does): a joiner then catches",
    "  # up by IST instead of a full SST, and the bootstrapped node keeps the cluster's history.",
    `  case "\${pos:-}" in *-*:[0-9]*) set -- "$@" "--wsrep-start-position=$pos" ;; esac`,
    `  if [ "$go" = bootstrap ]; then sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' ${d}/grastate.dat; ${p.bootstrap}; fi`,
    `  ${p.join}`,
    "fi",
    p.founder ? `if [ ! -e ${m}/${MARKERS.started} ]; then touch ${m}/${MARKERS.started}; ${p.bootstrap}; fi` : ":",
    `touch ${m}/${MARKERS.started}`,
    p.join,
  ].join("\n");
}

/** "uuid:seqno" as the recovery prints it; seqno -1 (or unreadable) sorts lowest. */
export function parsePosition(text: string): { uuid: string; seqno: number } | undefined {
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(-?\d+)/i.exec(text);
  return m?.[1] && m[2] ? { uuid: m[1].toLowerCase(), seqno: Number(m[2]) } : undefined;
}

/**
 * The node to bootstrap from after a full crash: the highest seqno of the cluster's state
 * uuid, the one most nodes recovered (seqnos of different histories do not compare); ties go
 * to the first by name, as any of them holds every committed write. Undefined when no node
 * recovered a position.
 */
export function mostAdvanced(positions: ReadonlyMap<string, string>): { node: string; uuid: string; seqno: number } | undefined {
  const parsed = [...positions]
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .flatMap(([node, text]) => {
      const p = parsePosition(text);
      return p && p.seqno >= 0 ? [{ node, ...p }] : [];
    });
  const votes = new Map<string, number>();
  for (const p of parsed) votes.set(p.uuid, (votes.get(p.uuid) ?? 0) + 1);
  const uuid = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  let best: { node: string; uuid: string; seqno: number } | undefined;
  for (const p of parsed) if (p.uuid === uuid && (!best || p.seqno > best.seqno)) best = p;
  return best;
}
