import { describe, expect, it } from "vitest";
import { BadInputError, InfrastructureError } from "../../core/errors.ts";
import { type ContextFile, contentTag } from "./content-tag.ts";
import { type ImageEngine, ImageResolver, type ResolveOptions, resolveOptionsFromEnv } from "./resolve.ts";

const file = (path: string, content: string): ContextFile => ({ path, content: Buffer.from(content) });

/** Canned `--version` outputs, as the real binaries print them. */
const VERSION_OUTPUT: Record<string, string> = {
  "cat /etc/debian_version": "12.12\n",
  "redis-server --version": "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=e08dbad3e06f3fb\n",
  "valkey-server --version": "Valkey server v=8.1.1 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=1f4a5c2e0e5ae5a0\n",
  "mariadbd --version": "mariadbd  Ver 10.11.18-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)\n",
  "mysqld --version":
    "/usr/sbin/mysqld  Ver 8.0.42-33.1 for Linux on x86_64 (Percona XtraDB Cluster (GPL), Release rel33, Revision 6673f8e)\n",
  "toxiproxy-server --version": "toxiproxy-server version 2.12.0\n",
  "/toxiproxy --version": "toxiproxy-server version 2.12.0\n",
  "iptables --version": "iptables v1.8.9 (nf_tables)\n",
};

/** An in-memory Docker: images in a Map, pulls that succeed or fail per ref, a log of every call. */
class FakeEngine implements ImageEngine {
  readonly images = new Map<string, { id: string; sizeBytes: number }>();
  readonly calls: string[] = [];
  readonly pullTimeouts: number[] = [];
  readonly buildArgs: Array<Record<string, string>> = [];
  /** Refs whose pull succeeds (the image then appears); every other pull fails. */
  readonly pullable = new Set<string>();
  /** Refs whose pull reports success but leaves nothing behind. */
  readonly phantomPulls = new Set<string>();
  readonly contexts = new Map<string, ContextFile[]>();
  readonly versionOverrides = new Map<string, string>();
  buildLeavesNothing = false;
  bootstrapFails = false;
  #next = 0;

  constructor(present: Record<string, string> = {}) {
    for (const [ref, id] of Object.entries(present)) this.images.set(ref, { id, sizeBytes: 100_000_000 });
  }

  async inspect(ref: string) {
    this.calls.push(`inspect ${ref}`);
    return this.images.get(ref);
  }
  async pull(ref: string, timeoutMs: number) {
    this.calls.push(`pull ${ref}`);
    this.pullTimeouts.push(timeoutMs);
    if (this.phantomPulls.has(ref)) return;
    if (!this.pullable.has(ref)) throw new Error("dial tcp: lookup registry-1.docker.io: no such host");
    this.images.set(ref, { id: `sha256:pulled-${++this.#next}`, sizeBytes: 50_000_000 });
  }
  async build(ref: string, dir: string, files: readonly ContextFile[], buildArgs: Record<string, string>) {
    this.calls.push(`build ${ref} from ${dir} (${files.map((f) => f.path).join(",")})`);
    this.buildArgs.push(buildArgs);
    if (!this.buildLeavesNothing) this.images.set(ref, { id: `sha256:built-${++this.#next}`, sizeBytes: 200_000_000 });
  }
  async bootstrap(ref: string, suite: string) {
    this.calls.push(`bootstrap ${ref} ${suite}`);
    if (this.bootstrapFails) throw new Error("no Debian mirror found in /etc/apt/sources.list");
    this.images.set(ref, { id: `sha256:bootstrapped-${++this.#next}`, sizeBytes: 150_000_000 });
  }
  async readContext(dir: string) {
    this.calls.push(`readContext ${dir}`);
    return this.contexts.get(dir) ?? [file("Dockerfile", `ARG BASE\nFROM \${BASE}\n# ${dir}\n`)];
  }
  async runVersion(ref: string, cmd: string[]) {
    this.calls.push(`version ${ref}`);
    return this.versionOverrides.get(ref) ?? VERSION_OUTPUT[cmd.join(" ")] ?? "";
  }
}

const auto: ResolveOptions = { pull: "auto", source: "auto", pullTimeoutMs: 1234 };

const bookwormTag = `faultline/debian-bookworm:${contentTag("debian-bookworm", { recipe: "debootstrap", variant: "minbase", suite: "bookworm" }, [])}`;
const redisContext = [file("Dockerfile", "ARG BASE\nFROM $BASE\nRUN apt-get install -y redis-server\n")];
const redisTag = (baseId: string) => `faultline/redis-7.0:${contentTag("redis-7.0", { baseId }, redisContext)}`;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("ImageResolver policy", () => {
  it("uses the official image when present: no pull, no build, no context read", async () => {
    const engine = new FakeEngine({ "redis:7.0": "sha256:official" });
    const image = await new ImageResolver(engine, auto).resolve("redis-7.0");
    expect(image).toEqual({
      name: "redis-7.0",
      ref: "redis:7.0",
      id: "sha256:official",
      source: "official",
      action: "present",
      engineVersion: "7.0.15",
      sizeBytes: 100_000_000,
    });
    expect(engine.calls).toEqual(["inspect redis:7.0", "version redis:7.0"]);
  });

  it("uses the local build when the official image is absent but the local content tag is present", async () => {
    const engine = new FakeEngine({ "debian:bookworm": "sha256:deb", [redisTag("sha256:deb")]: "sha256:local-redis" });
    engine.contexts.set("redis-7.0", redisContext);
    const image = await new ImageResolver(engine, auto).resolve("redis-7.0");
    expect(image).toMatchObject({ ref: redisTag("sha256:deb"), id: "sha256:local-redis", source: "local", action: "present" });
    expect(engine.calls.filter((c) => c.startsWith("pull") || c.startsWith("build") || c.startsWith("bootstrap"))).toEqual([]);
  });

  it("pulls the official image when nothing is present and the pull works", async () => {
    const engine = new FakeEngine({ "debian:bookworm": "sha256:deb" });
    engine.pullable.add("redis:7.0");
    const image = await new ImageResolver(engine, auto).resolve("redis-7.0");
    expect(image).toMatchObject({ ref: "redis:7.0", source: "official", action: "pulled", engineVersion: "7.0.15" });
    expect(engine.calls.filter((c) => c.startsWith("pull"))).toEqual(["pull redis:7.0"]);
    expect(engine.pullTimeouts).toEqual([1234]);
    expect(engine.calls.some((c) => c.startsWith("build"))).toBe(false);
  });

  it("with nothing present and every pull working, only the image itself is pulled (never its base)", async () => {
    const engine = new FakeEngine();
    engine.pullable.add("redis:7.0");
    engine.pullable.add("debian:bookworm");
    const image = await new ImageResolver(engine, auto).resolve("redis-7.0");
    expect(image).toMatchObject({ ref: "redis:7.0", source: "official", action: "pulled" });
    expect(engine.calls.filter((c) => c.startsWith("pull"))).toEqual(["pull redis:7.0"]);
    expect(engine.calls.some((c) => c.startsWith("build") || c.startsWith("bootstrap"))).toBe(false);
  });

  // Regression: found by review and fixed; this failed before the fix.
  it("a base that cannot be made does not prevent pulling the official image", async () => {
    const engine = new FakeEngine();
    engine.pullable.add("redis:7.0");
    engine.bootstrapFails = true;
    const image = await new ImageResolver(engine, auto).resolve("redis-7.0");
    expect(image).toMatchObject({ ref: "redis:7.0", source: "official", action: "pulled" });
  });

  it("when pulls fail, bootstraps the base first and then builds the local recipe with BASE = the base ref", async () => {
    const engine = new FakeEngine();
    engine.contexts.set("redis-7.0", redisContext);
    const image = await new ImageResolver(engine, auto).resolve("redis-7.0");
    const baseId = engine.images.get(bookwormTag)?.id as string;
    expect(baseId).toMatch(/^sha256:bootstrapped-/);
    // Looking for an existing build only inspects; the official pull comes before any base is made.
    expect(engine.calls).toEqual([
      "inspect redis:7.0",
      "readContext redis-7.0",
      "inspect debian:bookworm",
      `inspect ${bookwormTag}`,
      "pull redis:7.0",
      "inspect debian:bookworm",
      `inspect ${bookwormTag}`,
      "pull debian:bookworm",
      `bootstrap ${bookwormTag} bookworm`,
      `inspect ${bookwormTag}`,
      `version ${bookwormTag}`,
      `build ${redisTag(baseId)} from redis-7.0 (Dockerfile)`,
      `inspect ${redisTag(baseId)}`,
      `version ${redisTag(baseId)}`,
    ]);
    expect(engine.buildArgs).toEqual([{ BASE: bookwormTag }]);
    expect(image).toMatchObject({ ref: redisTag(baseId), source: "local", action: "built", engineVersion: "7.0.15" });
  });

  it("builds on an official base when that one is present, passing its ref as BASE", async () => {
    const engine = new FakeEngine({ "debian:bookworm": "sha256:deb" });
    engine.contexts.set("redis-7.0", redisContext);
    const image = await new ImageResolver(engine, auto).resolve("redis-7.0");
    expect(engine.buildArgs).toEqual([{ BASE: "debian:bookworm" }]);
    expect(image.ref).toBe(redisTag("sha256:deb"));
    expect(engine.calls.some((c) => c.startsWith("bootstrap"))).toBe(false);
  });

  it('with pull "never", never calls pull', async () => {
    const engine = new FakeEngine();
    engine.pullable.add("redis:7.0");
    engine.pullable.add("debian:bookworm");
    const image = await new ImageResolver(engine, { ...auto, pull: "never" }).resolve("redis-7.0");
    expect(engine.calls.filter((c) => c.startsWith("pull"))).toEqual([]);
    expect(image.action).toBe("built");
    expect(engine.calls.filter((c) => c.startsWith("bootstrap"))).toEqual([`bootstrap ${bookwormTag} bookworm`]);
  });

  it('with source "official", never builds nor reads a context, and says why', async () => {
    const engine = new FakeEngine();
    const error = await rejection(new ImageResolver(engine, { ...auto, source: "official" }).resolve("redis-7.0"));
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.message).toBe(
      "image redis-7.0 is not available; redis:7.0 is not present locally; " +
        "pull failed (redis:7.0: dial tcp: lookup registry-1.docker.io: no such host); " +
        "FAULTLINE_IMAGE_SOURCE=official rules out the local build. " +
        "Pull redis:7.0 where a registry is reachable and bring it here with `docker save` / `docker load`, " +
        "or allow the local build (FAULTLINE_IMAGE_SOURCE=auto).",
    );
    expect(engine.calls).toEqual(["inspect redis:7.0", "pull redis:7.0"]);
  });

  it('with source "local", never inspects nor pulls official refs (of the image or its base)', async () => {
    const engine = new FakeEngine({ "redis:7.0": "sha256:official", "debian:bookworm": "sha256:deb" });
    engine.pullable.add("redis:7.0");
    engine.contexts.set("redis-7.0", redisContext);
    const image = await new ImageResolver(engine, { ...auto, source: "local" }).resolve("redis-7.0");
    expect(image).toMatchObject({ source: "local", action: "built" });
    expect(engine.calls.filter((c) => /(redis:7\.0|debian:bookworm)$/.test(c))).toEqual([]);
    expect(engine.calls.filter((c) => c.startsWith("pull"))).toEqual([]);
  });

  it("an official-only image that cannot be pulled names the image, its ref and docker save/load", async () => {
    const engine = new FakeEngine();
    const error = await rejection(new ImageResolver(engine, auto).resolve("pxc-8.0"));
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.message).toBe(
      "image pxc-8.0 is not available; percona/percona-xtradb-cluster:8.0 is not present locally; " +
        "pull failed (percona/percona-xtradb-cluster:8.0: dial tcp: lookup registry-1.docker.io: no such host); " +
        "there is no local recipe (Percona XtraDB Cluster is not packaged by Debian). " +
        "Pull percona/percona-xtradb-cluster:8.0 where a registry is reachable and bring it here with `docker save` / `docker load`.",
    );
    expect(engine.calls).toEqual(["inspect percona/percona-xtradb-cluster:8.0", "pull percona/percona-xtradb-cluster:8.0"]);
  });

  it('an official-only image with pull "never" says pulling is off', async () => {
    const error = await rejection(new ImageResolver(new FakeEngine(), { ...auto, pull: "never" }).resolve("ndb-8.0"));
    expect(error.message).toContain("pulling is off (FAULTLINE_PULL=never)");
    expect(error.message).toContain("mysql/mysql-cluster:8.0");
    expect(error.message).toContain("`docker save` / `docker load`");
  });

  it('an official-only image with source "local" says it has no local recipe', async () => {
    const engine = new FakeEngine({ "redis:7.2": "sha256:r72" });
    const error = await rejection(new ImageResolver(engine, { ...auto, source: "local" }).resolve("redis-7.2"));
    expect(error.message).toContain("image redis-7.2 is not available; FAULTLINE_IMAGE_SOURCE=local but it has no local recipe");
    expect(engine.calls).toEqual([]);
  });

  it("a pull that reports success without the image is recorded as a pull failure", async () => {
    const engine = new FakeEngine();
    engine.phantomPulls.add("percona/percona-xtradb-cluster:8.0");
    const error = await rejection(new ImageResolver(engine, auto).resolve("pxc-8.0"));
    expect(error.message).toContain("pull failed (percona/percona-xtradb-cluster:8.0: pull reported success but the image is not there)");
  });

  it("a build that leaves no image is an InfrastructureError", async () => {
    const engine = new FakeEngine({ "debian:bookworm": "sha256:deb" });
    engine.buildLeavesNothing = true;
    engine.contexts.set("redis-7.0", redisContext);
    const error = await rejection(new ImageResolver(engine, auto).resolve("redis-7.0"));
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.message).toBe(`image redis-7.0: build of ${redisTag("sha256:deb")} finished but the image is not there`);
  });

  it("toxiproxy without its prepared server binary points at provision-host.sh and the official image", async () => {
    const engine = new FakeEngine({ "debian:bookworm": "sha256:deb" });
    engine.contexts.set("toxiproxy", [file("Dockerfile", "ARG BASE\nFROM $BASE\nCOPY toxiproxy-server /usr/local/bin/\n")]);
    const error = await rejection(new ImageResolver(engine, auto).resolve("toxiproxy"));
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.message).toContain("image toxiproxy: its build context fixtures/images/toxiproxy/ lacks toxiproxy-server");
    expect(error.message).toContain("bash scripts/provision-host.sh");
    expect(error.message).toContain("or make ghcr.io/shopify/toxiproxy:2.12.0 available to Docker");
    expect(engine.calls.some((c) => c.startsWith("build"))).toBe(false);
  });

  it("toxiproxy with its prepared binary builds", async () => {
    const engine = new FakeEngine({ "debian:bookworm": "sha256:deb" });
    engine.contexts.set("toxiproxy", [file("Dockerfile", "FROM x\n"), file("toxiproxy-server", "\x7fELF")]);
    const image = await new ImageResolver(engine, auto).resolve("toxiproxy");
    expect(image).toMatchObject({ source: "local", action: "built", engineVersion: "2.12.0" });
  });

  it("the local tag changes when the base image id changes", async () => {
    const a = new FakeEngine({ "debian:bookworm": "sha256:aaaa" });
    const b = new FakeEngine({ "debian:bookworm": "sha256:bbbb" });
    a.contexts.set("redis-7.0", redisContext);
    b.contexts.set("redis-7.0", redisContext);
    const imageA = await new ImageResolver(a, auto).resolve("redis-7.0");
    const imageB = await new ImageResolver(b, auto).resolve("redis-7.0");
    expect(imageA.ref).toBe(redisTag("sha256:aaaa"));
    expect(imageB.ref).toBe(redisTag("sha256:bbbb"));
    expect(imageA.ref).not.toBe(imageB.ref);
  });

  it("the local tag changes when the build context changes", async () => {
    const a = new FakeEngine({ "debian:bookworm": "sha256:aaaa" });
    const b = new FakeEngine({ "debian:bookworm": "sha256:aaaa" });
    a.contexts.set("redis-7.0", redisContext);
    b.contexts.set("redis-7.0", [...redisContext, file("redis.conf", "appendonly yes\n")]);
    const refA = (await new ImageResolver(a, auto).resolve("redis-7.0")).ref;
    const refB = (await new ImageResolver(b, auto).resolve("redis-7.0")).ref;
    expect(refA).not.toBe(refB);
  });

  it("resolving twice (even concurrently) asks the engine once", async () => {
    const engine = new FakeEngine({ "redis:7.0": "sha256:official" });
    const resolver = new ImageResolver(engine, auto);
    const [a, b] = await Promise.all([resolver.resolve("redis-7.0"), resolver.resolve("redis-7.0")]);
    const c = await resolver.resolve("redis-7.0");
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(engine.calls).toEqual(["inspect redis:7.0", "version redis:7.0"]);
  });

  it("a base shared by two images is resolved (bootstrapped) once", async () => {
    const engine = new FakeEngine();
    const resolver = new ImageResolver(engine, auto);
    await Promise.all([resolver.resolve("redis-7.0"), resolver.resolve("sidecar")]);
    expect(engine.calls.filter((c) => c.startsWith("bootstrap"))).toEqual([`bootstrap ${bookwormTag} bookworm`]);
    expect(engine.calls.filter((c) => c.startsWith("build")).length).toBe(2);
  });

  it("an unknown name is a BadInputError listing the catalog", async () => {
    const engine = new FakeEngine();
    const error = await rejection(new ImageResolver(engine, auto).resolve("redis-6.2"));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).field).toBe("image");
    expect(error.message).toContain('"redis-6.2" is not in the image catalog');
    expect(error.message).toContain("redis-7.0, redis-7.2, redis-8.0, valkey-8.1");
    expect(engine.calls).toEqual([]);
  });
});

describe("ImageResolver engine versions", () => {
  it.each([
    ["redis-7.0", { "redis:7.0": "sha256:x" }, "7.0.15"],
    ["valkey-8.1", { "valkey/valkey:8.1": "sha256:x" }, "8.1.1"],
    ["mariadb-galera-10.11", { "mariadb:10.11": "sha256:x" }, "10.11.18-MariaDB-0+deb12u1"],
    ["pxc-8.0", { "percona/percona-xtradb-cluster:8.0": "sha256:x" }, "8.0.42-33.1"],
    ["toxiproxy", { "ghcr.io/shopify/toxiproxy:2.12.0": "sha256:x" }, "2.12.0"],
    ["debian-bookworm", { "debian:bookworm": "sha256:x" }, "12.12"],
  ] as const)("%s reads %s from its version output", async (name, present, version) => {
    const image = await new ImageResolver(new FakeEngine(present), auto).resolve(name);
    expect(image.engineVersion).toBe(version);
  });

  it("sidecar (local only) reads the iptables version", async () => {
    const engine = new FakeEngine({ "debian:bookworm": "sha256:deb" });
    const image = await new ImageResolver(engine, auto).resolve("sidecar");
    expect(image).toMatchObject({ source: "local", action: "built", engineVersion: "1.8.9" });
  });

  it("output without a version is an InfrastructureError quoting the command and output", async () => {
    const engine = new FakeEngine({ "redis:7.0": "sha256:x" });
    engine.versionOverrides.set("redis:7.0", "exec: redis-server: not found\n");
    const error = await rejection(new ImageResolver(engine, auto).resolve("redis-7.0"));
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.message).toBe(
      "image redis-7.0 (redis:7.0): could not read its engine version from `redis-server --version`; it printed: exec: redis-server: not found",
    );
  });

  it("empty version output says (nothing)", async () => {
    const engine = new FakeEngine({ "mariadb:10.11": "sha256:x" });
    engine.versionOverrides.set("mariadb:10.11", "   \n");
    const error = await rejection(new ImageResolver(engine, auto).resolve("mariadb-galera-10.11"));
    expect(error.message).toBe(
      "image mariadb-galera-10.11 (mariadb:10.11): could not read its engine version from `mariadbd --version`; it printed: (nothing)",
    );
  });
});

describe("resolveOptionsFromEnv", () => {
  it("defaults to pull auto, source auto, 120 s", () => {
    expect(resolveOptionsFromEnv({})).toEqual({ pull: "auto", source: "auto", pullTimeoutMs: 120_000 });
  });

  it("reads valid values", () => {
    expect(resolveOptionsFromEnv({ FAULTLINE_PULL: "never", FAULTLINE_IMAGE_SOURCE: "local", FAULTLINE_PULL_TIMEOUT_MS: "5000" })).toEqual({
      pull: "never",
      source: "local",
      pullTimeoutMs: 5000,
    });
    expect(resolveOptionsFromEnv({ FAULTLINE_IMAGE_SOURCE: "official" }).source).toBe("official");
  });

  it.each([
    ["FAULTLINE_PULL", "always"],
    ["FAULTLINE_PULL", "AUTO"],
    ["FAULTLINE_IMAGE_SOURCE", "docker"],
    ["FAULTLINE_IMAGE_SOURCE", ""],
    ["FAULTLINE_PULL_TIMEOUT_MS", "soon"],
    ["FAULTLINE_PULL_TIMEOUT_MS", "0"],
    ["FAULTLINE_PULL_TIMEOUT_MS", "-5"],
    ["FAULTLINE_PULL_TIMEOUT_MS", "Infinity"],
  ])("%s=%j is a BadInputError naming the variable", (variable, value) => {
    let error: unknown;
    try {
      resolveOptionsFromEnv({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).field).toBe(variable);
    expect((error as Error).message).toMatch(new RegExp(`^${variable}: "${value}" is not a`));
  });
});

describe("ImageResolver.resolveReference (an image outside the catalog)", () => {
  it("uses the reference when present, reading its version like the catalog entry it stands for", async () => {
    const engine = new FakeEngine({ "registry.local/pxc:8.0.36": "sha256:mine" });
    engine.versionOverrides.set(
      "registry.local/pxc:8.0.36",
      "mysqld  Ver 8.0.36-28.1 for Linux on x86_64 (Percona XtraDB Cluster (GPL))\n",
    );
    const image = await new ImageResolver(engine, auto).resolveReference("registry.local/pxc:8.0.36", "pxc-8.0");
    expect(image).toMatchObject({
      name: "registry.local/pxc:8.0.36",
      ref: "registry.local/pxc:8.0.36",
      source: "official",
      action: "present",
    });
    expect(image.engineVersion).toMatch(/^8\.0\.36/);
    expect(engine.calls).toEqual(["inspect registry.local/pxc:8.0.36", "version registry.local/pxc:8.0.36"]);
  });

  it("pulls it when absent, and never builds: without a registry it is unavailable, saying so", async () => {
    const engine = new FakeEngine();
    const e = await rejection(new ImageResolver(engine, auto).resolveReference("example.org/ndb:8.4", "ndb-8.0"));
    expect(e.message).toContain("image example.org/ndb:8.4 is not available");
    expect(e.message).toContain("an image reference outside the catalog");
    expect(engine.calls).toEqual(["inspect example.org/ndb:8.4", "pull example.org/ndb:8.4"]);
  });

  it("a catalog name given as a reference resolves as the catalog entry", async () => {
    const engine = new FakeEngine({ "redis:7.0": "sha256:official" });
    expect((await new ImageResolver(engine, auto).resolveReference("redis-7.0", "pxc-8.0")).name).toBe("redis-7.0");
  });
});
