/**
 * An example faultline config with every key, each set to its default unless said otherwise.
 * Copy it to faultline.config.ts (or write the same as faultline.config.json) and keep only
 * what you change. `npx faultline config --print` shows the resolved config and its file;
 * `npx faultline --config <file> ...` picks a file explicitly. Reference: docs/config.md.
 *
 * Unknown keys, wrong types, impossible values, unknown targets or scenarios: a message naming
 * the field (config.suites.galera.nodes), what was expected and what was found; exit 2.
 * Command-line flags override the file (`--set` / `--provider-option` pairs per name).
 */
import { defineConfig } from "faultline";

export default defineConfig({
  suites: {
    redis: {
      // Catalog images: redis-7.0, redis-7.2, redis-8.0, valkey-8.1 (`--target`).
      targets: ["redis-7.0"],
      // Scenario names, or "all" (`--scenario`; default: the set scenario only).
      scenarios: ["set"],
      masters: 3, // 3 to 100
      replicas: 1, // per master, 0 to 5
      nodeTimeoutMs: 2000, // cluster-node-timeout, 100 to 600000
      settings: { appendfsync: "always" }, // redis.conf for every node (`--set`); default {}
      durationMs: 20_000, // workload, 1000 to 3600000
      faultMs: 8000, // the fault starts at durationMs / 4 and must heal before the end
      workers: 8, // 1 to 256
      marginMs: 3000, // added to timing bounds (failover within node timeout + margin)
      readyMs: 120_000, // deadline for the cluster to be ready (`--ready-timeout`)
      fault: "partition", // set scenario's fault on the first master: partition | kill | pause | none
      // model: "serializable", // append scenarios: the model judged against; default: Redis's claim
      // seed: 42, // append scenarios: transactions and append-chaos's faults; default: a fresh one, printed
      chaosMs: 60_000, // how long append-chaos runs
    },
    galera: {
      // mariadb-10.11, mariadb-11.8, pxc-8.0 (or their catalog names), or an image reference with / or :.
      targets: ["mariadb-10.11"],
      scenarios: "all",
      // flavor: "pxc", // mariadb | pxc, for image references; default: guessed from the name
      nodes: 3, // 3 to 15
      // sst: "mariabackup", // default: rsync (MariaDB), xtrabackup-v2 (PXC)
      settings: { innodb_flush_log_at_trx_commit: 2 }, // my.cnf for every node (`--set`); default {}
      providerOptions: { "evs.suspect_timeout": "PT3S" }, // over faultline's own (PT2S); default {}
      bankGating: false, // bank anomalies fail the run
      durationMs: 20_000, // 4000 to 3600000
      faultMs: 8000, // 1000 or more, ending before durationMs
      workers: 6,
      marginMs: 3000,
      readyMs: 180_000, // 10000 or more
      recoveryMs: 30_000, // Primary and Synced everywhere after a heal, 1000 or more
      // isolation: "repeatable-read", // append scenarios: asked by each transaction; default: the server's own
      // model: "snapshot-isolation", // append scenarios: the model judged against; default: Galera's claim
      // seed: 42,
      chaosMs: 60_000, // how long append-chaos runs
    },
    ndb: {
      targets: ["ndb-8.0"], // exactly one: ndb-8.0 or an image reference
      scenarios: "all",
      dataNodes: 2, // a multiple of replicas
      replicas: 2, // NoOfReplicas, 1 to 4
      sqlNodes: 1,
      heartbeatMs: 1000, // HeartbeatIntervalDbDb, 10 or more
      heartbeatDbApiMs: 1000, // HeartbeatIntervalDbApi, 100 or more
      dataMemory: "80M",
      arbitration: "Default", // Default | Disabled | WaitExternal
      arbitrationTimeoutMs: 3000,
      settings: {}, // config.ini [ndbd default], e.g. { MaxNoOfConcurrentOperations: 65536 }
      durationMs: 30_000,
      faultMs: 10_000,
      workers: 4,
      marginMs: 3000,
      readyMs: 300_000,
      recoveryMs: 120_000,
      chaosMs: 60_000,
    },
  },
  reports: {
    dir: "reports",
    junit: true,
    allure: false,
    html: true,
  },
  repeat: 1, // every selected scenario this many times, 1 to 1000
});
