import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * A process is identified by host, pid and its kernel start time, so a pid reused by an
 * unrelated process after a crash is not mistaken for the run that created a resource.
 */
export interface ProcessIdentity {
  host: string;
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat); "" where unknown. */
  startTicks: string;
}

export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses; fields resume after the last ")".
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return rest[19];
  } catch {
    return undefined;
  }
}

export function currentProcessIdentity(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, startTicks: processStartTicks(process.pid) ?? "" };
}

/** True when the identified process still runs on this host; unknown hosts count as alive. */
export function isProcessAlive(identity: ProcessIdentity, localHost: string = hostname()): boolean {
  if (identity.host !== localHost) return true;
  if (!Number.isInteger(identity.pid) || identity.pid <= 0) return false;
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  if (identity.startTicks === "") return true;
  const ticks = processStartTicks(identity.pid);
  return ticks === undefined || ticks === identity.startTicks;
}
