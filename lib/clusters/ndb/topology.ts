import { editDistance } from "../../core/did-you-mean.ts";
import { BadInputError } from "../../core/errors.ts";
import { MAX_DETECTION_MS } from "../../core/time-limits.ts";
import { badReference, meantAsReference } from "../../runtime/images/reference.ts";
import { optionName, ownedOption, readAs } from "../mysql-option-name.ts";
import { checkSettingValue } from "../setting-value.ts";

/**
 * The [ndbd default] parameters `--set key=value` may give, with the ranges NDB 8.0 accepts.
 *
 * Sources: MySQL NDB Cluster 8.0 manual, 25.4.3.6 "Defining NDB Cluster Data Nodes"
 * (https://dev.mysql.com/doc/refman/8.0/en/mysql-cluster-ndbd-definition.html) and the
 * parameter table the management server checks against, storage/ndb/src/mgmsrv/ConfigInfo.cpp
 * (default, minimum, maximum per entry). 4294967039 is MAX_INT_RNIL (0xFFFFFEFF), the
 * maximum the manual lists for most counters and timeouts.
 *
 * Numbers take an optional K, M or G suffix (x1024, x1024², x1024³), as NDB's config parser
 * accepts for every integer parameter; names are case-insensitive, as in config.ini.
 */
export const MAX_INT_RNIL = 4294967039;

export type NdbParameter =
  | { kind: "integer"; min: number; max: number; unit?: "ms" | "s" | "bytes" }
  | { kind: "boolean" }
  | { kind: "enum"; values: readonly string[] };

const int = (min: number, max: number, unit?: "ms" | "s" | "bytes"): NdbParameter =>
  unit === undefined ? { kind: "integer", min, max } : { kind: "integer", min, max, unit };
const K = 1024;
const M = 1024 * K;
const G = 1024 * M;
const BOOL: NdbParameter = { kind: "boolean" };

/** Canonical name -> accepted values (ConfigInfo.cpp min/max; the manual's "Range" rows). */
export const NDBD_PARAMETERS: Readonly<Record<string, NdbParameter>> = {
  // Transactions and operations.
  MaxNoOfConcurrentTransactions: int(32, MAX_INT_RNIL),
  MaxNoOfConcurrentOperations: int(32, MAX_INT_RNIL),
  MaxNoOfLocalOperations: int(32, MAX_INT_RNIL),
  MaxNoOfConcurrentIndexOperations: int(0, MAX_INT_RNIL),
  MaxNoOfFiredTriggers: int(0, MAX_INT_RNIL),
  MaxNoOfConcurrentScans: int(2, 500),
  MaxNoOfLocalScans: int(32, MAX_INT_RNIL),
  BatchSizePerLocalScan: int(1, 992),
  TransactionBufferMemory: int(1 * K, MAX_INT_RNIL, "bytes"),
  TransactionInactiveTimeout: int(0, MAX_INT_RNIL, "ms"),
  TransactionDeadlockDetectionTimeout: int(50, MAX_INT_RNIL, "ms"),
  TimeBetweenInactiveTransactionAbortCheck: int(1000, MAX_INT_RNIL, "ms"),
  // Schema objects.
  MaxNoOfAttributes: int(32, MAX_INT_RNIL),
  MaxNoOfTables: int(8, 20320),
  MaxNoOfOrderedIndexes: int(0, MAX_INT_RNIL),
  MaxNoOfUniqueHashIndexes: int(0, MAX_INT_RNIL),
  MaxNoOfTriggers: int(0, MAX_INT_RNIL),
  StringMemory: int(0, MAX_INT_RNIL),
  // Memory and buffers.
  SharedGlobalMemory: int(0, 65536 * G, "bytes"),
  DiskPageBufferMemory: int(4 * M, 1024 * G, "bytes"),
  RedoBuffer: int(1 * M, MAX_INT_RNIL, "bytes"),
  LongMessageBuffer: int(512 * K, MAX_INT_RNIL, "bytes"),
  TotalSendBufferMemory: int(256 * K, MAX_INT_RNIL, "bytes"),
  ExtraSendBufferMemory: int(0, 32 * G, "bytes"),
  MinFreePct: int(0, 100),
  LockPagesInMainMemory: int(0, 2),
  // Start, restart and failure detection.
  StartPartialTimeout: int(0, MAX_INT_RNIL, "ms"),
  StartPartitionedTimeout: int(0, MAX_INT_RNIL, "ms"),
  StartFailureTimeout: int(0, MAX_INT_RNIL, "ms"),
  StartNoNodegroupTimeout: int(0, MAX_INT_RNIL, "ms"),
  ConnectCheckIntervalDelay: int(0, MAX_INT_RNIL, "ms"),
  TimeBetweenWatchDogCheck: int(70, MAX_INT_RNIL, "ms"),
  TimeBetweenWatchDogCheckInitial: int(70, MAX_INT_RNIL, "ms"),
  StopOnError: BOOL,
  MaxStartFailRetries: int(0, MAX_INT_RNIL),
  StartFailRetryDelay: int(0, MAX_INT_RNIL, "s"),
  // Checkpoints, epochs and the redo log.
  TimeBetweenLocalCheckpoints: int(0, 31),
  TimeBetweenGlobalCheckpoints: int(20, 32000, "ms"),
  TimeBetweenGlobalCheckpointsTimeout: int(10, MAX_INT_RNIL, "ms"),
  TimeBetweenEpochs: int(0, 32000, "ms"),
  TimeBetweenEpochsTimeout: int(0, 256000, "ms"),
  MaxBufferedEpochs: int(1, 100000),
  NoOfFragmentLogFiles: int(3, MAX_INT_RNIL),
  FragmentLogFileSize: int(4 * M, 1 * G, "bytes"),
  InitFragmentLogFiles: { kind: "enum", values: ["sparse", "full"] },
  MinDiskWriteSpeed: int(1 * M, 1024 * G, "bytes"),
  MaxDiskWriteSpeed: int(1 * M, 1024 * G, "bytes"),
  MaxDiskWriteSpeedOtherNodeRestart: int(1 * M, 1024 * G, "bytes"),
  MaxDiskWriteSpeedOwnRestart: int(1 * M, 1024 * G, "bytes"),
  DiskSyncSize: int(32 * K, MAX_INT_RNIL, "bytes"),
  Diskless: BOOL,
  ODirect: BOOL,
  CompressedLCP: BOOL,
  CompressedBackup: BOOL,
  // Threads (MaxNoOfExecutionThreads applies to ndbmtd only).
  MaxNoOfExecutionThreads: int(2, 72),
  // Reporting and logging.
  MemReportFrequency: int(0, MAX_INT_RNIL, "s"),
  BackupReportFrequency: int(0, MAX_INT_RNIL, "s"),
  StartupStatusReportFrequency: int(0, MAX_INT_RNIL, "s"),
  MaxNoOfSavedMessages: int(0, MAX_INT_RNIL),
  LogLevelStartup: int(0, 15),
  LogLevelShutdown: int(0, 15),
  LogLevelStatistic: int(0, 15),
  LogLevelCheckpoint: int(0, 15),
  LogLevelNodeRestart: int(0, 15),
  LogLevelConnection: int(0, 15),
  LogLevelCongestion: int(0, 15),
  LogLevelError: int(0, 15),
  LogLevelInfo: int(0, 15),
};

/**
 * Parameters faultline writes itself, with the flag that sets them where there is one:
 * identities, addresses and ports are what the mesh and the node plan rest on.
 */
export const OWNED_NDBD_PARAMETERS: Readonly<Record<string, string>> = {
  NodeId: "Node ids are assigned by faultline (data nodes 1..N).",
  Id: "Node ids are assigned by faultline (data nodes 1..N).",
  HostName: "Addresses are fixed by faultline on the run's network.",
  ExecuteOnComputer: "Addresses are fixed by faultline on the run's network.",
  ServerPort: "The data nodes' port is fixed so that links to it can be proxied.",
  PortNumber: "Ports are fixed so that links can be proxied.",
  TcpBind_INADDR_ANY: "Binding is part of how faultline routes links through the mesh.",
  NoOfReplicas: "Use --replicas.",
  NodeGroup: "Node groups follow from --data-nodes and --replicas.",
  Nodegroup: "Node groups follow from --data-nodes and --replicas.",
  DataDir: "Directories are fixed by faultline inside each container.",
  FileSystemPath: "Directories are fixed by faultline inside each container.",
  BackupDataDir: "Directories are fixed by faultline inside each container.",
  DataMemory: "Use --data-memory.",
  IndexMemory: "IndexMemory is deprecated in NDB 8.0 (its memory joins DataMemory); use --data-memory.",
  HeartbeatIntervalDbDb: "Use --heartbeat-ms (milliseconds).",
  HeartbeatIntervalDbApi: "Use --heartbeat-db-api (milliseconds).",
  Arbitration: "Use --arbitration.",
  ArbitrationTimeout: "Use --arbitration-timeout (milliseconds).",
  HeartbeatOrder: "It must differ per data node, so it cannot go in [ndbd default].",
};

const lower = (s: string) => s.toLowerCase();
const byLowerName = new Map(Object.keys(NDBD_PARAMETERS).map((n) => [lower(n), n]));
const ownedByLowerName = new Map(Object.keys(OWNED_NDBD_PARAMETERS).map((n) => [lower(n), n]));

/** The canonical spelling of a supported parameter name (names are case-insensitive), or undefined. */
export function canonicalParameter(name: string): string | undefined {
  return byLowerName.get(lower(name.trim()));
}

/** The canonical spelling of a parameter faultline owns, or undefined. */
export function ownedParameter(name: string): string | undefined {
  return ownedByLowerName.get(lower(name.trim()));
}

/** Bytes (or a count) of an NDB number: digits with an optional K/M/G suffix. Undefined when malformed. */
export function parseNdbNumber(text: string): number | undefined {
  const m = /^(\d+)([kmg]?)$/i.exec(text.trim());
  if (!m) return undefined;
  const factor = { "": 1, k: K, m: M, g: G }[lower(m[2] ?? "") as "" | "k" | "m" | "g"];
  const value = Number(m[1]) * factor;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** 1048576 -> "1M", 1536 -> "1536", for messages. */
export function formatNdbNumber(value: number): string {
  for (const [suffix, factor] of [
    ["G", G],
    ["M", M],
    ["K", K],
  ] as const) {
    if (value >= factor && value % factor === 0) return `${value / factor}${suffix}`;
  }
  return String(value);
}

/**
 * Up to `limit` supported names close to `name`: those containing it or contained in it
 * (case-insensitive) first, then those within an edit distance of a third of its length.
 */
export function closeParameterNames(name: string, limit = 3): string[] {
  const wanted = lower(name.trim());
  const scored = Object.keys(NDBD_PARAMETERS).map((candidate) => {
    const c = lower(candidate);
    const contains = wanted.length >= 4 && (c.includes(wanted) || wanted.includes(c));
    return { candidate, score: contains ? 0 : editDistance(wanted, c) };
  });
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.score <= maxDistance)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

// ---------------------------------------------------------------------------------------------
// The topology
// ---------------------------------------------------------------------------------------------

export type DataNodeBinary = "ndbd" | "ndbmtd";
/** config.ini `Arbitration` (ConfigInfo.cpp: an enum of Default, Disabled, WaitExternal). */
export type ArbitrationMode = "Default" | "Disabled" | "WaitExternal";
export type ArbitrationRank = 0 | 1 | 2;

/** An NDB Cluster run; validated before anything starts. */
export interface NdbTopology {
  /** Catalog image name (ndb-8.0) or an image reference (mysql/mysql-cluster:8.0.39). */
  image: string;
  /** ndb_mgmd processes: 1 or 2. */
  managementNodes: number;
  /** ndbd/ndbmtd processes: a multiple of `replicas`, at most 144 (NDB 8.0's data node ids). */
  dataNodes: number;
  /** NoOfReplicas: 1 to 4; data nodes form node groups of this size. */
  replicas: number;
  /** mysqld processes with ndbcluster: 1 to 50. */
  sqlNodes: number;
  /** Spare [api] slots (no container, any host) for NDB API tools such as ndb_restore or ndbinfo_select_all. */
  apiSlots: number;
  /** Data node daemon: ndbd (single-threaded) or ndbmtd (multi-threaded). */
  dataNodeBinary: DataNodeBinary;
  /** DataMemory per data node: digits with an optional K, M or G suffix. */
  dataMemory: string;
  /** HeartbeatIntervalDbDb in ms; a data node is declared dead after 3 missed heartbeats. */
  heartbeatIntervalDbDbMs: number;
  /** HeartbeatIntervalDbApi in ms; an API/SQL node is disconnected after 3 missed heartbeats. */
  heartbeatIntervalDbApiMs: number;
  /** ArbitrationRank of every management node: 0 never arbitrator, 1 high priority, 2 low priority. */
  arbitrationRank: ArbitrationRank;
  arbitration: ArbitrationMode;
  /** ArbitrationTimeout in ms: how long data nodes wait for the arbitrator after a failure. */
  arbitrationTimeoutMs: number;
  /** Extra [ndbd default] parameters (`--set Name=value`), checked against NDBD_PARAMETERS. */
  settings: Record<string, string>;
  /** Extra [mysqld] options for every SQL node's my.cnf (`--sql-set name=value`). */
  sqlSettings: Record<string, string>;
}

/**
 * Defaults. MySQL's own defaults (NDB 8.0; ConfigInfo.cpp since NDB 7.2) are
 * HeartbeatIntervalDbDb 5000 ms, HeartbeatIntervalDbApi 1500 ms, ArbitrationTimeout 7500 ms
 * and DataMemory 98M: a data node cut off would be declared dead only after about 15-20 s.
 * faultline tightens detection so faults show within seconds, like Galera's suspect_timeout
 * of 2 s, yet leaves room for a loaded 2-core CI host to deschedule a node for a second:
 * 1000 ms heartbeats (dead after 3 missed: 3-4 s), ArbitrationTimeout 3000 ms (NDB's own
 * default before 7.2). DataMemory 80M as in the manual's and the image's example configs;
 * ndbd as in the image's documented usage (`docker run ... mysql/mysql-cluster ndbd`).
 */
export const DEFAULT_NDB_TOPOLOGY: NdbTopology = {
  image: "ndb-8.0",
  managementNodes: 1,
  dataNodes: 2,
  replicas: 2,
  sqlNodes: 1,
  apiSlots: 1,
  dataNodeBinary: "ndbd",
  dataMemory: "80M",
  heartbeatIntervalDbDbMs: 1000,
  heartbeatIntervalDbApiMs: 1000,
  arbitrationRank: 1,
  arbitration: "Default",
  arbitrationTimeoutMs: 3000,
  settings: {},
  sqlSettings: {},
};

/** Node id space (NDB 8.0.18+): data nodes 1-144, every node 1-255. */
export const MAX_DATA_NODE_ID = 144;
export const MAX_NODE_ID = 255;
export const MAX_MANAGEMENT_NODES = 2;
export const MAX_SQL_NODES = 50;
export const MAX_API_SLOTS = 55;

/** DataMemory: minimum 1M (manual: "The minimum value is 1MB"); ConfigInfo.cpp caps it at 1024G. */
export const DATA_MEMORY_RANGE = { min: 1024 * 1024, max: 1024 * 1024 * 1024 * 1024 } as const;

/**
 * my.cnf options faultline writes on every SQL node: the cluster connection, the node id, the
 * address and port clients reach through the mesh, and the paths the image's entrypoint uses.
 */
const OWNED_SQL_SETTINGS: Record<string, string> = {
  ndbcluster: "The SQL nodes always run the NDB engine.",
  ndb_connectstring: "The connect string points at the management nodes faultline starts.",
  ndb_mgmd_host: "The connect string points at the management nodes faultline starts.",
  ndb_nodeid: "Node ids are assigned by faultline.",
  ndb_cluster_connection_pool: "Each SQL node has exactly one [mysqld] slot in config.ini.",
  ndb_cluster_connection_pool_nodeids: "Each SQL node has exactly one [mysqld] slot in config.ini.",
  bind_address: "Addresses are fixed by faultline on the run's network.",
  port: "The client port is fixed so that client links can be proxied.",
  skip_networking: "Clients reach the SQL nodes over TCP through the mesh.",
  datadir: "The image's entrypoint initializes /var/lib/mysql.",
  socket: "The image's entrypoint and health check use the default socket.",
  user: "The image runs mysqld as user mysql.",
};

/** my.cnf names are written with - or _; the server treats them alike, and ignores case. */
export const sqlSettingName = optionName;

function integer(field: string, value: number, min: number, max: number, fix: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadInputError(field, `${value} is not a whole number from ${min} to ${max}`, fix);
  }
}

function validateDataMemory(text: string): void {
  checkSettingValue("data-memory", "DataMemory", text);
  // Exactly digits and a suffix: it is written into config.ini as given, so " 80M" must not pass as 80M either.
  const bytes = /^\d+[kmg]?$/i.test(text) ? parseNdbNumber(text) : undefined;
  if (bytes === undefined)
    throw new BadInputError("data-memory", `"${text}" is not a memory size`, "Write digits with an optional K, M or G suffix, e.g. 80M.");
  if (bytes < DATA_MEMORY_RANGE.min || bytes > DATA_MEMORY_RANGE.max)
    throw new BadInputError(
      "data-memory",
      `${text} is outside NDB's range for DataMemory (1M to 1024G)`,
      "Give 1M or more; each data node allocates it all at start, so keep it well below the container's memory (80M suits tests).",
    );
}

function checkValue(field: string, name: string, value: string, parameter: NdbParameter): string {
  if (parameter.kind === "boolean") {
    const v = value.trim().toLowerCase();
    if (["true", "yes", "y", "1"].includes(v)) return "true";
    if (["false", "no", "n", "0"].includes(v)) return "false";
    throw new BadInputError(field, `"${value}" is not a boolean`, `Give ${name}=true or ${name}=false.`);
  }
  if (parameter.kind === "enum") {
    const found = parameter.values.find((v) => v.toLowerCase() === value.trim().toLowerCase());
    if (found === undefined)
      throw new BadInputError(field, `"${value}" is not one of ${parameter.values.join(", ")}`, `Give ${name}=${parameter.values[0]}.`);
    return found;
  }
  const n = parseNdbNumber(value);
  const unit = parameter.unit ? ` (${parameter.unit})` : "";
  const range = `${formatNdbNumber(parameter.min)} to ${formatNdbNumber(parameter.max)}`;
  if (n === undefined)
    throw new BadInputError(
      field,
      `"${value}" is not a whole number`,
      `Give digits with an optional K, M or G suffix, from ${range}${unit}.`,
    );
  if (n < parameter.min || n > parameter.max)
    throw new BadInputError(field, `${value} is outside NDB's range for ${name}, ${range}${unit}`, `Give a value from ${range}.`);
  return value.trim().replace(/[kmg]$/, (s) => s.toUpperCase());
}

/**
 * The [ndbd default] settings in their canonical spelling and value (booleans as true/false,
 * size suffixes upper-case), refusing unknown names (with close names), names faultline owns
 * and out-of-range values.
 */
export function normalizeNdbSettings(settings: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [given, value] of Object.entries(settings)) {
    const field = `set.${given}`;
    const owned = ownedParameter(given);
    if (owned !== undefined)
      throw new BadInputError(field, `${owned} is set by faultline in config.ini`, OWNED_NDBD_PARAMETERS[owned] ?? "Remove it.");
    const name = canonicalParameter(given);
    if (name === undefined) {
      const close = closeParameterNames(given);
      throw new BadInputError(
        field,
        "is not an [ndbd default] parameter faultline knows how to check",
        close.length > 0
          ? `Did you mean ${close.join(", ")}? Names are NDB's, e.g. --set MaxNoOfConcurrentOperations=65536.`
          : "Names are NDB's [ndbd default] parameters, e.g. --set MaxNoOfConcurrentOperations=65536.",
      );
    }
    if (name in out) throw new BadInputError(field, `repeats ${name} (names are case-insensitive)`, "Give each parameter once.");
    checkSettingValue(field, given, value);
    out[name] = checkValue(field, name, value, NDBD_PARAMETERS[name] as NdbParameter);
  }
  return out;
}

function validateSqlSettings(settings: Record<string, string>): void {
  for (const [name, value] of Object.entries(settings)) {
    const field = `sql-set.${name}`;
    if (!/^[a-z][a-z0-9_-]*$/i.test(name))
      throw new BadInputError(field, "is not a server option name", "Write options as name=value, e.g. --sql-set ndb-wait-setup=60.");
    // However it is written: bind-address, LOOSE_BIND_ADDRESS, skip-ndbcluster, ndb-connectstr.
    const owned = ownedOption(name, Object.keys(OWNED_SQL_SETTINGS));
    if (owned)
      throw new BadInputError(
        field,
        `is set by faultline in every SQL node's my.cnf${readAs(owned)}. ${OWNED_SQL_SETTINGS[owned.owned]}`,
        "Remove it.",
      );
    checkSettingValue(field, name, value);
  }
}

/**
 * Checks a topology against what NDB 8.0 accepts, before any container starts. `images` are
 * the catalog's NDB images; an image reference (with / or :) outside the catalog is taken as is.
 * Returns the topology with defaults filled in and `settings` in canonical form.
 */
export function validateNdbTopology(given: Partial<NdbTopology>, images: readonly string[]): NdbTopology {
  // A field given as undefined means "not given": the default applies.
  const input = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<NdbTopology>;
  const t: NdbTopology = { ...DEFAULT_NDB_TOPOLOGY, ...input };
  if (!images.includes(t.image) && meantAsReference(t.image)) badReference(t.image, "mysql/mysql-cluster:8.0");
  if (!images.includes(t.image) && !meantAsReference(t.image))
    throw new BadInputError(
      "image",
      `"${t.image}" is not an NDB Cluster image of the catalog`,
      `Use one of: ${images.join(", ")}, or an image reference such as mysql/mysql-cluster:8.0.`,
    );
  integer("management-nodes", t.managementNodes, 1, MAX_MANAGEMENT_NODES, "Use 1 or 2 management nodes (ndb_mgmd).");
  integer("replicas", t.replicas, 1, 4, "NoOfReplicas is 1 to 4 in NDB 8.0 (8.0.19 and later); 2 is MySQL's default and recommendation.");
  integer(
    "data-nodes",
    t.dataNodes,
    1,
    MAX_DATA_NODE_ID,
    `NDB 8.0 data node ids run from 1 to ${MAX_DATA_NODE_ID}; use 1 to ${MAX_DATA_NODE_ID} data nodes.`,
  );
  if (t.dataNodes % t.replicas !== 0) {
    const below = Math.floor(t.dataNodes / t.replicas) * t.replicas;
    const above = below + t.replicas;
    const divisors = [1, 2, 3, 4].filter((r) => t.dataNodes % r === 0);
    throw new BadInputError(
      "data-nodes",
      `${t.dataNodes} is not a multiple of replicas (${t.replicas}): NDB forms node groups of NoOfReplicas data nodes and refuses the config`,
      `Use ${below > 0 ? `${below} or ` : ""}${above} data nodes, or --replicas ${divisors.join(" or ")}.`,
    );
  }
  integer("sql-nodes", t.sqlNodes, 1, MAX_SQL_NODES, `Use 1 to ${MAX_SQL_NODES} SQL nodes (mysqld); the workloads run through them.`);
  integer("api-slots", t.apiSlots, 0, MAX_API_SLOTS, `Use 0 to ${MAX_API_SLOTS} spare [api] slots.`);
  if (t.dataNodeBinary !== "ndbd" && t.dataNodeBinary !== "ndbmtd")
    throw new BadInputError("data-node-binary", `"${t.dataNodeBinary}" is not a data node daemon`, "Use ndbd or ndbmtd.");
  validateDataMemory(t.dataMemory);
  // ConfigInfo.cpp: HeartbeatIntervalDbDb min 10, HeartbeatIntervalDbApi min 100, ArbitrationTimeout min 10; max MAX_INT_RNIL.
  // faultline's maximum is lower (MAX_DETECTION_MS): its waits are bounds made of these, and must fit Node's timers.
  integer(
    "heartbeat-ms",
    t.heartbeatIntervalDbDbMs,
    10,
    MAX_DETECTION_MS,
    `Give HeartbeatIntervalDbDb in milliseconds, 10 to ${MAX_DETECTION_MS} (MySQL's default is 5000).`,
  );
  integer(
    "heartbeat-db-api",
    t.heartbeatIntervalDbApiMs,
    100,
    MAX_DETECTION_MS,
    `Give HeartbeatIntervalDbApi in milliseconds, 100 to ${MAX_DETECTION_MS} (MySQL's default is 1500).`,
  );
  integer("arbitration-rank", t.arbitrationRank, 0, 2, "ArbitrationRank is 0 (never arbitrator), 1 (high priority) or 2 (low priority).");
  if (!["Default", "Disabled", "WaitExternal"].includes(t.arbitration))
    throw new BadInputError("arbitration", `"${t.arbitration}" is not an arbitration mode`, "Use Default, Disabled or WaitExternal.");
  integer(
    "arbitration-timeout",
    t.arbitrationTimeoutMs,
    10,
    MAX_DETECTION_MS,
    `Give ArbitrationTimeout in milliseconds, 10 to ${MAX_DETECTION_MS} (MySQL's default is 7500).`,
  );
  const settings = normalizeNdbSettings(t.settings);
  validateSqlSettings(t.sqlSettings);
  return { ...t, settings };
}

/** Node groups the data nodes form: dataNodes / replicas. */
export function nodeGroupCount(t: NdbTopology): number {
  return t.dataNodes / t.replicas;
}
