import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { currentProcessIdentity, isProcessAlive, processStartTicks } from "./process-identity.ts";

// Above the largest pid_max Linux allows (2^22), so no process can have it.
const NO_SUCH_PID = 4_194_304 + 12_345;

describe("processStartTicks", () => {
  it("reads a number of clock ticks for this process, the same each time", () => {
    const ticks = processStartTicks(process.pid);
    expect(ticks).toMatch(/^\d+$/);
    expect(processStartTicks(process.pid)).toBe(ticks);
  });

  it("is undefined for a pid that does not exist", () => {
    expect(processStartTicks(NO_SUCH_PID)).toBeUndefined();
  });
});

describe("currentProcessIdentity", () => {
  it("is this host, this pid and this process's start ticks", () => {
    expect(currentProcessIdentity()).toEqual({ host: hostname(), pid: process.pid, startTicks: processStartTicks(process.pid) });
  });
});

describe("isProcessAlive", () => {
  it("the current process is alive", () => {
    expect(isProcessAlive(currentProcessIdentity())).toBe(true);
  });

  it("a pid that does not exist is not alive", () => {
    expect(isProcessAlive({ host: hostname(), pid: NO_SUCH_PID, startTicks: "" })).toBe(false);
    expect(isProcessAlive({ host: "box", pid: NO_SUCH_PID, startTicks: "123" }, "box")).toBe(false);
  });

  it("the same pid with different start ticks (a reused pid) is not alive", () => {
    const me = currentProcessIdentity();
    expect(isProcessAlive({ ...me, startTicks: `${me.startTicks}0` })).toBe(false);
    expect(isProcessAlive({ ...me, startTicks: "1" })).toBe(false);
  });

  it("a live pid without recorded start ticks counts as alive", () => {
    expect(isProcessAlive({ host: hostname(), pid: process.pid, startTicks: "" })).toBe(true);
  });

  it("a process on another host counts as alive, whatever its pid", () => {
    expect(isProcessAlive({ host: "other-host", pid: NO_SUCH_PID, startTicks: "1" }, "this-host")).toBe(true);
  });

  it("pid 0, negative and fractional pids are not alive (never signal a process group)", () => {
    expect(isProcessAlive({ host: "h", pid: 0, startTicks: "" }, "h")).toBe(false);
    expect(isProcessAlive({ host: "h", pid: -1, startTicks: "" }, "h")).toBe(false);
    expect(isProcessAlive({ host: "h", pid: 1.5, startTicks: "" }, "h")).toBe(false);
  });

  it("uses the given local host name for the comparison", () => {
    const me = currentProcessIdentity();
    expect(isProcessAlive({ ...me, host: "renamed" }, "renamed")).toBe(true);
    expect(isProcessAlive({ ...me, host: "renamed", startTicks: "1" }, "renamed")).toBe(false);
  });
});
