import { setTimeout as sleep } from "node:timers/promises";
import type { Cluster } from "ioredis";
import { withDeadline } from "../core/deadline.ts";
import { errorMessage } from "../core/errors.ts";
import { seededRandom } from "../core/random.ts";
import { type MicroOp, TXN_F } from "../history/micro-op.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import { outcomeOfError } from "./redis-outcome.ts";
import { TXN_DEFAULTS, type TxnGeneratorOptions, txnGenerator } from "./txn-generator.ts";
import { completedOps, elementOf } from "./txn-values.ts";

/**
 * The hash tag every key of the workload shares: a MULTI/EXEC in Redis Cluster must stay in one
 * slot, so every transaction's keys are in this tag's slot (on one master and its replicas).
 */
export const TXN_HASH_TAG = "{fl-txn}";

/** The Redis key of history key k. */
export const redisTxnKey = (key: number | string) => `fl:append:${TXN_HASH_TAG}:${key}`;

export interface RedisTxnOptions {
  workers: number;
  durationMs: number;
  /** A transaction without EXEC's reply by then is `info` (it may still run). */
  opTimeoutMs: number;
  pauseMs: number;
  seed: number;
  /** The node serving the tag's slot, recorded on each op. */
  node?: string;
  generator?: Partial<Omit<TxnGeneratorOptions, "kind">>;
}

/** EXEC's reply, as ioredis gives it: one [error, result] per queued command, or null when the transaction was aborted. */
export type ExecReply = Array<[Error | null, unknown]> | null;

/**
 * A completion from EXEC's reply (pure). null (aborted, nothing ran): fail. A command that
 * failed inside EXEC: info, since Redis runs the rest and rolls nothing back, so the
 * transaction is neither wholly applied nor wholly not. Otherwise ok, each LRANGE's list with
 * its elements as numbers.
 */
export function txnOfExec(ops: readonly MicroOp[], reply: ExecReply): { type: "ok" | "fail" | "info"; value?: MicroOp[]; error?: string } {
  if (reply === null) return { type: "fail", error: "EXEC returned null: the transaction was aborted" };
  if (reply.length !== ops.length) return { type: "info", error: `EXEC returned ${reply.length} replies for ${ops.length} commands` };
  const failed = reply.findIndex(([error]) => error !== null);
  if (failed >= 0) return { type: "info", error: `command ${failed} failed inside EXEC: ${errorMessage(reply[failed]?.[0])}` };
  const results = reply.map(([, result], i) =>
    ops[i]?.[0] === "r" ? (Array.isArray(result) ? result.map(elementOf) : result) : undefined,
  );
  return { type: "ok", value: completedOps(ops, results) };
}

/**
 * The outcome of a MULTI/EXEC that threw: EXECABORT (a command was refused while queuing, so
 * EXEC ran nothing) and the refusals outcomeOfError knows are `fail`; a timeout, a dropped
 * connection or anything else `info`.
 */
export function outcomeOfExecError(error: unknown): "fail" | "info" {
  const e = error as { name?: string; message?: string };
  if (e?.name === "ReplyError" && /^EXECABORT\b/.test(e.message ?? "")) return "fail";
  return outcomeOfError(error);
}

async function exec(client: Cluster, ops: readonly MicroOp[]): Promise<ExecReply> {
  const multi = client.multi();
  for (const [f, key, value] of ops) {
    if (f === "r") multi.lrange(redisTxnKey(key), 0, -1);
    else multi.rpush(redisTxnKey(key), String(value));
  }
  return (await multi.exec()) as ExecReply;
}

/**
 * Elle's list-append on Redis Cluster: each worker runs the generator's transactions as one
 * MULTI ... EXEC of RPUSH (append) and LRANGE 0 -1 (read) through the cluster client, invoke
 * recorded before MULTI is sent, completion once EXEC's reply is in.
 */
export async function runRedisTxns(
  client: Cluster,
  history: HistoryRecorder,
  options: RedisTxnOptions,
  signal?: AbortSignal,
): Promise<{ keysUsed: number }> {
  const generator = txnGenerator(seededRandom(options.seed), { ...TXN_DEFAULTS, ...options.generator, kind: "list-append" });
  const deadline = Date.now() + options.durationMs;
  const at = options.node === undefined ? {} : { node: options.node };
  await Promise.all(
    Array.from({ length: options.workers }, async (_, process) => {
      while (Date.now() < deadline && !signal?.aborted) {
        const ops = generator.next();
        history.record({ process, type: "invoke", f: TXN_F, value: ops, ...at });
        await recordExec(client, history, process, ops, options.opTimeoutMs, at);
        if (options.pauseMs > 0) await sleep(options.pauseMs, undefined, signal ? { signal } : undefined).catch(() => {});
      }
    }),
  );
  return { keysUsed: generator.keysUsed() };
}

async function recordExec(
  client: Cluster,
  history: HistoryRecorder,
  process: number,
  ops: readonly MicroOp[],
  timeoutMs: number,
  at: { node?: string },
): Promise<void> {
  try {
    const c = txnOfExec(ops, await withDeadline(exec(client, ops), timeoutMs, `MULTI/EXEC of ${ops.length} commands`));
    history.record({ process, type: c.type, f: TXN_F, value: c.value ?? ops, ...at, ...(c.error ? { error: c.error } : {}) });
  } catch (error) {
    history.record({ process, type: outcomeOfExecError(error), f: TXN_F, value: ops, ...at, error: errorMessage(error) });
  }
}

/** A final read of every key used, as one MULTI/EXEC, once the cluster is ready again. */
export async function finalRedisTxnRead(
  client: Cluster,
  history: HistoryRecorder,
  keysUsed: number,
  process: number,
  timeoutMs = 10_000,
): Promise<void> {
  const ops: MicroOp[] = Array.from({ length: keysUsed }, (_, key) => ["r", key, null] as const);
  if (ops.length === 0) return;
  history.record({ process, type: "invoke", f: TXN_F, value: ops });
  await recordExec(client, history, process, ops, timeoutMs, {});
}
