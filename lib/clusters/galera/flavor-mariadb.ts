import type { GaleraFlavorDriver } from "./flavor.ts";
import { nodeScript, STATE_DIR } from "./node-script.ts";
import { asArguments, galeraSettings } from "./server-args.ts";
import { DEFAULT_SST_METHOD, SST_METHODS } from "./topology.ts";

const DATADIR = "/var/lib/mysql";

/**
 * MariaDB Galera: Debian's packages (the local images) and the official `mariadb` image alike.
 * The server runs directly (no entrypoint); an empty datadir (the official image's) is
 * initialised first. The harness talks to the server as root over the socket (unix_socket
 * authentication), so no password is needed inside the container.
 */
export const mariadbFlavor: GaleraFlavorDriver = {
  name: "mariadb",
  sstMethods: SST_METHODS.mariadb,
  defaultSstMethod: DEFAULT_SST_METHOD.mariadb,
  server: "mariadbd",
  client: "mariadb",
  datadir: DATADIR,
  secrets: () => ({ rootPassword: "", files: [] }),
  nodeSpec(plan) {
    const settings = asArguments(galeraSettings(plan.topology, plan.node, plan.all, "/usr/lib/galera/libgalera_smm.so", plan.meshHost));
    const script = nodeScript({
      datadir: DATADIR,
      stateDir: STATE_DIR,
      init: `mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld; if [ ! -d ${DATADIR}/mysql ]; then mariadb-install-db --user=mysql --datadir=${DATADIR} >/dev/null; fi`,
      join: 'exec mariadbd "$@"',
      bootstrap: 'exec mariadbd --wsrep-new-cluster "$@"',
      recover: `mariadbd "$@" --wsrep-recover --log-error=/tmp/wsrep-recover.log >/dev/null 2>&1; sed -n 's/.*WSREP: Recovered position: *//p' /tmp/wsrep-recover.log | tail -n 1`,
      founder: plan.founder,
    });
    return { command: ["bash", "-c", script, "galera-node", ...settings], env: {}, files: [] };
  },
  sqlArgv: (sql) => ["mariadb", "-N", "-B", "-e", sql],
};
