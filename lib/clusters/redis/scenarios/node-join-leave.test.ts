import { describe, expect, it } from "vitest";
import { parseClusterNodes } from "../cluster-nodes.ts";
import {
  isEmptiedSourceRefusal,
  joinProblems,
  judgeNodeJoinLeave,
  type Member,
  type MemberView,
  type NodeJoinLeaveEvidence,
  slotOwnerProblems,
  viewsListing,
} from "./node-join-leave.ts";

const member = (n: number): Member => ({ name: `n${n}`, id: String(n).repeat(40), ip: `10.0.0.${10 + n}`, port: 6379 });
const n1 = member(1);
const n2 = member(2);
const n7 = member(7);
const nameOfId = (id: string) => [n1, n2, n7].find((m) => m.id === id)?.name ?? id;

/** One CLUSTER NODES line; `self` marks the viewer's own. */
function line(m: Member, flags: string, slots = "", link = "connected"): string {
  return `${m.id} ${m.ip}:${m.port}@${m.port + 10000} ${flags} - 0 0 1 ${link}${slots ? ` ${slots}` : ""}`;
}
const view = (name: string, ...lines: string[]): MemberView => ({ name, nodes: parseClusterNodes(lines.join("\n")) });

describe("joinProblems", () => {
  it("is empty when every view lists the node connected and it lists every peer", () => {
    const views = [
      view("n1", line(n1, "myself,master", "0-8191"), line(n2, "master", "8192-16383"), line(n7, "master")),
      view("n2", line(n1, "master", "0-8191"), line(n2, "myself,master", "8192-16383"), line(n7, "master")),
      view("n7", line(n1, "master", "0-8191"), line(n2, "master", "8192-16383"), line(n7, "myself,master")),
    ];
    expect(joinProblems(views, n7, [n1, n2])).toEqual([]);
  });

  it("names a view that does not list it, lists it in handshake, has its link down, or does not answer", () => {
    const views = [
      view("n1", line(n1, "myself,master"), line(n2, "master"), line(n7, "master", "", "disconnected")),
      view("n2", line(n1, "master"), line(n2, "myself,master")),
      view("n7", line(n1, "master"), line(n7, "myself,master"), line(n2, "handshake")),
      { name: "n3", nodes: undefined, error: "connect ECONNREFUSED" },
    ];
    expect(joinProblems(views, n7, [n1, n2])).toEqual([
      "n1: link to n7 is disconnected",
      "n2 does not list n7",
      "n7 lists n2 as handshake",
      "n3: no answer (connect ECONNREFUSED)",
    ]);
  });
});

describe("viewsListing", () => {
  it("finds the node by id or by address, skips its own view, and keeps silent views apart", () => {
    const fresh = { ...n7, id: "f".repeat(40) };
    const views = [
      view("n1", line(n1, "myself,master"), line(n2, "master")),
      view("n2", line(n2, "myself,master"), line(n7, "master,fail?", "", "disconnected")),
      view("n3", line(n1, "master"), line(fresh, "handshake")),
      view("n7", line(n7, "myself,master")),
      { name: "n4", nodes: undefined, error: "timeout" },
    ];
    const result = viewsListing(views, n7);
    expect(result.listing).toEqual(["n2", "n3"]);
    expect(result.silent).toEqual(["n4"]);
    expect(result.details).toEqual([
      "n2 still lists n7 (master,fail?, link disconnected)",
      "n3 still lists n7 (handshake, link connected)",
      "n4: no answer (timeout)",
    ]);
  });

  it("is empty once every view forgot it", () => {
    const views = [view("n1", line(n1, "myself,master"), line(n2, "master")), view("n2", line(n1, "master"), line(n2, "myself,master"))];
    expect(viewsListing(views, n7)).toEqual({ listing: [], silent: [], details: [] });
  });
});

describe("slotOwnerProblems", () => {
  it("is empty when every view gives every slot to the owner alone", () => {
    const views = [
      view("n1", line(n1, "myself,master", "0-99 102-8191"), line(n7, "master", "100-101")),
      view("n7", line(n1, "master", "0-99 102-8191"), line(n7, "myself,master", "100-101")),
    ];
    expect(slotOwnerProblems(views, [100, 101], n7, nameOfId)).toEqual([]);
  });

  it("names the view, the slot and who it sees owning it (nobody, someone else, or two masters)", () => {
    const views = [
      view("n1", line(n1, "myself,master", "0-100"), line(n7, "master", "101")),
      view("n2", line(n1, "master", "0-99"), line(n7, "master", "100")),
      view("n3", line(n1, "master", "0-99 101"), line(n7, "master", "100-101")),
      { name: "n4", nodes: undefined },
    ];
    expect(slotOwnerProblems(views, [100, 101], n7, nameOfId)).toEqual([
      "n1 sees slot 100 owned by n1, not n7",
      "n2 sees slot 101 owned by nobody, not n7",
      "n3 sees slot 101 owned by n1+n7, not n7",
      "n4: no answer",
    ]);
  });

  it("ignores replicas that still carry slot fields", () => {
    const views = [view("n1", line(n1, "myself,master", "5"), line(n2, "slave", "5"))];
    expect(slotOwnerProblems(views, [5], n1, nameOfId)).toEqual([]);
  });
});

describe("judgeNodeJoinLeave", () => {
  const ok: NodeJoinLeaveEvidence = {
    node: "n7",
    joinConvergedMs: 900,
    joinProblems: [],
    nodeStateOkMs: 2100,
    nodeStateProblems: [],
    slots: [1, 2, 3, 4],
    slotsToNode: 4,
    slotsOnNodeProblems: [],
    slotsBack: 4,
    slotsBackProblems: [],
    errors: [],
    stillListing: [],
    silentAfterLeave: [],
    leaveConvergedMs: 20,
    listedAfterReady: [],
  };

  it("is valid when the node joined, held the slots, gave them back and was forgotten", () => {
    const r = judgeNodeJoinLeave(ok);
    expect(r).toMatchObject({ checker: "node-join-leave", valid: true, joinConvergedMs: 900, leaveConvergedMs: 20 });
    expect(r.reason).toBeUndefined();
  });

  it("fails naming the views that still list the node after FORGET", () => {
    const r = judgeNodeJoinLeave({ ...ok, stillListing: ["n6"], leaveConvergedMs: null });
    expect(r.valid).toBe(false);
    expect(r.reason).toBe("n6 still lists n7 after CLUSTER FORGET");
  });

  it("fails when the node never joined, with the views' words", () => {
    const r = judgeNodeJoinLeave({
      ...ok,
      joinConvergedMs: null,
      joinProblems: ["n2 does not list n7"],
      nodeStateOkMs: null,
      nodeStateProblems: ["not joined"],
      slotsToNode: 0,
      slotsBack: 0,
    });
    expect(r.valid).toBe(false);
    expect(r.reason).toBe("n7 never joined every view: n2 does not list n7; 0 of 4 slots moved to n7");
  });

  it("fails when the joined node's own state never became ok", () => {
    const r = judgeNodeJoinLeave({
      ...ok,
      nodeStateOkMs: null,
      nodeStateProblems: ["n7: cluster_state is fail"],
      slotsToNode: 0,
      slotsBack: 0,
    });
    expect(r.valid).toBe(false);
    expect(r.reason).toBe("n7 never reached cluster_state:ok: n7: cluster_state is fail; 0 of 4 slots moved to n7");
  });

  it("fails on slots not owned in every view, slots not back, refused commands and a node that came back", () => {
    const r = judgeNodeJoinLeave({
      ...ok,
      slotsOnNodeProblems: ["n3 sees slot 2 owned by n1, not n7"],
      slotsBack: 3,
      errors: ["n4 CLUSTER FORGET n7: ERR Unknown node"],
      listedAfterReady: ["n5"],
    });
    expect(r.valid).toBe(false);
    expect(r.reason).toBe(
      "n7 did not own the moved slots in every view: n3 sees slot 2 owned by n1, not n7; 3 of 4 slots moved back from n7; " +
        "1 commands refused: n4 CLUSTER FORGET n7: ERR Unknown node; n5 lists n7 again once the cluster was ready",
    );
  });

  it("shortens long lists of problems", () => {
    const r = judgeNodeJoinLeave({ ...ok, slotsBackProblems: ["a", "b", "c", "d", "e", "f"] });
    expect(r.reason).toBe("the slots did not go back in every view: a; b; c; d; and 2 more");
  });
});

describe("isEmptiedSourceRefusal", () => {
  const src = { ip: "10.0.0.22", port: 6379 };
  const id = "b".repeat(40);
  it("accepts the emptied source refusing SETSLOT NODE as a replica", () => {
    expect(isEmptiedSourceRefusal(`10.0.0.22:6379 CLUSTER SETSLOT 775 NODE ${id}: ERR Please use SETSLOT only with masters.`, src)).toBe(
      true,
    );
  });
  it("rejects the same refusal from another node, another subcommand, or another error", () => {
    expect(isEmptiedSourceRefusal(`10.0.0.11:6379 CLUSTER SETSLOT 775 NODE ${id}: ERR Please use SETSLOT only with masters.`, src)).toBe(
      false,
    );
    expect(
      isEmptiedSourceRefusal(`10.0.0.22:6379 CLUSTER SETSLOT 775 MIGRATING ${id}: ERR Please use SETSLOT only with masters.`, src),
    ).toBe(false);
    expect(isEmptiedSourceRefusal(`10.0.0.22:6379 CLUSTER SETSLOT 775 NODE ${id}: ERR I don't know about node ${id}`, src)).toBe(false);
  });
});
