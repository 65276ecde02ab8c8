/**
 * Every image faultline runs: the official image a user would pull, and where Debian packages
 * allow it, a local recipe (a Dockerfile in fixtures/images/<name>/ on a Debian base, or the
 * Debian base itself by debootstrap). Version commands differ per source because official
 * images install binaries elsewhere (the official Toxiproxy image has no shell at all).
 */
export type ImageKind = "debian" | "redis" | "valkey" | "mariadb" | "pxc" | "ndb" | "toxiproxy" | "sidecar";

export interface OfficialSource {
  refs: string[];
  versionCmd: string[];
}

export interface DockerfileRecipe {
  type: "dockerfile";
  /** Directory under fixtures/images/ holding the Dockerfile and its context. */
  dir: string;
  /** Catalog name of the base image, passed as build-arg BASE. */
  base: string;
  versionCmd: string[];
  /** Context files that are not committed and must be prepared first, with how. */
  prepared?: Array<{ file: string; how: string }>;
}

export interface DebootstrapRecipe {
  type: "debootstrap";
  suite: string;
  versionCmd: string[];
}

export interface ImageEntry {
  name: string;
  kind: ImageKind;
  description: string;
  official?: OfficialSource;
  local?: DockerfileRecipe | DebootstrapRecipe;
  /** Extracts the engine version from the version command's output (first group). */
  versionPattern: RegExp;
  /** Why there is no local recipe, for the error a user sees. */
  noLocalRecipe?: string;
}

const redisVersion = /\bv=(\S+)/;
const mysqlVersion = /\bVer\s+(\S+)/;

function dockerfile(dir: string, base: string, versionCmd: string[], prepared?: DockerfileRecipe["prepared"]): DockerfileRecipe {
  return { type: "dockerfile", dir, base, versionCmd, ...(prepared ? { prepared } : {}) };
}

export const CATALOG: readonly ImageEntry[] = [
  {
    name: "debian-bookworm",
    kind: "debian",
    description: "Debian 12 base for local builds",
    official: { refs: ["debian:bookworm"], versionCmd: ["cat", "/etc/debian_version"] },
    local: { type: "debootstrap", suite: "bookworm", versionCmd: ["cat", "/etc/debian_version"] },
    versionPattern: /^\s*(\S+)/,
  },
  {
    name: "debian-trixie",
    kind: "debian",
    description: "Debian 13 base for local builds",
    official: { refs: ["debian:trixie"], versionCmd: ["cat", "/etc/debian_version"] },
    local: { type: "debootstrap", suite: "trixie", versionCmd: ["cat", "/etc/debian_version"] },
    versionPattern: /^\s*(\S+)/,
  },
  {
    name: "redis-7.0",
    kind: "redis",
    description: "Redis 7.0 (Debian bookworm package locally)",
    official: { refs: ["redis:7.0"], versionCmd: ["redis-server", "--version"] },
    local: dockerfile("redis-7.0", "debian-bookworm", ["redis-server", "--version"]),
    versionPattern: redisVersion,
  },
  {
    name: "redis-7.2",
    kind: "redis",
    description: "Redis 7.2 (official image only)",
    official: { refs: ["redis:7.2"], versionCmd: ["redis-server", "--version"] },
    versionPattern: redisVersion,
    noLocalRecipe: "no Debian suite packages Redis 7.2; use redis-7.0 or redis-8.0 for local builds",
  },
  {
    name: "redis-8.0",
    kind: "redis",
    description: "Redis 8.0 (Debian trixie package locally)",
    official: { refs: ["redis:8.0"], versionCmd: ["redis-server", "--version"] },
    local: dockerfile("redis-8.0", "debian-trixie", ["redis-server", "--version"]),
    versionPattern: redisVersion,
  },
  {
    name: "valkey-8.1",
    kind: "valkey",
    description: "Valkey 8.1 (Debian trixie package locally)",
    official: { refs: ["valkey/valkey:8.1"], versionCmd: ["valkey-server", "--version"] },
    local: dockerfile("valkey-8.1", "debian-trixie", ["valkey-server", "--version"]),
    versionPattern: redisVersion,
  },
  {
    name: "mariadb-galera-10.11",
    kind: "mariadb",
    description: "MariaDB 10.11 + Galera 4 (Debian bookworm packages locally)",
    official: { refs: ["mariadb:10.11"], versionCmd: ["mariadbd", "--version"] },
    local: dockerfile("mariadb-galera-10.11", "debian-bookworm", ["mariadbd", "--version"]),
    versionPattern: mysqlVersion,
  },
  {
    name: "mariadb-galera-11.8",
    kind: "mariadb",
    description: "MariaDB 11.8 + Galera 4 (Debian trixie packages locally)",
    official: { refs: ["mariadb:11.8"], versionCmd: ["mariadbd", "--version"] },
    local: dockerfile("mariadb-galera-11.8", "debian-trixie", ["mariadbd", "--version"]),
    versionPattern: mysqlVersion,
  },
  {
    name: "pxc-8.0",
    kind: "pxc",
    description: "Percona XtraDB Cluster 8.0 (official image only)",
    official: { refs: ["percona/percona-xtradb-cluster:8.0"], versionCmd: ["mysqld", "--version"] },
    versionPattern: mysqlVersion,
    noLocalRecipe: "Percona XtraDB Cluster is not packaged by Debian",
  },
  {
    name: "ndb-8.0",
    kind: "ndb",
    description: "MySQL NDB Cluster 8.0 (official image only)",
    official: { refs: ["mysql/mysql-cluster:8.0"], versionCmd: ["mysqld", "--version"] },
    versionPattern: mysqlVersion,
    noLocalRecipe: "Debian's MySQL is built without NDB",
  },
  {
    name: "toxiproxy",
    kind: "toxiproxy",
    description: "Toxiproxy 2.12.0 (locally: the server built from its Go module)",
    official: { refs: ["ghcr.io/shopify/toxiproxy:2.12.0"], versionCmd: ["/toxiproxy", "--version"] },
    local: dockerfile(
      "toxiproxy",
      "debian-bookworm",
      ["toxiproxy-server", "--version"],
      [
        {
          file: "toxiproxy-server",
          how: "run `bash scripts/provision-host.sh` (it builds the server with Go from github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0)",
        },
      ],
    ),
    versionPattern: /version\s+v?(\S+)/,
  },
  {
    name: "sidecar",
    kind: "sidecar",
    description: "Network sidecar (iptables, iproute2) holding a node's network namespace",
    local: dockerfile("sidecar", "debian-bookworm", ["iptables", "--version"]),
    versionPattern: /iptables\s+v(\S+)/,
  },
];

export function catalogEntry(name: string): ImageEntry | undefined {
  return CATALOG.find((e) => e.name === name);
}

export function catalogNames(): string[] {
  return CATALOG.map((e) => e.name);
}
