import { describe, expect, it } from "vitest";
import {
  firstAllAt,
  firstAt,
  notPrimaryAt,
  primaryGroups,
  splitBrains,
  type ViewSample,
  type ViewState,
  viewState,
} from "./view-samples.ts";

const snapshot = (status: Record<string, string>, error?: string) => ({ name: "n1", status, ...(error === undefined ? {} : { error }) });

const SYNCED = {
  wsrep_cluster_status: "Primary",
  wsrep_cluster_size: "3",
  wsrep_local_state_comment: "Synced",
  wsrep_cluster_conf_id: "4",
};

/** Views by shorthand: P<size>@<confId> (Primary, Synced), N (non-Primary), X (no answer). */
function v(code: string): ViewState {
  if (code === "X") return { answered: false, primary: false, size: null, synced: false, confId: null };
  if (code === "N") return { answered: true, primary: false, size: 1, synced: false, confId: "18446744073709551615" };
  const m = /^P(\d+)@(\S+)$/.exec(code);
  if (!m) throw new Error(`bad view code ${code}`);
  return { answered: true, primary: true, size: Number(m[1]), synced: true, confId: m[2] ?? null };
}

const sample = (atMs: number, nodes: Record<string, string>): ViewSample => ({
  atMs,
  atNs: atMs * 1_000_000 + 5,
  nodes: Object.fromEntries(Object.entries(nodes).map(([n, code]) => [n, v(code)])),
});

describe("viewState", () => {
  it("a node that did not answer is unanswered and nothing else", () => {
    expect(viewState(snapshot(SYNCED, "connect ECONNREFUSED 10.213.0.13:3306"))).toEqual({
      answered: false,
      primary: false,
      size: null,
      synced: false,
      confId: null,
    });
    // An empty error string is still an error.
    expect(viewState(snapshot(SYNCED, "")).answered).toBe(false);
  });

  it("reads Primary, size, Synced and the configuration id", () => {
    expect(viewState(snapshot(SYNCED))).toEqual({ answered: true, primary: true, size: 3, synced: true, confId: "4" });
  });

  it("reads a node cut off from the rest", () => {
    expect(
      viewState(
        snapshot({
          wsrep_cluster_status: "non-Primary",
          wsrep_cluster_size: "1",
          wsrep_local_state_comment: "Initialized",
          wsrep_cluster_conf_id: "18446744073709551615",
        }),
      ),
    ).toEqual({ answered: true, primary: false, size: 1, synced: false, confId: "18446744073709551615" });
  });

  it("only exact Primary and Synced count", () => {
    const s = viewState(snapshot({ ...SYNCED, wsrep_cluster_status: "primary", wsrep_local_state_comment: "Donor/Desynced" }));
    expect(s.primary).toBe(false);
    expect(s.synced).toBe(false);
    expect(viewState(snapshot({ ...SYNCED, wsrep_local_state_comment: "Joined" })).synced).toBe(false);
  });

  it("missing or unreadable fields give null size and confId", () => {
    expect(viewState(snapshot({}))).toEqual({ answered: true, primary: false, size: null, synced: false, confId: null });
    expect(viewState(snapshot({ ...SYNCED, wsrep_cluster_size: "three" })).size).toBeNull();
  });
});

describe("firstAt", () => {
  const samples = [sample(0, { n1: "P3@4", n2: "P3@4" }), sample(500, { n1: "N", n2: "P2@5" }), sample(1000, { n1: "X", n2: "P2@5" })];

  it("gives the atMs of the first sample in which the node satisfies the test", () => {
    expect(firstAt(samples, "n1", (s) => !s.primary)).toBe(500);
    expect(firstAt(samples, "n1", (s) => !s.answered)).toBe(1000);
    expect(firstAt(samples, "n2", (s) => s.size === 2)).toBe(500);
    expect(firstAt(samples, "n2", (s) => s.primary)).toBe(0);
  });

  it("is null when never, for an unknown node, or without samples", () => {
    expect(firstAt(samples, "n2", (s) => !s.primary)).toBeNull();
    expect(firstAt(samples, "n9", () => true)).toBeNull();
    expect(firstAt([], "n1", () => true)).toBeNull();
  });
});

describe("firstAllAt", () => {
  const samples = [
    sample(0, { n1: "N", n2: "N", n3: "P1@7" }),
    sample(400, { n1: "P2@8", n2: "N", n3: "N" }),
    sample(800, { n1: "P3@9", n2: "P3@9", n3: "P3@9" }),
    sample(1200, { n1: "P3@9", n2: "P3@9", n3: "P3@9" }),
  ];

  it("gives the first sample in which every listed node satisfies the test", () => {
    expect(firstAllAt(samples, ["n1", "n2", "n3"], (s) => s.primary)).toBe(samples[2]);
    expect(firstAllAt(samples, ["n1", "n2"], (s) => !s.primary)).toBe(samples[0]);
    expect(firstAllAt(samples, ["n1"], (s) => s.primary)?.atMs).toBe(400);
  });

  it("a node missing from a sample does not satisfy the test", () => {
    const partial = [sample(0, { n1: "P2@3" }), sample(100, { n1: "P2@3", n2: "P2@3" })];
    expect(firstAllAt(partial, ["n1", "n2"], (s) => s.primary)?.atMs).toBe(100);
    expect(firstAllAt(partial, ["n1", "n9"], () => true)).toBeNull();
  });

  it("is null when never", () => {
    expect(firstAllAt(samples, ["n1", "n2", "n3"], (s) => !s.answered)).toBeNull();
    expect(firstAllAt([], ["n1"], () => true)).toBeNull();
  });
});

describe("primaryGroups and splitBrains", () => {
  it("one component: every Primary node in one group; non-Primary and unanswered left out", () => {
    expect(primaryGroups(sample(0, { n3: "P2@5", n1: "P2@5", n2: "N", n4: "X" }))).toEqual([["n1", "n3"]]);
  });

  it("two components by configuration id, each sorted, ordered by first member", () => {
    expect(primaryGroups(sample(0, { n4: "P2@11", n2: "P3@10", n5: "P2@11", n1: "P3@10", n3: "P3@10" }))).toEqual([
      ["n1", "n2", "n3"],
      ["n4", "n5"],
    ]);
  });

  it("two components sharing a configuration id are told apart by size (a forced bootstrap, seen live on MariaDB 10.11)", () => {
    expect(primaryGroups(sample(0, { n1: "P2@4", n2: "P2@4", n3: "P1@4" }))).toEqual([["n1", "n2"], ["n3"]]);
  });

  it("a view change sampled midway is not split brain: a stale view's size does not fit beside the new one", () => {
    // Seen live on MariaDB 11.8: n1 already in the view of 2, n2 still reporting the view of 3.
    const midway = sample(3822, { n1: "P2@5", n2: "P3@4", n3: "N" });
    expect(primaryGroups(midway)).toEqual([["n1"], ["n2"]]);
    expect(splitBrains([midway])).toEqual([]);
    // A forced bootstrap beside the majority: sizes 2 + 1 fit in 3 nodes.
    expect(splitBrains([sample(0, { n1: "P2@5", n2: "P2@5", n3: "P1@5" })])).toHaveLength(1);
  });

  it("more Primary nodes than the size they report: several components", () => {
    expect(primaryGroups(sample(0, { n3: "P1@4", n4: "P1@4" }))).toEqual([["n3"], ["n4"]]);
    expect(splitBrains([sample(0, { n3: "P1@4", n4: "P1@4" })])).toHaveLength(1);
  });

  it("no Primary node: no group", () => {
    expect(primaryGroups(sample(0, { n1: "N", n2: "X" }))).toEqual([]);
    expect(primaryGroups(sample(0, {}))).toEqual([]);
  });

  it("Primary nodes without a configuration id share one group", () => {
    const s = sample(0, { n1: "P2@1", n2: "P2@1" });
    s.nodes.n1 = { ...(s.nodes.n1 as ViewState), confId: null };
    s.nodes.n2 = { ...(s.nodes.n2 as ViewState), confId: null };
    expect(primaryGroups(s)).toEqual([["n1", "n2"]]);
  });

  it("splitBrains lists only samples with more than one primary component", () => {
    const samples = [
      sample(0, { n1: "P4@3", n2: "P4@3", n3: "P4@3", n4: "P4@3" }),
      sample(500, { n1: "P2@4", n2: "P2@4", n3: "P2@5", n4: "P2@5" }),
      sample(1000, { n1: "P2@4", n2: "P2@4", n3: "N", n4: "N" }),
      sample(1500, { n1: "P1@6", n2: "X", n3: "P1@7", n4: "P1@8" }),
    ];
    expect(splitBrains(samples)).toEqual([
      {
        atMs: 500,
        components: [
          ["n1", "n2"],
          ["n3", "n4"],
        ],
      },
      { atMs: 1500, components: [["n1"], ["n3"], ["n4"]] },
    ]);
    expect(splitBrains(samples.slice(0, 1))).toEqual([]);
    expect(splitBrains([])).toEqual([]);
  });
});

describe("notPrimaryAt", () => {
  it("lists, per sample, the listed nodes that were non-Primary or did not answer", () => {
    const samples = [
      sample(0, { n1: "P3@4", n2: "P3@4", n3: "P3@4" }),
      sample(500, { n1: "P2@5", n2: "P2@5", n3: "N" }),
      sample(1000, { n1: "X", n2: "P1@6", n3: "N" }),
    ];
    expect(notPrimaryAt(samples, ["n1", "n2", "n3"])).toEqual([
      { atMs: 500, nodes: ["n3"] },
      { atMs: 1000, nodes: ["n1", "n3"] },
    ]);
    expect(notPrimaryAt(samples, ["n2"])).toEqual([]);
  });

  it("a listed node missing from a sample counts as not Primary", () => {
    expect(notPrimaryAt([sample(0, { n1: "P2@1" })], ["n1", "n2"])).toEqual([{ atMs: 0, nodes: ["n2"] }]);
  });

  it("nothing listed, nothing found", () => {
    expect(notPrimaryAt([sample(0, { n1: "N" })], [])).toEqual([]);
  });
});
