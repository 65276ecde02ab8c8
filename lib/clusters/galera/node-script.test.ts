import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MARKERS, mostAdvanced, type NodeScriptParts, nodeScript, parsePosition } from "./node-script.ts";

const UUID = "0a1b2c3d-0000-1111-2222-333344445555";
/** Every wait in this file ends by this deadline (below vitest's 5 s per test). */
const DEADLINE_MS = 4_000;

const GRASTATE = `# GALERA saved state
version: 2.1
uuid:    ${UUID}
seqno:   -1
safe_to_bootstrap: 0
`;

/** Parts shaped like a real flavor's (exec of the server), for the syntax checks. */
const mariadbLike = (founder: boolean): NodeScriptParts => ({
  datadir: "/var/lib/mysql",
  stateDir: "/var/lib/faultline",
  init: '[ -d "/var/lib/mysql/mysql" ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null',
  join: 'exec mariadbd "$@"',
  bootstrap: 'exec mariadbd --wsrep-new-cluster "$@"',
  recover: 'mariadbd "$@" --wsrep-recover 2>&1 | grep -o "Recovered position: .*" | tail -1',
  founder,
});

const bashSyntaxOk = (script: string) => {
  execFileSync("bash", ["-n", "-c", script], { timeout: DEADLINE_MS, stdio: "pipe" });
  return true;
};

describe("nodeScript (text)", () => {
  it("runs the flavor's init first, after set -u", () => {
    const lines = nodeScript(mariadbLike(true)).split("\n");
    expect(lines[0]).toBe("set -u");
    expect(lines[1]).toBe(mariadbLike(true).init);
  });

  it("founder: bootstraps only when the started marker is absent, then joins on every later start", () => {
    const s = nodeScript(mariadbLike(true));
    expect(s).toContain(
      'if [ ! -e "/var/lib/faultline"/.faultline-started ]; then touch "/var/lib/faultline"/.faultline-started; exec mariadbd --wsrep-new-cluster "$@"; fi',
    );
    expect(s.split("\n").at(-1)).toBe('exec mariadbd "$@"');
  });

  it("joiner: never bootstraps outside the full-crash branch", () => {
    const s = nodeScript(mariadbLike(false));
    expect(s).not.toContain(".faultline-started ]; then");
    // The only bootstrap is the one the harness asks for after a full crash.
    expect(s.split("--wsrep-new-cluster").length - 1).toBe(1);
    expect(s).toMatch(/if \[ "\$go" = bootstrap \]; then .*exec mariadbd --wsrep-new-cluster "\$@"; fi/);
    expect(s.split("\n").at(-1)).toBe('exec mariadbd "$@"');
  });

  it("hold branch: recovers, publishes the position, waits for go, sets safe_to_bootstrap on bootstrap", () => {
    const s = nodeScript(mariadbLike(false));
    expect(s).toContain(`if [ -e "/var/lib/faultline"/${MARKERS.hold} ]; then`);
    expect(s).toContain(`pos=$(${mariadbLike(false).recover})`);
    expect(s).toContain(`> "/var/lib/faultline"/${MARKERS.position}`);
    expect(s).toContain(`while [ ! -s "/var/lib/faultline"/${MARKERS.go} ]; do sleep 0.2; done`);
    // grastate.dat stays the datadir's.
    expect(s).toContain(`sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "/var/lib/mysql"/grastate.dat`);
  });

  it("is valid bash for founders and joiners (bash -n)", () => {
    expect(bashSyntaxOk(nodeScript(mariadbLike(true)))).toBe(true);
    expect(bashSyntaxOk(nodeScript(mariadbLike(false)))).toBe(true);
    expect(bashSyntaxOk(nodeScript({ ...fakeParts("/tmp/a dir with spaces", "/tmp/state with spaces", true) }))).toBe(true);
  });

  it("bash -n does catch a broken script (the check is not vacuous)", () => {
    expect(() => bashSyntaxOk(nodeScript({ ...mariadbLike(true), join: "if then" }))).toThrow();
  });
});

function fakeParts(datadir: string, stateDir: string, founder: boolean, overrides: Partial<NodeScriptParts> = {}): NodeScriptParts {
  return {
    datadir,
    stateDir,
    init: "true",
    join: 'echo JOIN "$@"; exit 0',
    bootstrap: 'echo BOOT "$@"; exit 0',
    recover: `echo ${UUID}:42`,
    founder,
    ...overrides,
  };
}

async function waitFor<T>(what: string, probe: () => T | undefined, deadlineMs = DEADLINE_MS): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("nodeScript (executed by bash with fake parts)", () => {
  /** The datadir (grastate.dat) and, beside it, the markers' directory, as on a node. */
  let root: string;
  let dir: string;
  let state: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    // A space in the paths checks the quoting.
    root = mkdtempSync(join(tmpdir(), "faultline node script "));
    dir = join(root, "data dir");
    state = join(root, "state dir");
    mkdirSync(dir);
    mkdirSync(state);
  });

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  const marker = (name: string) => join(state, name);
  const datadirFile = (name: string) => join(dir, name);
  const parts = (founder: boolean, overrides: Partial<NodeScriptParts> = {}) => fakeParts(dir, state, founder, overrides);
  const runSync = (parts: NodeScriptParts) => {
    const r = spawnSync("bash", ["-c", nodeScript(parts), "node", "--wsrep-node-name=n1", "--port=3306"], {
      encoding: "utf8",
      timeout: DEADLINE_MS,
    });
    expect(r.error).toBeUndefined();
    return r;
  };

  /** Starts the script in the background; resolves with its output once it exits (within the deadline). */
  const runAsync = (parts: NodeScriptParts) => {
    const child = spawn("bash", ["-c", nodeScript(parts), "node", "--wsrep-node-name=n2"], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`script did not exit within ${DEADLINE_MS} ms; stdout: ${stdout} stderr: ${stderr}`)),
        DEADLINE_MS,
      );
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    return { child, exited, output: () => ({ stdout, stderr }) };
  };

  /** Writes the harness's choice atomically, as a single complete file. */
  const tellGo = (choice: string) => {
    writeFileSync(marker(`${MARKERS.go}.tmp`), choice);
    renameSync(marker(`${MARKERS.go}.tmp`), marker(MARKERS.go));
  };

  const readPosition = () => {
    const p = marker(MARKERS.position);
    if (!existsSync(p)) return undefined;
    const text = readFileSync(p, "utf8");
    return text.endsWith("\n") ? text : undefined;
  };

  it("founder, first start: bootstraps with the node's arguments and leaves the started marker", () => {
    const r = runSync(parts(true));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("BOOT --wsrep-node-name=n1 --port=3306\n");
    expect(existsSync(marker(MARKERS.started))).toBe(true);
  });

  it("founder, second start: joins (never founds a second cluster)", () => {
    expect(runSync(parts(true)).stdout).toBe("BOOT --wsrep-node-name=n1 --port=3306\n");
    const again = runSync(parts(true));
    expect(again.status).toBe(0);
    expect(again.stdout).toBe("JOIN --wsrep-node-name=n1 --port=3306\n");
  });

  it("joiner: joins on its first start and leaves the started marker", () => {
    const r = runSync(parts(false));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("JOIN --wsrep-node-name=n1 --port=3306\n");
    expect(existsSync(marker(MARKERS.started))).toBe(true);
    expect(runSync(parts(false)).stdout).toBe("JOIN --wsrep-node-name=n1 --port=3306\n");
  });

  it("keeps the markers outside the datadir: the datadir holds none of them", () => {
    expect(runSync(parts(true)).stdout).toBe("BOOT --wsrep-node-name=n1 --port=3306\n");
    expect(existsSync(marker(MARKERS.started))).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("founder restarted after an SST emptied its datadir (all but the SST's cpat list): joins, never bootstraps a second cluster", () => {
    expect(runSync(parts(true)).stdout).toBe("BOOT --wsrep-node-name=n1 --port=3306\n");
    // What a joiner's xtrabackup-v2 or mariabackup SST leaves of the datadir: its cpat files only.
    writeFileSync(datadirFile("grastate.dat"), GRASTATE);
    for (const name of readdirSync(dir))
      if (!/grastate\.dat$|gvwstate\.dat$|galera\.cache$|\.pem$|\.err$|\.log$/.test(name)) rmSync(datadirFile(name), { recursive: true });
    expect(runSync(parts(true)).stdout).toBe("JOIN --wsrep-node-name=n1 --port=3306\n");
  });

  it("refuses to start (exit 1, saying why) when it cannot write the markers' directory: a lost marker could mean a second bootstrap", () => {
    writeFileSync(join(root, "a file"), "");
    const r = runSync(fakeParts(dir, join(root, "a file", "state"), true));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`faultline: cannot write ${join(root, "a file", "state")}, where the node keeps its start markers`);
  });

  it("runs init before deciding anything", () => {
    const r = runSync(parts(true, { init: "echo INIT" }));
    expect(r.stdout).toBe("INIT\nBOOT --wsrep-node-name=n1 --port=3306\n");
  });

  it("without the hold marker never runs the recovery nor writes a position", () => {
    const r = runSync(parts(false, { recover: "echo RECOVER >&2; echo x" }));
    expect(r.stderr).not.toContain("RECOVER");
    expect(existsSync(marker(MARKERS.position))).toBe(false);
  });

  it("hold + bootstrap: publishes the recovered position, waits, then bootstraps with safe_to_bootstrap: 1", async () => {
    writeFileSync(marker(MARKERS.started), "");
    writeFileSync(marker(MARKERS.hold), "");
    writeFileSync(datadirFile("grastate.dat"), GRASTATE);
    const run = runAsync(parts(false));

    const position = await waitFor("the position file", readPosition);
    expect(position).toBe(`${UUID}:42\n`);
    expect(parsePosition(position)).toEqual({ uuid: UUID, seqno: 42 });
    expect(existsSync(marker(MARKERS.hold))).toBe(false);
    // Still waiting for the harness: nothing started yet.
    await new Promise((r) => setTimeout(r, 300));
    expect(run.child.exitCode).toBeNull();
    expect(run.output().stdout).toBe("");

    tellGo("bootstrap");
    const { code, stdout, stderr } = await run.exited;
    expect(code).toBe(0);
    expect(stdout).toBe(`BOOT --wsrep-node-name=n2 --wsrep-start-position=${UUID}:42\n`);
    expect(stderr).toContain(`faultline: recovered position ${UUID}:42`);
    expect(stderr).toContain("faultline: told to bootstrap");
    const grastate = readFileSync(datadirFile("grastate.dat"), "utf8");
    expect(grastate).toContain("safe_to_bootstrap: 1");
    expect(grastate).not.toContain("safe_to_bootstrap: 0");
    expect(grastate).toContain(`uuid:    ${UUID}`);
    expect(existsSync(marker(MARKERS.go))).toBe(false);
    expect(existsSync(marker(MARKERS.position))).toBe(false);
  });

  it("hold + join: joins and leaves grastate.dat alone", async () => {
    writeFileSync(marker(MARKERS.started), "");
    writeFileSync(marker(MARKERS.hold), "");
    writeFileSync(datadirFile("grastate.dat"), GRASTATE);
    const run = runAsync(parts(true));

    expect(await waitFor("the position file", readPosition)).toBe(`${UUID}:42\n`);
    tellGo("join");
    const { code, stdout, stderr } = await run.exited;
    expect(code).toBe(0);
    expect(stdout).toBe(`JOIN --wsrep-node-name=n2 --wsrep-start-position=${UUID}:42\n`);
    expect(stderr).toContain("faultline: told to join");
    expect(readFileSync(datadirFile("grastate.dat"), "utf8")).toBe(GRASTATE);
    expect(existsSync(marker(MARKERS.go))).toBe(false);
    expect(existsSync(marker(MARKERS.position))).toBe(false);
  });

  it("hold: a go file left from an earlier crash is discarded, not obeyed", async () => {
    writeFileSync(marker(MARKERS.started), "");
    writeFileSync(marker(MARKERS.hold), "");
    writeFileSync(marker(MARKERS.go), "bootstrap");
    writeFileSync(datadirFile("grastate.dat"), GRASTATE);
    const run = runAsync(parts(false));

    await waitFor("the position file", readPosition);
    expect(existsSync(marker(MARKERS.go))).toBe(false);
    expect(run.child.exitCode).toBeNull();
    tellGo("join");
    const { stdout } = await run.exited;
    expect(stdout).toBe(`JOIN --wsrep-node-name=n2 --wsrep-start-position=${UUID}:42\n`);
    expect(readFileSync(datadirFile("grastate.dat"), "utf8")).toContain("safe_to_bootstrap: 0");
  });

  it("hold: a recovery that prints nothing publishes 'unknown'", async () => {
    writeFileSync(marker(MARKERS.hold), "");
    const run = runAsync(parts(false, { recover: "true" }));
    expect(await waitFor("the position file", readPosition)).toBe("unknown\n");
    tellGo("join");
    const { stdout, stderr } = await run.exited;
    // No position to start from: the node joins as it is (and gets a state transfer).
    expect(stdout).toBe("JOIN --wsrep-node-name=n2\n");
    expect(stderr).toContain("faultline: recovered position unknown");
  });
});

describe("parsePosition", () => {
  it("reads uuid:seqno, alone or inside a log line", () => {
    expect(parsePosition(`${UUID}:42`)).toEqual({ uuid: UUID, seqno: 42 });
    expect(parsePosition(`${UUID}:42\n`)).toEqual({ uuid: UUID, seqno: 42 });
    expect(parsePosition(`2026-11-27 14:53:10 0 [Note] WSREP: Recovered position: ${UUID}:1234`)).toEqual({ uuid: UUID, seqno: 1234 });
    expect(parsePosition(`${UUID}:0`)).toEqual({ uuid: UUID, seqno: 0 });
  });

  it("keeps seqno -1 and lower-cases the uuid", () => {
    expect(parsePosition(`${UUID}:-1`)).toEqual({ uuid: UUID, seqno: -1 });
    expect(parsePosition("34549BC5-EA72-11F1-BB00-43D2B6A2FD90:7")).toEqual({ uuid: "34549bc5-ea72-11f1-bb00-43d2b6a2fd90", seqno: 7 });
  });

  it("takes the first position of several lines", () => {
    expect(parsePosition(`noise\n${UUID}:5\n34549bc5-ea72-11f1-bb00-43d2b6a2fd90:9\n`)).toEqual({ uuid: UUID, seqno: 5 });
  });

  it("is undefined without a position", () => {
    expect(parsePosition("")).toBeUndefined();
    expect(parsePosition("unknown")).toBeUndefined();
    expect(parsePosition(`${UUID}:`)).toBeUndefined();
    expect(parsePosition(`${UUID}`)).toBeUndefined();
    expect(parsePosition("0a1b2c3d-0000-1111-2222-3333:42")).toBeUndefined();
  });
});

describe("mostAdvanced", () => {
  const pos = (seqno: number, uuid = UUID) => `${uuid}:${seqno}`;

  it("picks the highest seqno", () => {
    expect(
      mostAdvanced(
        new Map([
          ["n1", pos(10)],
          ["n2", pos(12)],
          ["n3", pos(11)],
        ]),
      ),
    ).toEqual({ node: "n2", uuid: UUID, seqno: 12 });
  });

  it("ignores seqno -1 and unknown positions", () => {
    expect(
      mostAdvanced(
        new Map([
          ["n1", pos(-1)],
          ["n2", "unknown"],
          ["n3", pos(3)],
        ]),
      ),
    ).toEqual({ node: "n3", uuid: UUID, seqno: 3 });
    expect(mostAdvanced(new Map([["n1", pos(0)]]))).toEqual({ node: "n1", uuid: UUID, seqno: 0 });
  });

  it("breaks ties by node name in natural order (n1 < n2 < n10), whatever the map order", () => {
    expect(
      mostAdvanced(
        new Map([
          ["n10", pos(7)],
          ["n2", pos(7)],
          ["n1", pos(7)],
        ]),
      )?.node,
    ).toBe("n1");
    expect(
      mostAdvanced(
        new Map([
          ["n10", pos(7)],
          ["n2", pos(7)],
        ]),
      )?.node,
    ).toBe("n2");
    expect(
      mostAdvanced(
        new Map([
          ["n10", pos(8)],
          ["n2", pos(7)],
        ]),
      )?.node,
    ).toBe("n10");
  });

  it("is undefined when no node recovered a position", () => {
    expect(mostAdvanced(new Map())).toBeUndefined();
    expect(
      mostAdvanced(
        new Map([
          ["n1", "unknown"],
          ["n2", pos(-1)],
          ["n3", ""],
        ]),
      ),
    ).toBeUndefined();
  });
});
