import { describe, expect, it } from "vitest";
import { DeadlineError, InfrastructureError } from "../../core/errors.ts";
import type { Nemesis } from "../../mesh/nemesis.ts";
import { classify, crashAll, describeRecovery, type FullCrashRecovery } from "./full-crash.ts";
import { NodeStoppedError, type StartedGaleraCluster } from "./galera-cluster.ts";

const base: FullCrashRecovery = { positions: {}, bootstrapped: null, seqno: null, step: "positions", recoveredMs: null };
const uuid = "c7184848-ef4e-11f1-9c51-5392f8c0192e";

describe("full-crash recovery: what it says happened", () => {
  it("a recovery that completed: every position, the node bootstrapped from, the time", () => {
    const r: FullCrashRecovery = {
      positions: { n1: `${uuid}:1039`, n2: `${uuid}:1038`, n3: `${uuid}:1041` },
      bootstrapped: "n3",
      seqno: 1041,
      step: "done",
      recoveredMs: 21505,
    };
    expect(describeRecovery(r)).toBe(
      `positions: n1 ${uuid}:1039, n2 ${uuid}:1038, n3 ${uuid}:1041; bootstrapped from n3 (seqno 1041); every node Primary and Synced 21505 ms after the restart`,
    );
  });

  it("a node that aborted while joining: the cluster's failure, with the step and the positions already read", () => {
    const r: FullCrashRecovery = {
      ...base,
      positions: { n1: `${uuid}:7`, n2: `${uuid}:7`, n3: `${uuid}:7` },
      bootstrapped: "n1",
      seqno: 7,
      step: "join",
      failure: { by: "cluster", reason: "n2 stopped while faultline waited for 3 Galera node(s) to be Primary and Synced" },
    };
    expect(describeRecovery(r)).toBe(
      `positions: n1 ${uuid}:7, n2 ${uuid}:7, n3 ${uuid}:7; bootstrapped from n1 (seqno 7); the cluster did not recover at step join: n2 stopped while faultline waited for 3 Galera node(s) to be Primary and Synced`,
    );
  });

  it("nothing read at all is said in words, never as {} or undefined", () => {
    const r: FullCrashRecovery = {
      ...base,
      failure: { by: "harness", reason: "timed out after 30.0 s waiting for every node to recover" },
    };
    const line = describeRecovery(r);
    expect(line).toBe(
      "positions: none read; no bootstrap node chosen; faultline could not drive the recovery at step positions: timed out after 30.0 s waiting for every node to recover",
    );
    for (const text of [line, describeRecovery({ ...r, step: "bootstrap", bootstrapped: "n2", seqno: 3 })])
      expect(text).not.toMatch(/undefined|null|\{\}/);
  });
});

describe("full-crash recovery: whose failure a failed wait is", () => {
  it("a wait for Primary and Synced that expired, or a node whose server exited, is the cluster's", () => {
    expect(classify(new DeadlineError("3 Galera node(s) to be Primary and Synced in one view", 30_000)).by).toBe("cluster");
    expect(classify(new NodeStoppedError(["n2"], "n2 stopped while faultline waited")).by).toBe("cluster");
  });

  it("anything else (a Docker call that failed) is the harness's: no verdict on the cluster", () => {
    expect(classify(new InfrastructureError("exec in n2 failed: socket hang up"))).toEqual({
      by: "harness",
      reason: "exec in n2 failed: socket hang up",
    });
    expect(classify(new Error("connect ECONNREFUSED /var/run/docker.sock")).by).toBe("harness");
  });
});

describe("full-crash: the hold marker", () => {
  it("goes to /var/lib/faultline on every node, outside the datadir an SST empties, before the kill", async () => {
    const calls: string[] = [];
    const node = (name: string) => ({
      name,
      container: {
        exec: async (cmd: string[]) => {
          calls.push(`${name}: ${cmd.join(" ")}`);
          return { exitCode: 0, stdout: "", stderr: "" };
        },
      },
    });
    const cluster = {
      nodes: [node("n1"), node("n2")],
      names: ["n1", "n2"],
      flavor: { datadir: "/var/lib/mysql" },
    } as unknown as StartedGaleraCluster;
    const nemesis = {
      processFault: async (fault: string, nodes: readonly string[]) => {
        calls.push(`${fault} ${nodes.join(",")}`);
      },
    } as unknown as Nemesis;
    await crashAll(cluster, nemesis);
    expect(calls).toEqual(["n1: touch /var/lib/faultline/.faultline-hold", "n2: touch /var/lib/faultline/.faultline-hold", "kill n1,n2"]);
  });
});
