/**
 * One measured check for bench/txn-checker.ts, in a process of its own so its peak memory is its
 * own: loads a history file the way `faultline check` does (parse and validate), runs the
 * transactional checker, and prints one JSON line with the times and the result's figures.
 *
 *   node --import tsx bench/txn-checker-child.ts <history.jsonl> <list-append|rw-register> <model>
 */
import { CHECKERS } from "../lib/checkers/registry.ts";
import { loadHistory } from "../lib/history/loader.ts";

const [path, checkerName, model] = process.argv.slice(2);
if (!path || !checkerName || !model) throw new Error("usage: txn-checker-child.ts <history.jsonl> <checker> <model>");
const checker = CHECKERS[checkerName];
if (!checker) throw new Error(`no checker ${checkerName}`);

const started = performance.now();
const history = await loadHistory(path);
const loaded = performance.now();
const result = checker.check(history, { model });
const checked = performance.now();
const anomalies = Object.fromEntries(
  Object.entries((result.anomalies ?? {}) as Record<string, { count: number }>).map(([name, a]) => [name, a.count]),
);
process.stdout.write(
  `${JSON.stringify({
    ops: history.length,
    loadMs: loaded - started,
    checkMs: checked - loaded,
    valid: result.valid,
    anomalies,
    stats: result.stats,
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
  })}\n`,
);
