import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "./main.ts";
import { withRuntime } from "./with-runtime.ts";

// Bad input must be refused before anything starts: opening the runtime (Docker) here fails the test.
vi.mock("./with-runtime.ts", () => ({
  withRuntime: vi.fn(async () => {
    throw new Error("withRuntime was called: something would have started");
  }),
}));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "faultline-main-"));
  // The working directory holds no config file unless a test writes one.
  vi.spyOn(process, "cwd").mockReturnValue(dir);
  vi.mocked(withRuntime).mockClear();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** `faultline ...args`: the exit code and what went to stdout and stderr. */
async function cli(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    stdout.push(String(s));
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    stderr.push(String(s));
    return true;
  });
  try {
    const code = await main(["node", "faultline", ...args]);
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("unknown flags: commander names the flag and suggests the near one (exit 2)", () => {
  it.each([
    [["run", "galera", "--nodez", "3"], "--nodez", "--nodes"],
    [["run", "redis", "--mastrs", "3"], "--mastrs", "--masters"],
    [["run", "ndb", "--data-node", "4"], "--data-node", "--data-nodes"],
    [["run", "--taget", "redis-7.0"], "--taget", "--target"],
    [["run", "redis", "--scenarios", "set"], "--scenarios", "--scenario"],
    [["config", "--prnt"], "--prnt", "--print"],
  ])("%j", async (args, flag, near) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`error: unknown option '${flag}'`);
    expect(stderr).toContain(`(Did you mean ${near}?)`);
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("a flag without its value", async () => {
    const { code, stderr } = await cli("run", "redis", "--repeat");
    expect(code).toBe(2);
    expect(stderr).toContain("error: option '--repeat <n>' argument missing");
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("an unknown suite is refused by name, with the suites there are (exit 2, nothing started)", async () => {
    const { code, stderr } = await cli("run", "cassandra");
    expect(code).toBe(2);
    expect(withRuntime).not.toHaveBeenCalled();
    expect(stderr).toContain("cassandra");
    expect(stderr).toMatch(/redis.*galera.*ndb/);
  });

  it("run ndb takes its one image from --image or --target: an empty --target is refused, both at once too", async () => {
    const empty = await cli("run", "ndb", "--target", "");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('image: "" is not an NDB Cluster image of the catalog');
    const both = await cli("run", "ndb", "--target", "ndb-8.0", "--image", "ndb-8.0");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--target: and --image both name the image. Give one of them: run ndb takes one image.");
    expect(withRuntime).not.toHaveBeenCalled();
  });
});

describe("bad flag values through main: the field, what was expected and found, exit 2, nothing started", () => {
  it.each([
    [["run", "redis", "--repeat", "0"], '--repeat: "0" is not a whole number from 1 to 1000. Give e.g. --repeat 5.'],
    [["run", "galera", "--repeat", "1001"], '--repeat: "1001" is not a whole number from 1 to 1000'],
    [["run", "ndb", "--repeat", "x"], '--repeat: "x" is not a whole number from 1 to 1000'],
    [["run", "--target", "redis-7.0", "--repeat", "0"], '--repeat: "0" is not a whole number from 1 to 1000'],
    [["run", "--target", "redis-7.0,cassandra-5"], '--target: "cassandra-5" belongs to no suite'],
    [["run", "--target", ","], "--target: is empty"],
    [["run", "redis", "--target", "redis-6.0"], 'image: "redis-6.0" is not a Redis-compatible image of the catalog'],
    [["run", "galera", "--target", "mariadb-10.6"], 'image: "mariadb-10.6" is not a Galera image of the catalog'],
    [["run", "ndb", "--image", "ndb-8.4"], 'image: "ndb-8.4" is not an NDB Cluster image of the catalog'],
    [["run", "redis", "--scenario", "split-brain"], '--scenario: "split-brain" is not a Redis scenario'],
    [["run", "galera", "--scenario", "split-brain"], '--scenario: "split-brain" is not a Galera scenario'],
    [["run", "ndb", "--scenario", "split-brain"], '--scenario: "split-brain" is not an NDB scenario'],
    [["run", "redis", "--set", "appendfsync"], '--set: "appendfsync" is not name=value'],
    [["run", "galera", "--provider-option", "evs.suspect_timeout"], '--provider-option: "evs.suspect_timeout" is not name=value'],
    [["run", "redis", "--workers", "0"], "--workers: 0 is out of range. Use 1 to 256 workers."],
    [["run", "galera", "--nodes", "2"], "nodes: 2 is not a whole number from 3 to 15"],
    [["run", "ndb", "--data-nodes", "3"], "data-nodes: 3 is not a multiple of replicas (2)"],
    [["run", "ndb", "--duration", "100"], "--duration: 100 ms is out of range. Give 4000 to 3600000 ms."],
    [["run", "redis", "--fault", "flood"], '--fault: "flood" is not a fault. Use one of: partition, kill, pause, none.'],
    [["run", "galera", "--flavor", "percona"], '--flavor: "percona" is not a Galera flavor. Use one of: mariadb, pxc.'],
    [
      ["run", "galera", "--target", "pxc-8.0", "--sst", "clone"],
      `sst: "clone" cannot run on pxc through faultline's mesh: the joiner's CLONE INSTANCE FROM dials the donor at the address its connection came from, which through faultline's mesh is the proxy's, at the donor's MySQL port, which the mesh does not route (and PXC 8.0 accepts clone only when wsrep_sst_allowed_methods lists it). Use --sst xtrabackup-v2, or leave --sst out (pxc's default is xtrabackup-v2).`,
    ],
    [["run", "galera", "--duration", "10000", "--fault-ms", "8000"], "--fault-ms: 8000 ms does not fit"],
    [
      ["run", "galera", "--set", "loose-wsrep-on=OFF"],
      "set.loose-wsrep-on: is set by faultline on every node (read by the server as wsrep_on",
    ],
    [["run", "redis", "--set", "cluster-port=17000"], "--set cluster-port: is set by faultline itself"],
    [
      ["run", "redis", "--ready-timeout", "99999999999"],
      "--ready-timeout: 99999999999 ms is longer than faultline takes (at most 86400000 ms, 24 h)",
    ],
    [
      ["run", "galera", "--recovery-ms", "99999999999"],
      "--recovery-ms: 99999999999 ms is longer than faultline takes (at most 86400000 ms, 24 h)",
    ],
  ])("%j", async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`faultline: ${message}`);
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("--config to a missing file, and run with neither a config file nor --target", async () => {
    for (const args of [
      ["--config", "nope.json", "run", "redis"],
      ["--config", "nope.json", "run"],
    ]) {
      const { code, stderr } = await cli(...args);
      expect(code).toBe(2);
      expect(stderr).toContain(
        `faultline: --config: ${join(dir, "nope.json")} does not exist. Give the path of a faultline.config.ts or .json.`,
      );
    }
    const none = await cli("run");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`faultline: config: no faultline.config.ts, .mts, .js or .json in ${dir}. Write one`);
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("a bad config file is reported for run <suite> too, every problem listed, before the flags apply", async () => {
    await writeFile(join(dir, "faultline.config.json"), JSON.stringify({ suites: { redis: { mastrs: 3 }, galera: { nodes: "3" } } }));
    const { code, stderr } = await cli("run", "redis", "--masters", "5");
    expect(code).toBe(2);
    expect(stderr).toContain(`faultline: ${join(dir, "faultline.config.json")}: 2 problems, nothing was started:`);
    expect(stderr).toContain("config.suites.redis.mastrs: expected one of the keys targets, scenarios, masters");
    expect(stderr).toContain('config.suites.galera.nodes: expected a whole number, found "3" (a string)');
    expect(withRuntime).not.toHaveBeenCalled();
  });
});

describe("what an error shows: one clear line, control characters escaped, a stack only when asked for", () => {
  it("user text in a message is shown with its control characters escaped, never obeyed by the terminal", async () => {
    const { code, stderr } = await cli("run", "cassandra\u001b[31m\rX");
    expect(code).toBe(2);
    expect(stderr).toContain('suite: "cassandra\\u001b[31m\\u000dX" is not a suite');
    expect(stderr).not.toContain("\u001b");
    expect(stderr).not.toContain("\r");
  });

  it("commander's own messages (an unknown flag) are escaped too", async () => {
    const { code, stderr } = await cli("config", "--pr\u001b[2Jint");
    expect(code).toBe(2);
    expect(stderr).toContain("--pr\\u001b[2Jint");
    expect(stderr).not.toContain("\u001b");
  });

  it("an error that is not faultline's own (here: the mocked runtime's) gives one line and no stack, unless asked for", async () => {
    vi.stubEnv("FAULTLINE_DEBUG", "");
    try {
      const plain = await cli("images", "--only", "redis-7.0");
      expect(plain.code).toBe(2);
      expect(plain.stderr).toContain("faultline: withRuntime was called: something would have started");
      expect(plain.stderr).toContain("an internal error of faultline, not of your input: run again with --verbose or FAULTLINE_DEBUG=1");
      expect(plain.stderr).not.toMatch(/\n\s+at /);
      const verbose = await cli("--verbose", "images", "--only", "redis-7.0");
      expect(verbose.stderr).toMatch(/\n\s+at /);
      vi.stubEnv("FAULTLINE_DEBUG", "1");
      const debug = await cli("images", "--only", "redis-7.0");
      expect(debug.stderr).toMatch(/\n\s+at /);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("images --only: checked against the catalog before Docker is asked anything", () => {
  it.each([
    [["images", "--only", ""], '--only: "" names nothing'],
    [["images", "--only", ","], '--only: "," names nothing'],
    [["images", "--only", "nope"], '--only: "nope" is not an image of the catalog. Use one or more of: '],
    [["images", "--only", "redis-7.0,redis-70"], '--only: "redis-70" is not an image of the catalog (did you mean redis-7.0?)'],
  ])("%j", async (args, message) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(`faultline: ${message}`);
    expect(withRuntime).not.toHaveBeenCalled();
  });
});

describe("a flag that takes one value, given twice: refused, not the earlier value dropped", () => {
  it.each([
    [
      ["run", "redis", "--duration", "1", "--duration", "2"],
      '--duration: given twice: "1" and "2", and only one can apply. Give --duration once.',
    ],
    [["run", "redis", "--target", "redis-7.0", "--target", "redis-8.0"], '--target: given twice: "redis-7.0" and "redis-8.0"'],
    [["run", "galera", "--nodes", "3", "--nodes", "5"], '--nodes: given twice: "3" and "5"'],
    [["run", "ndb", "--data-memory", "80M", "--data-memory", "90M"], "--data-memory: given twice"],
    [["run", "--target", "redis-7.0", "--repeat", "2", "--repeat", "3"], '--repeat: given twice: "2" and "3"'],
    [["--config", "a.json", "--config", "b.json", "config"], '--config: given twice: "a.json" and "b.json"'],
    [["check", "h.jsonl", "--checker", "set", "--checker", "register"], '--checker: given twice: "set" and "register"'],
    [["images", "--only", "redis-7.0", "--only", "redis-8.0"], "--only: given twice"],
  ])("%j", async (args, message) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(`faultline: ${message}`);
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("repeatable flags stay repeatable: --set and --provider-option (galera, ndb), --set (redis), --option (check)", async () => {
    for (const args of [
      ["run", "galera", "--set", "a=1", "--set", "b=2", "--provider-option", "evs.x=1", "--provider-option", "evs.y=2", "--nodes", "2"],
      ["run", "redis", "--set", "appendfsync=always", "--set", "maxmemory=1mb", "--masters", "2"],
      ["run", "ndb", "--set", "MaxNoOfTables=128", "--set", "StopOnError=true", "--data-nodes", "3"],
    ]) {
      const { code, stderr } = await cli(...args);
      expect(code).toBe(2);
      expect(stderr).not.toContain("given twice");
      expect(stderr).toMatch(/faultline: (nodes|masters|data-nodes): /);
    }
    const check = await cli(
      "check",
      join(dir, "missing.jsonl"),
      "--checker",
      "availability",
      "--option",
      "maxRecoveryMs=1",
      "--option",
      "maxUnavailableMs=2",
    );
    expect(check.stderr).not.toContain("given twice");
    expect(check.stderr).toContain("faultline: history: cannot read");
  });
});
