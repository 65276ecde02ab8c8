import { describe, expect, it } from "vitest";
import type { ProcessIdentity } from "../core/process-identity.ts";
import { HOST_LABEL, labelFilter, ownerOf, PID_LABEL, PID_START_LABEL, ROLE_LABEL, RUN_LABEL, runIdOf, runLabels } from "./labels.ts";

const owner: ProcessIdentity = { host: "ci-runner-3", pid: 4242, startTicks: "987654" };

describe("label names", () => {
  it("are the documented contract", () => {
    expect([RUN_LABEL, HOST_LABEL, PID_LABEL, PID_START_LABEL, ROLE_LABEL]).toEqual([
      "faultline.run",
      "faultline.host",
      "faultline.pid",
      "faultline.pid-start",
      "faultline.role",
    ]);
  });
});

describe("runLabels", () => {
  it("carries the run id and the owning process", () => {
    expect(runLabels("fl-20250101-120000-abcdef", owner)).toEqual({
      "faultline.run": "fl-20250101-120000-abcdef",
      "faultline.host": "ci-runner-3",
      "faultline.pid": "4242",
      "faultline.pid-start": "987654",
    });
  });

  it("keeps extra labels", () => {
    expect(runLabels("fl-1", owner, { "faultline.role": "node", "com.example": "x" })).toEqual({
      "com.example": "x",
      "faultline.role": "node",
      "faultline.run": "fl-1",
      "faultline.host": "ci-runner-3",
      "faultline.pid": "4242",
      "faultline.pid-start": "987654",
    });
  });

  it("extra labels cannot override the run id nor the owner", () => {
    const labels = runLabels("fl-1", owner, {
      "faultline.run": "fl-other",
      "faultline.host": "elsewhere",
      "faultline.pid": "1",
      "faultline.pid-start": "0",
    });
    expect(labels["faultline.run"]).toBe("fl-1");
    expect(labels["faultline.host"]).toBe("ci-runner-3");
    expect(labels["faultline.pid"]).toBe("4242");
    expect(labels["faultline.pid-start"]).toBe("987654");
  });

  it("does not mutate the extra labels passed in", () => {
    const extra = { "faultline.role": "proxy" };
    runLabels("fl-1", owner, extra);
    expect(extra).toEqual({ "faultline.role": "proxy" });
  });
});

describe("labelFilter", () => {
  it("selects any faultline resource without a run id", () => {
    expect(labelFilter()).toEqual({ label: ["faultline.run"] });
  });

  it("selects one run's resources with a run id", () => {
    expect(labelFilter("fl-20250101-120000-abcdef")).toEqual({ label: ["faultline.run=fl-20250101-120000-abcdef"] });
  });
});

describe("runIdOf", () => {
  it("is undefined for null, undefined, no labels, a missing or empty run label", () => {
    expect(runIdOf(null)).toBeUndefined();
    expect(runIdOf(undefined)).toBeUndefined();
    expect(runIdOf({})).toBeUndefined();
    expect(runIdOf({ "com.example": "fl-1" })).toBeUndefined();
    expect(runIdOf({ "faultline.run": "" })).toBeUndefined();
  });

  it("returns the run id", () => {
    expect(runIdOf({ "faultline.run": "fl-7", "faultline.role": "node" })).toBe("fl-7");
  });
});

describe("ownerOf", () => {
  it("reads back what runLabels wrote", () => {
    expect(ownerOf(runLabels("fl-1", owner))).toEqual(owner);
  });

  it("gives an empty start time when that label is missing", () => {
    expect(ownerOf({ "faultline.host": "h", "faultline.pid": "12" })).toEqual({ host: "h", pid: 12, startTicks: "" });
  });

  it("is undefined without a host or without a numeric pid", () => {
    expect(ownerOf({ "faultline.pid": "12" })).toBeUndefined();
    expect(ownerOf({ "faultline.host": "h" })).toBeUndefined();
    expect(ownerOf({ "faultline.host": "h", "faultline.pid": "twelve" })).toBeUndefined();
    expect(ownerOf({ "faultline.host": "h", "faultline.pid": "12.5" })).toBeUndefined();
    expect(ownerOf({})).toBeUndefined();
  });

  // Regression: found by review and fixed; this failed before the fix.
  it("is undefined when the pid label is empty", () => {
    expect(ownerOf({ "faultline.host": "h", "faultline.pid": "" })).toBeUndefined();
  });
});
