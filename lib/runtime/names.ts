import { createHash } from "node:crypto";

/** A DNS label's limit (RFC 1035); Docker's embedded DNS answers names and reverse lookups with container and network names. */
export const MAX_NAME = 63;
/** What a long name keeps of its start: the run id (fl-YYYYMMDD-HHMMSS-xxxxxx) and a little more. */
const HEAD = 30;

/**
 * A container or network name that fits one DNS label. Longer names made reverse lookups by
 * servers inside the containers (rsync's daemon during an SST, MariaDB's client checks) stall
 * for seconds. A long name keeps its start (the run id) and its end (the role, e.g. galera-n1)
 * and puts a hash of the whole in between, so names stay unique and readable.
 */
export function dnsSafeName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  const tail = MAX_NAME - HEAD - hash.length - 2;
  return `${name.slice(0, HEAD)}-${hash}-${name.slice(-tail).replace(/^-+/, "")}`;
}
