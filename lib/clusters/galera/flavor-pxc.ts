import { randomBytes } from "node:crypto";
import type { GaleraFile, GaleraFlavorDriver, GaleraNodePlan } from "./flavor.ts";
import { nodeScript, STATE_DIR } from "./node-script.ts";
import { PXC_OPTION_FILE, pxcOptionFile, trafficEncrypted } from "./pxc-option-file.ts";
import { generateTls, PXC_UID, TLS_DIR, TLS_FILES } from "./pxc-tls.ts";
import { asArguments, galeraSettings } from "./server-args.ts";
import { DEFAULT_SST_METHOD, type GaleraTopology, SST_METHODS, settingName } from "./topology.ts";

/*
 * Percona XtraDB Cluster 8.0, official image percona/percona-xtradb-cluster:8.0. What this
 * relies on, read in percona/percona-docker percona-xtradb-cluster-8.0/ (Dockerfile,
 * dockerdir/entrypoint.sh, dockerdir/etc/mysql/node.cnf) and percona/pxc-docs (docker.md,
 * encrypt-traffic.md):
 * - ENTRYPOINT /entrypoint.sh, CMD mysqld, USER 1001 (mysql). /etc/my.cnf includes
 *   /etc/mysql/node.cnf (datadir /var/lib/mysql, socket /tmp/mysql.sock for server and client,
 *   wsrep_provider /usr/lib64/galera4/libgalera_smm.so, wsrep_cluster_address=gcomm://) and
 *   the directory /etc/percona-xtradb-cluster.conf.d/.
 * - The entrypoint initialises the datadir only when CLUSTER_JOIN is empty, by running a
 *   temporary server *with wsrep* on the default socket until it is Synced; with CLUSTER_JOIN
 *   set it never initialises (the joiner's data comes by SST). Before exec'ing mysqld it
 *   recovers the start position (grastate.dat, else `mysqld --wsrep_recover`) and passes
 *   --wsrep_start_position, as Percona's own packaging does.
 * - "Empty CLUSTER_JOIN starts a new cluster" works through node.cnf's gcomm:// address, which
 *   faultline's --wsrep-cluster-address overrides: a bootstrap here says --wsrep-new-cluster.
 *
 * - The SST script (wsrep_sst_xtrabackup-v2) reads its settings from option files only, never
 *   from mysqld's arguments: see pxc-option-file.ts. A joiner's SST empties the datadir but for
 *   its cpat list, so faultline's markers live outside it (node-script.ts STATE_DIR, made here
 *   for uid 1001).
 *
 * So every node gets CLUSTER_JOIN (the entrypoint never initialises, and never runs its
 * temporary wsrep server, which the harness's readiness poll on the default socket could
 * mistake for the founder), the founder initialises its datadir itself before its first start
 * (wsrep off, private socket, no networking: nothing outside sees it), and both join and
 * bootstrap exec the image's entrypoint, keeping its position recovery. docs/pxc.md lists what
 * was read where, and what the first live run must confirm.
 */

const DATADIR = "/var/lib/mysql";
export const PXC_PROVIDER = "/usr/lib64/galera4/libgalera_smm.so";
const ENTRYPOINT = "/entrypoint.sh";
/** Client options of the harness (root and its password): no password in argv, no warning line. */
export const ROOT_CLIENT_CNF = "/etc/faultline/root.cnf";
const INIT_SOCKET = "/tmp/faultline-init.sock";

/** PXC 8.0 encrypts cluster traffic unless the user set pxc-encrypt-cluster-traffic off. */
export function clusterTrafficEncrypted(t: GaleraTopology): boolean {
  return trafficEncrypted(t.settings);
}

/** Server settings for TLS: the shared pair for clients, and (through ON) for Galera and SST. */
export function tlsSettings(t: GaleraTopology): Record<string, string> {
  if (!clusterTrafficEncrypted(t)) return {};
  return {
    "pxc-encrypt-cluster-traffic": "ON",
    "ssl-ca": `${TLS_DIR}/${TLS_FILES.ca}`,
    "ssl-cert": `${TLS_DIR}/${TLS_FILES.cert}`,
    "ssl-key": `${TLS_DIR}/${TLS_FILES.key}`,
  };
}

/** faultline's defaults first, the user's settings after them (the same name, written with - or _, once). */
function mergeSettings(defaults: Record<string, string>, user: Record<string, string>): Record<string, string> {
  const taken = new Set(Object.keys(user).map(settingName));
  return { ...Object.fromEntries(Object.entries(defaults).filter(([name]) => !taken.has(settingName(name)))), ...user };
}

/**
 * On SIGTERM PXC first switches pxc_maint_mode to SHUTDOWN and sleeps pxc_maint_transition_period
 * (10 s by default) before it shuts down; Docker's stop and restart give 10 s before SIGKILL, so
 * each would act as a kill. 0 makes them the clean shutdowns they are meant to be. It is an
 * argument, so the founder's temporary server and the recovery get it too; a user's --set wins.
 */
export const PXC_DEFAULTS: Readonly<Record<string, string>> = { "pxc-maint-transition-period": "0" };

export function pxcSettings(plan: GaleraNodePlan): Record<string, string> {
  const defaults = { ...PXC_DEFAULTS, ...tlsSettings(plan.topology) };
  const t = { ...plan.topology, settings: mergeSettings(defaults, plan.topology.settings) };
  return galeraSettings(t, plan.node, plan.all, PXC_PROVIDER, plan.meshHost);
}

/**
 * The founder's datadir initialisation (once, when it has none): what the entrypoint does,
 * minus wsrep and networking. Runs as the image's user; the password comes from the
 * environment (MYSQL_ROOT_PASSWORD, the image's own variable).
 */
export function founderInit(): string {
  const admin = `--socket=${INIT_SOCKET} -uroot`;
  return [
    `if [ ! -d ${DATADIR}/mysql ]; then`,
    '  echo "faultline: initialising the datadir" >&2',
    '  mysqld "$@" --wsrep-provider=none --initialize-insecure || exit 1',
    `  rm -f ${INIT_SOCKET}`,
    `  mysqld "$@" --wsrep-provider=none --skip-networking --socket=${INIT_SOCKET} &`,
    "  init_pid=$!",
    `  for _ in $(seq 240); do mysqladmin ${admin} ping >/dev/null 2>&1 && break; sleep 0.5; done`,
    `  mysql ${admin} -e "ALTER USER 'root'@'localhost' IDENTIFIED BY '$MYSQL_ROOT_PASSWORD'" || { kill "$init_pid"; exit 1; }`,
    '  kill "$init_pid"; wait "$init_pid" || true',
    "fi",
  ].join("\n");
}

export const pxcFlavor: GaleraFlavorDriver = {
  name: "pxc",
  sstMethods: SST_METHODS.pxc,
  defaultSstMethod: DEFAULT_SST_METHOD.pxc,
  server: "mysqld",
  client: "mysql",
  datadir: DATADIR,
  async secrets({ topology, runtime, image }) {
    // Hex: safe inside SQL quotes, shell words and option files alike.
    const rootPassword = randomBytes(18).toString("hex");
    const files = clusterTrafficEncrypted(topology) ? await generateTls(runtime, image) : [];
    return { rootPassword, files };
  },
  nodeSpec(plan) {
    const settings = pxcSettings(plan);
    const script = nodeScript({
      datadir: DATADIR,
      stateDir: STATE_DIR,
      init: plan.founder ? founderInit() : ":",
      join: `exec ${ENTRYPOINT} mysqld "$@"`,
      bootstrap: `exec ${ENTRYPOINT} mysqld --wsrep-new-cluster "$@"`,
      // MySQL 8.0 logs the position as a Note, which it writes only at verbosity 3 (as the entrypoint asks).
      recover: `rm -f /tmp/wsrep-recover.log; mysqld "$@" --wsrep-recover --log-error-verbosity=3 --log-error=/tmp/wsrep-recover.log >/dev/null 2>&1; sed -n 's/.* Recovered position: *//p' /tmp/wsrep-recover.log | tail -n 1`,
      founder: plan.founder,
    });
    const files: GaleraFile[] = [
      // The markers' directory: mysqld's user (uid 1001) cannot create it under /var/lib itself.
      { path: STATE_DIR, content: "", directory: true, mode: 0o700, uid: PXC_UID, gid: PXC_UID },
      // Owned by the image's user (uid 1001): docker exec runs the client as that user.
      {
        path: ROOT_CLIENT_CNF,
        content: `[client]\nuser=root\npassword=${plan.secrets.rootPassword}\n`,
        mode: 0o600,
        uid: PXC_UID,
        gid: PXC_UID,
      },
      // The switch and the pair again, for the SST script, which reads option files only.
      { path: PXC_OPTION_FILE, content: pxcOptionFile(settings), mode: 0o644 },
    ];
    return {
      entrypoint: ["bash", "-c", script, "galera-node"],
      command: asArguments(settings),
      env: {
        MYSQL_ROOT_PASSWORD: plan.secrets.rootPassword,
        CLUSTER_NAME: settings["wsrep-cluster-name"] ?? "faultline",
        CLUSTER_JOIN: plan.all.map((n) => n.ip).join(","),
        // The entrypoint then passes --percona_telemetry_disable=1 and starts no telemetry agent.
        PERCONA_TELEMETRY_DISABLE: "1",
      },
      files,
    };
  },
  // --defaults-extra-file must come first; it adds root's password to node.cnf's [client] socket.
  sqlArgv: (sql) => ["mysql", `--defaults-extra-file=${ROOT_CLIENT_CNF}`, "-N", "-B", "-e", sql],
};
