import { randomBytes } from "node:crypto";

/** Run ids sort by start time and are unique across concurrent runs on one host. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `fl-${stamp}-${randomBytes(3).toString("hex")}`;
}

export const RUN_ID_PATTERN = /^fl-\d{8}-\d{6}-[0-9a-f]{6}$/;
