import type { ContainerFile } from "../../runtime/container-files.ts";
import type { ResolvedImage } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { GaleraNodeAddress } from "./server-args.ts";
import type { GaleraFlavor, GaleraTopology } from "./topology.ts";

/** A file written into a node's container before it starts (TLS material, my.cnf fragments). */
export type GaleraFile = ContainerFile;

/** Per-run material every node shares: generated once, before the first node starts. */
export interface GaleraSecrets {
  /** Password of the administrative user the harness uses inside containers, where the flavor needs one. */
  rootPassword: string;
  /** Files every node gets (e.g. PXC's CA, certificate and key, identical on every node). */
  files: GaleraFile[];
}

/** What one node's container is made of. */
export interface GaleraNodeSpec {
  command: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  files: GaleraFile[];
}

export interface GaleraNodePlan {
  topology: GaleraTopology;
  node: GaleraNodeAddress;
  all: readonly GaleraNodeAddress[];
  /** The address every peer is known by through the mesh (Toxiproxy's): see clusterAddress. */
  meshHost: string;
  /** The node that founds the cluster on its very first start (n1). */
  founder: boolean;
  secrets: GaleraSecrets;
}

/**
 * What differs between MariaDB Galera and Percona XtraDB Cluster: binaries, how a node is
 * started and bootstrapped, how the harness runs SQL inside a container, SST methods, TLS.
 * Everything else (mesh, readiness, scenarios) is shared.
 */
export interface GaleraFlavorDriver {
  name: GaleraFlavor;
  sstMethods: readonly string[];
  defaultSstMethod: string;
  /** The server binary (mariadbd, mysqld) and the command-line client (mariadb, mysql). */
  server: string;
  client: string;
  /** Where the node keeps its data (grastate.dat); faultline's markers are in node-script.ts STATE_DIR. */
  datadir: string;
  /**
   * Generates the run's shared material (passwords, TLS) before any node starts; may run
   * throwaway containers of the image in the cluster's scope.
   */
  secrets(ctx: { topology: GaleraTopology; runtime: Runtime; image: ResolvedImage }): GaleraSecrets | Promise<GaleraSecrets>;
  nodeSpec(plan: GaleraNodePlan): GaleraNodeSpec;
  /** argv that runs SQL as an administrator inside a node's container, tab-separated rows, no headers. */
  sqlArgv(sql: string, secrets: GaleraSecrets): string[];
}
