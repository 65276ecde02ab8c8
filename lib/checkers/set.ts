import type { Op } from "../history/op.ts";
import { clientOperations } from "../history/pairs.ts";
import type { Checker, CheckResult } from "./verdict.ts";

export interface SetOptions {
  /** The f of the final read (default "read"); the last one that completed ok counts. */
  readF?: string;
}

const key = (v: unknown) => JSON.stringify(v);
const sorted = (values: Iterable<unknown>) => [...values].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/**
 * Jepsen's set: `add` ops each with a unique element, then a final read of all elements.
 *   lost: acknowledged (ok) but missing from the final read;
 *   recovered: ended `info` (unknown) and present;
 *   unexpected: present but never attempted;
 *   duplicated: present more than once;
 *   failedPresent: ended `fail` (certainly not applied) yet present: the client or the store lied.
 * Invalid when lost, unexpected, duplicated or failedPresent is non-empty; unknown without an
 * ok final read.
 */
export const setChecker: Checker<SetOptions> = {
  name: "set",
  check(history: readonly Op[], options: SetOptions): CheckResult {
    const readF = options.readF ?? "read";
    const operations = clientOperations(history);
    const adds = operations.filter((o) => o.f === "add");
    const finalRead = operations.filter((o) => o.f === readF && o.outcome === "ok").at(-1);
    const attempted = new Map(adds.map((a) => [key(a.invoke.value), a]));
    const counts = {
      attempted: sorted(adds.map((a) => a.invoke.value)),
      acknowledged: sorted(adds.filter((a) => a.outcome === "ok").map((a) => a.invoke.value)),
    };
    if (!finalRead) {
      return { checker: "set", valid: "unknown", reason: `no ${readF} completed ok, so nothing can be said about the adds`, ...counts };
    }
    if (!Array.isArray(finalRead.value)) {
      return { checker: "set", valid: "unknown", reason: `the final ${readF} value is not a list of elements`, ...counts };
    }
    const seen = new Map<string, { value: unknown; times: number }>();
    for (const v of finalRead.value) {
      const entry = seen.get(key(v));
      if (entry) entry.times++;
      else seen.set(key(v), { value: v, times: 1 });
    }
    const lost = adds.filter((a) => a.outcome === "ok" && !seen.has(key(a.invoke.value))).map((a) => a.invoke.value);
    const recovered = adds.filter((a) => a.outcome === "info" && seen.has(key(a.invoke.value))).map((a) => a.invoke.value);
    const failedPresent = adds.filter((a) => a.outcome === "fail" && seen.has(key(a.invoke.value))).map((a) => a.invoke.value);
    const unexpected = [...seen].filter(([k]) => !attempted.has(k)).map(([, e]) => e.value);
    const duplicated = [...seen.values()].filter((e) => e.times > 1).map((e) => e.value);
    const valid = lost.length === 0 && unexpected.length === 0 && duplicated.length === 0 && failedPresent.length === 0;
    return {
      checker: "set",
      valid,
      ...counts,
      read: finalRead.value.length,
      finalReadIndex: finalRead.invoke.index,
      lost: sorted(lost),
      recovered: sorted(recovered),
      unexpected: sorted(unexpected),
      duplicated: sorted(duplicated),
      failedPresent: sorted(failedPresent),
    };
  },
};
