/**
 * Why a Galera node (MariaDB Galera 10.11/11.8, Percona XtraDB Cluster 8.0) failed to start or
 * join, read from its error log. Pure: the caller fetches the log. Every wording below is either
 * captured from the local images (fixtures/galera/logs/) or quoted from Galera, MariaDB or
 * Percona source and docs; fixtures/galera/logs/README.md says which.
 */

export interface GaleraDiagnosis {
  /** Short stable id, kebab-case, e.g. "no-primary-view". */
  cause: string;
  /** The cause in words. */
  detail: string;
  /** The first log line that showed it, trimmed. */
  line: string;
  /** What to check or fix. */
  hint: string;
}

/**
 * "cause" lines name a root cause. "consequence" lines follow from some other failure (the
 * channel could not open, the server aborts) and "info" lines are normal on a lone starting node
 * (its own non-primary view); each tier is reported only when no higher tier matched, so a
 * report leads with the reason and not with its echoes.
 */
type Role = "cause" | "consequence" | "info";
const RANK: Record<Role, number> = { cause: 0, consequence: 1, info: 2 };

/**
 * Words and hint per cause. In `detail`, `{...}` is kept only when every `$name` inside it was
 * captured by a named group of the matching signature; `$reason` is the error just before.
 */
const CAUSES: Record<string, { detail: string; hint: string }> = {
  "no-primary-view": {
    detail: "failed to reach primary view (peers unreachable on 4567)",
    hint: "check that wsrep_cluster_address lists running nodes and that port 4567 is open between them; a first node needs --wsrep-new-cluster; pc.wait_prim_timeout bounds the wait",
  },
  "loopback-sst-address": {
    detail: "joiner advertised 127.0.0.1 for state transfer, so the donor cannot reach it",
    hint: "set wsrep_node_address (or wsrep_sst_receive_address) to the node's routable IP; Debian's 50-server.cnf sets bind-address = 127.0.0.1, which Galera then uses",
  },
  "sst-failed": {
    detail: "state snapshot transfer failed{ via $method} (SST tool or port 4444)",
    hint: "read the SST lines on joiner and donor (WSREP_SST on MariaDB, [WSREP-SST] on PXC): the SST tool (rsync, mariabackup, xtrabackup) must be installed on both, and port 4444 must be free on the joiner and open from the donor; MariaDB's mariabackup needs a valid wsrep_sst_auth on the donor (PXC 8.0 has no wsrep_sst_auth: the donor makes its own SST user); PXC's SST script reads its settings from option files only, never from the server's command line",
  },
  "sst-tls-files-missing": {
    detail: "the SST script found no CA, certificate or key file (PXC with pxc-encrypt-cluster-traffic on)",
    hint: "with the switch on, PXC's SST script reads ssl-ca, ssl-cert and ssl-key from the [mysqld] group of option files only (not [sst], not the command line), else looks for ca.pem, server-cert.pem and server-key.pem in the datadir, which a joiner's is not yet; faultline writes them to /etc/percona-xtradb-cluster.conf.d/faultline.cnf: check that the file is there and the paths it names are readable by uid 1001",
  },
  "ist-failed": {
    detail: "incremental state transfer failed (port 4568)",
    hint: "port 4568 must be free on the joiner and reachable from the donor (ist.recv_addr); the node falls back to SST or must be restarted",
  },
  "safe-to-bootstrap": {
    detail: "refused to bootstrap: grastate.dat has safe_to_bootstrap: 0 (not the last node to leave)",
    hint: "bootstrap from the node with the highest seqno (mysqld --wsrep-recover); only then set safe_to_bootstrap: 1 in its grastate.dat",
  },
  "provider-option-invalid": {
    detail: "wsrep provider option{ $param} out of range, unknown or malformed",
    hint: "fix wsrep_provider_options: evs.keepalive_period < evs.suspect_timeout / 3 <= evs.inactive_timeout, durations in ISO 8601 (PT5S), and only options this Galera version knows",
  },
  "tls-config-invalid": {
    detail: "TLS setting{ $param} unusable (certificate, key or CA file missing or unreadable)",
    hint: "check the socket.ssl_cert / socket.ssl_key / socket.ssl_ca paths exist in the container and are readable by mysql",
  },
  "tls-handshake-failed": {
    detail: "TLS handshake between nodes failed (certificates, CA or encryption settings differ)",
    hint: "every node needs TLS on or every node off (socket.ssl / pxc-encrypt-cluster-traffic), with certificates signed by the same CA",
  },
  "provider-not-loadable": {
    detail: "wsrep provider library could not be loaded",
    hint: "check wsrep_provider points at an existing libgalera_smm.so for this server version, and read the error just before it",
  },
  "datadir-not-writable": {
    detail: "datadir, tmpdir or a state file is not writable (permissions)",
    hint: "the datadir (grastate.dat, galera.cache) and tmpdir must be owned and writable by the mysql user",
  },
  "port-in-use": {
    detail: "a port the node needs (3306, 4567) is already in use",
    hint: "another mysqld, a leftover rsync/socat from an earlier SST, or another container holds the port; stop it or change the port",
  },
  "state-transfer-failed": {
    detail: "the donor reported that the state transfer failed",
    hint: "read the donor's log for the SST or IST error; ports 4444 (SST) and 4568 (IST) must be reachable on the joiner",
  },
  "state-transfer-aborted": {
    detail: "gave up waiting for a state transfer and aborted{ after: $reason}",
    hint: "the state transfer failed; read the donor's log and the SST lines above",
  },
  aborted: {
    detail: "server aborted at startup{ after: $reason}",
    hint: "the error just before 'Aborting' is the reason",
  },
  "non-primary-view": {
    detail: "node is in a non-primary component (cut off from the majority)",
    hint: "informational: the node lost quorum or has not joined yet; check the network between nodes (4567)",
  },
};

interface Signature {
  cause: keyof typeof CAUSES;
  role: Role;
  pattern: RegExp;
  /** Fill `$reason` from the block of [ERROR]/[Warning] lines just before the match. */
  preceding?: true;
}

// One line is attributed to the first signature it matches, so more specific entries come first.
const SIGNATURES: readonly Signature[] = [
  // Galera gcomm/src/pc.cpp, captured (peers-unreachable-*): "failed to open gcomm backend connection: 110: failed to reach primary view".
  { cause: "no-primary-view", role: "cause", pattern: /failed to reach primary view/i },
  // Wording from the issue; not found in Galera 4 source nor in the captures, kept for older providers.
  { cause: "no-primary-view", role: "cause", pattern: /gcomm: connect to .* failed/i },
  // Galera gcs/src/gcs.cpp, captured: "Failed to open channel 'my_wsrep_cluster' at 'gcomm://...': -110 (Connection timed out)"; also follows option errors, so a consequence.
  { cause: "no-primary-view", role: "consequence", pattern: /Failed to open channel/ },

  // Captured (loopback-sst-address-*): without wsrep_node_address the Debian images advertise 127.0.0.1.
  { cause: "loopback-sst-address", role: "cause", pattern: /IST receiver addr using \w+:\/\/127\.0\.0\.1:/ },
  { cause: "loopback-sst-address", role: "cause", pattern: /--role 'joiner' --address '127\.0\.0\.1/ },
  // MariaDB sql/wsrep_sst.cc warning, listed in its mysql-test suppressions: "wsrep_sst_receive_address is set to '127.0.0.1".
  { cause: "loopback-sst-address", role: "cause", pattern: /wsrep_sst_receive_address is set to '127\.0\.0\.1/ },

  // IST before SST and ports: the IST listener line also says "Address already in use".
  // Captured (ist-joiner-port-4568-busy): "Failed to prepare for incremental state transfer: Failed to open IST listener at tcp://...:4568'".
  { cause: "ist-failed", role: "cause", pattern: /Failed to open IST listener/ },
  // Captured (loopback-sst-address-donor): "IST failed: IST sender, failed to connect 'tcp://127.0.0.1:4568'".
  { cause: "ist-failed", role: "cause", pattern: /IST failed: IST sender/ },
  // Captured on the donor (ist-donor-side-joiner-4568-busy): "Joiner didn't provide IST connection info - cert. index preload impossible, bailing out."
  { cause: "ist-failed", role: "cause", pattern: /Joiner didn't provide IST connection info/ },
  // Galera galera/src/ist.cpp and pt-galera-log-explainer tests: "async IST sender failed to serve tcp://...:4568: ...".
  { cause: "ist-failed", role: "cause", pattern: /async IST sender,? failed/ },
  // Galera galera/src/ist.cpp ("IST receiver reported failure") and replicator_str.cpp ("receiving IST failed, node restart required").
  { cause: "ist-failed", role: "cause", pattern: /IST receiver\b.*\bfail|receiving IST failed/i },

  // PXC wsrep_sst_xtrabackup-v2.sh, with pxc-encrypt-cluster-traffic on and no [mysqld] ssl-* in an option file (made from its
  // wsrep_log_error strings, "[WSREP-SST]" prefix assumed): "* Could not find a CA (Certificate Authority) file.", "* Could not find/access : <path>".
  {
    cause: "sst-tls-files-missing",
    role: "cause",
    pattern: /Could not find a (?:CA \(Certificate Authority\)|certificate|key) file|Could not find\/access : /,
  },
  // MariaDB sql/wsrep_sst.cc, captured: "Failed to prepare for 'rsync' SST. Unrecoverable."
  { cause: "sst-failed", role: "cause", pattern: /Failed to prepare for '(?<method>[\w-]+)' SST/ },
  // MariaDB sql/wsrep_sst.cc, captured: "Failed to read 'ready <addr>' (got '(null)') from: wsrep_sst_rsync --role 'joiner' ...".
  { cause: "sst-failed", role: "cause", pattern: /Failed to read 'ready <addr>'.*?wsrep_sst_(?<method>[\w-]+)/ },
  // MariaDB/PXC wsrep_sst.cc, captured and in pt-galera-log-explainer tests: "Process completed with error: wsrep_sst_xtrabackup-v2 --role 'donor' ...";
  // captured on a donor: "Failed to read from: wsrep_sst_mariabackup ...", "Command did not run: wsrep_sst_mariabackup ...".
  {
    cause: "sst-failed",
    role: "cause",
    pattern: /(?:Process completed with error|Failed to read from|Command did not run): wsrep_sst_(?<method>[\w-]+)/,
  },
  // Wording from the issue ("wsrep_sst_<method> ... failed").
  { cause: "sst-failed", role: "cause", pattern: /wsrep_sst_(?<method>[\w-]+)\b.*\bfailed\b/ },
  // The SST scripts' own errors (wsrep_sst_common, captured): "WSREP_SST: [ERROR] the rsync or stunnel daemon ... terminated unexpectedly."
  { cause: "sst-failed", role: "cause", pattern: /WSREP_SST: \[ERROR\]/ },
  // Captured (sst-mariabackup-joiner-port-4444-busy): "Failed to read uuid:seqno and wsrep_gtid_domain_id from joiner script."
  { cause: "sst-failed", role: "cause", pattern: /Failed to read uuid:seqno.*from joiner script/ },
  // MariaDB sql/wsrep_sst.cc "SST failed: %d (%s)"; captured "SST request callback failed", "SST sending failed: -22",
  // "Application state transfer failed"; Galera replicator_str.cpp / PXC docs "State transfer request failed unrecoverably: 113 (No route to host)".
  {
    cause: "sst-failed",
    role: "cause",
    pattern:
      /\bSST failed: |SST request callback failed|SST sending failed|Application state transfer failed|State transfer request failed/i,
  },

  // Galera galera/src/replicator_smm.cpp, captured (safe-to-bootstrap-0-*). Not "safe_to_bootstrap: 0" alone: Galera prints
  // "Found saved state: ..., safe_to_bootstrap: 0" on every node that was not last to leave, which then joins normally.
  { cause: "safe-to-bootstrap", role: "cause", pattern: /It may not be safe to bootstrap the cluster from this node/ },

  // TLS settings before provider options: "Bad value ... for SSL parameter" must not read as a provider option.
  // Captured (tls-files-missing): "Bad value '/nope/cert.pem' for SSL parameter 'socket.ssl_cert': ... No such file or directory".
  { cause: "tls-config-invalid", role: "cause", pattern: /Bad value .* for SSL parameter '(?<param>[^']+)'/ },
  // Galera gcomm/src/asio_tcp.cpp and the PXC 8.0 upgrade guide: "[Galera] handshake with remote endpoint ssl://...:4567 failed: asio.ssl:...".
  { cause: "tls-handshake-failed", role: "cause", pattern: /handshake with remote endpoint .* failed/ },
  // PXC 8.0 follows the handshake error with "This error is often caused by SSL issues." (upgrade guide).
  { cause: "tls-handshake-failed", role: "cause", pattern: /often caused by SSL issues/ },
  // Captured (tls-other-ca-*, tls-cluster-side, tls-node-to-plain-cluster): "Failed to establish connection: certificate verify failed: ...",
  // "... tlsv1 alert unknown ca", "... unexpected eof while reading" (plain peer), "... wrong version number" (plain listener).
  {
    cause: "tls-handshake-failed",
    role: "cause",
    pattern:
      /Failed to establish connection: .*(?:certificate verify failed|tlsv1 alert|sslv3 alert|wrong version number|unexpected eof while reading|packet length too long|no shared cipher|handshake failure)/i,
  },
  // Wording from the issue: "SSL handshake failed", "asio.ssl" errors, "certificate verify failed", "Incorrect SSL configuration",
  // and PXC's pxc-encrypt-cluster-traffic named in an error or warning.
  {
    cause: "tls-handshake-failed",
    role: "cause",
    pattern:
      /SSL handshake failed|asio\.ssl|certificate verify failed|Incorrect SSL configuration|\[(?:ERROR|Warning)\].*pxc[-_]encrypt[-_]cluster[-_]traffic/i,
  },

  // Galera gcomm/src/gcomm/conf.hpp check_range(), captured (option-out-of-range-*): "parameter 'evs.keepalive_period' value PT1S is out of range [PT0.1S,PT0.666667S)".
  { cause: "provider-option-invalid", role: "cause", pattern: /parameter '(?<param>[^']+)' value .* is out of range/ },
  // Galera galerautils gu_config.cpp, captured (option-unrecognized): "Unrecognized parameter 'foo.bar'".
  { cause: "provider-option-invalid", role: "cause", pattern: /Unrecognized parameter '(?<param>[^']+)'/ },
  // Galera gu_config, captured (option-bad-value): "Bad value 'abc' for parameter 'evs.suspect_timeout'".
  { cause: "provider-option-invalid", role: "cause", pattern: /Bad value .* for parameter '(?<param>[^']+)'/ },

  // MariaDB sql/wsrep_mysqld.cc / wsrep-lib, captured (provider-missing): "wsrep_load(): dlopen(): /usr/lib/galera/libgalera_missing.so: cannot open shared object file".
  { cause: "provider-not-loadable", role: "cause", pattern: /wsrep_load\(\): dlopen\(\)|Failed to load wsrep library/ },
  // Captured after every provider init error (unknown option, TLS file, grastate.dat): "Failed to load provider" — a consequence.
  { cause: "provider-not-loadable", role: "consequence", pattern: /Failed to load provider/ },

  // mysys my_error EE_CANTCREATEFILE, captured (tmpdir-not-writable): "Can't create/write to file '/tmp/ro/ib...' (Errcode: 13 "Permission denied")".
  { cause: "datadir-not-writable", role: "cause", pattern: /Can't create\/write to file/ },
  // Galera galera/src/saved_state.cpp, captured (grastate-not-writable): "Could not open state file for writing: '/tmp/dd//grastate.dat'. Check permissions".
  { cause: "datadir-not-writable", role: "cause", pattern: /Could not open state file for writing/ },
  // InnoDB os0file.cc: "Operating system error number 13 in a file operation." (EACCES).
  { cause: "datadir-not-writable", role: "cause", pattern: /Operating system error number 13\b/ },

  // MariaDB sql/mysqld.cc and the MySQL manual, captured (port-3306-in-use): "Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use";
  // MySQL 8 / PXC: "Can't start server: Bind on TCP/IP port: Address already in use".
  { cause: "port-in-use", role: "cause", pattern: /Can't start server: Bind on TCP\/IP port/ },
  // Captured (port-4567-in-use): "failed to open gcomm backend connection: 98: Failed to listen: bind: Address already in use".
  { cause: "port-in-use", role: "cause", pattern: /Address already in use/ },

  // Galera gcs/src/gcs_group.cpp, captured and in pt-galera-log-explainer tests: "gcs_group_handle_join_msg():...: Will never receive state. Need to abort."
  { cause: "state-transfer-aborted", role: "consequence", pattern: /Will never receive state\. Need to abort/, preceding: true },
  // Galera gcs_group.cpp, captured on donor and joiner: "0.0 (n1): State transfer to 1.0 (n2) failed: Connection refused".
  { cause: "state-transfer-failed", role: "consequence", pattern: /State transfer to .* failed/ },
  // MariaDB/MySQL unireg_abort, captured: "[ERROR] Aborting"; MySQL 8 / PXC: "[ERROR] [MY-010119] [Server] Aborting".
  { cause: "aborted", role: "consequence", pattern: /\[ERROR\] (?:\[MY-\d+\] \[Server\] )?Aborting\s*$/, preceding: true },

  // Galera gcs_core / pc, captured (fixtures/galera/mariadb-10.11/node-log-n3-cut-off.txt, peers-unreachable-11.8):
  // "Received NON-PRIMARY." and "view(view_id(NON_PRIM,...)".
  { cause: "non-primary-view", role: "info", pattern: /Received NON-PRIMARY|view\(view_id\(NON_PRIM/ },
];

const LEVEL = /\[(?:ERROR|Warning)\]/;
const CONTINUATION = /^\s/; // "\t at ./gcomm/src/..." lines continue the message above

/** The first message of the run of [ERROR]/[Warning] lines just above `index`, without its prefix. */
function precedingReason(lines: readonly string[], index: number): string | undefined {
  let first: string | undefined;
  for (let i = index - 1; i >= 0; i--) {
    const l = lines[i] ?? "";
    if (CONTINUATION.test(l)) continue;
    if (!LEVEL.test(l)) break;
    first = l;
  }
  return first?.replace(/^.*?\[(?:ERROR|Warning)\]\s*(?:\[[^\]]*\]\s*)*(?:WSREP:\s*)?/, "").trim();
}

/** Fills `$name` and keeps a `{...}` part only when all its names are known. */
function render(template: string, values: Record<string, string | undefined>): string {
  const fill = (s: string) => s.replace(/\$(\w+)/g, (_, k: string) => values[k] ?? "");
  const optional = template.replace(/\{([^}]*)\}/g, (_, part: string) =>
    [...part.matchAll(/\$(\w+)/g)].every((m) => values[m[1] ?? ""]) ? part : "",
  );
  return fill(optional);
}

interface Hit {
  cause: string;
  role: Role;
  line: string;
  values: Record<string, string | undefined>;
}

/** Known failure signatures in a Galera node's log, one per cause (its first line), in log order. */
export function diagnoseGaleraLog(log: string): GaleraDiagnosis[] {
  const lines = log.split(/\r?\n/);
  const hits: Hit[] = [];
  lines.forEach((raw, i) => {
    const sig = SIGNATURES.find((s) => s.pattern.test(raw));
    if (!sig) return;
    const values: Record<string, string | undefined> = { ...raw.match(sig.pattern)?.groups };
    if (sig.preceding) values.reason = precedingReason(lines, i);
    hits.push({ cause: sig.cause, role: sig.role, line: raw.trim(), values });
  });
  const top = Math.min(...hits.map((h) => RANK[h.role]));
  const byCause = new Map<string, Hit>();
  for (const h of hits.filter((h) => RANK[h.role] === top)) {
    const seen = byCause.get(h.cause);
    if (!seen) byCause.set(h.cause, { ...h, values: { ...h.values } });
    // Keep the first line, but let a later line of the same cause name the SST method or option.
    else for (const [k, v] of Object.entries(h.values)) seen.values[k] ??= v;
  }
  return [...byCause.values()].map((h) => {
    const c = CAUSES[h.cause] ?? { detail: h.cause, hint: "" };
    return { cause: h.cause, detail: render(c.detail, h.values), line: h.line, hint: c.hint };
  });
}

/** One line per diagnosis, e.g. `n3: failed to reach primary view (peers unreachable on 4567): <line>`. */
export function describeDiagnoses(node: string, ds: readonly GaleraDiagnosis[]): string {
  return ds.map((d) => `${node}: ${d.detail}: ${d.line}`).join("\n");
}
