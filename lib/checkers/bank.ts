import type { Op } from "../history/op.ts";
import { clientOperations } from "../history/pairs.ts";
import type { Checker, CheckResult } from "./verdict.ts";

export interface BankOptions {
  /** The sum of all balances, which transfers must preserve. */
  total: number;
  /** How many accounts every read must show (when given). */
  accounts?: number;
}

/** Bad reads listed in full; the rest are only counted (badReadCount). */
export const MAX_BAD_READS = 20;

export interface BadRead {
  /** The read's invoke index. */
  index: number;
  node?: string;
  /** Sum of the balances read; null when some balance is not a number. */
  total: number | null;
  balances: unknown;
  why: string;
}

/** What is wrong with one read's balances (empty: nothing), its total, and whether a balance is negative. */
function judgeRead(balances: unknown, options: BankOptions): { why: string[]; total: number | null; negative: boolean } {
  if (typeof balances !== "object" || balances === null || Array.isArray(balances)) {
    return { why: ["not an object of balances by account"], total: null, negative: false };
  }
  const entries = Object.entries(balances as Record<string, unknown>);
  const why: string[] = [];
  const unreadable = entries.filter(([, b]) => typeof b !== "number" || !Number.isFinite(b));
  if (unreadable.length > 0) why.push(`not a number: ${unreadable.map(([a, b]) => `account ${a} = ${JSON.stringify(b)}`).join(", ")}`);
  const numbers = entries.filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]));
  const negatives = numbers.filter(([, b]) => b < 0);
  if (negatives.length > 0) why.push(`negative balance: ${negatives.map(([a, b]) => `account ${a} = ${b}`).join(", ")}`);
  const total = unreadable.length > 0 ? null : numbers.reduce((sum, [, b]) => sum + b, 0);
  if (total !== null && total !== options.total) why.push(`total ${total}, expected ${options.total}`);
  if (options.accounts !== undefined && entries.length !== options.accounts)
    why.push(`${entries.length} accounts, expected ${options.accounts}`);
  return { why, total, negative: negatives.length > 0 };
}

/**
 * Jepsen's bank: transfers move money between accounts, so every read that completed ok must
 * show the same total, no negative balance, and (with `accounts`) every account. Transfers and
 * reads that ended fail or info are not judged: only what a read returned is evidence. Invalid
 * on any bad read; unknown when no read completed ok.
 */
export const bankChecker: Checker<BankOptions> = {
  name: "bank",
  check(history: readonly Op[], options: BankOptions): CheckResult {
    // Options come as parsed JSON from the CLI: a missing total must not judge against undefined.
    if (typeof options?.total !== "number" || !Number.isFinite(options.total)) {
      throw new Error(`bank: option total (the sum of all balances) must be a number, got ${JSON.stringify(options?.total)}`);
    }
    if (options.accounts !== undefined && !(Number.isInteger(options.accounts) && options.accounts >= 0)) {
      throw new Error(`bank: option accounts must be a whole number, got ${JSON.stringify(options.accounts)}`);
    }
    const reads = clientOperations(history).filter((o) => o.f === "read" && o.outcome === "ok");
    const bad: BadRead[] = [];
    let negative = 0;
    for (const read of reads) {
      const judged = judgeRead(read.value, options);
      if (judged.negative) negative++;
      if (judged.why.length === 0) continue;
      const node = read.invoke.node ?? read.completion?.node;
      bad.push({
        index: read.invoke.index,
        ...(node === undefined ? {} : { node }),
        total: judged.total,
        balances: read.value,
        why: judged.why.join("; "),
      });
    }
    const findings = { reads: reads.length, badReads: bad.slice(0, MAX_BAD_READS), badReadCount: bad.length, negative };
    if (reads.length === 0)
      return { checker: "bank", valid: "unknown", reason: "no read completed ok, so there are no balances to judge", ...findings };
    const [first] = bad;
    if (first) {
      const at = `index ${first.index}${first.node ? ` on ${first.node}` : ""}`;
      return {
        checker: "bank",
        valid: false,
        reason: `${bad.length} of ${reads.length} ok reads are wrong; first at ${at}: ${first.why}`,
        ...findings,
      };
    }
    return { checker: "bank", valid: true, ...findings };
  },
};
