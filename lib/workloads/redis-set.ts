import { setTimeout as sleep } from "node:timers/promises";
import type { Cluster } from "ioredis";
import { withDeadline } from "../core/deadline.ts";
import { errorMessage } from "../core/errors.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import { outcomeOfError } from "./redis-outcome.ts";

export interface RedisSetOptions {
  workers: number;
  durationMs: number;
  /** Elements are spread over this many keys (and so over the slots of every master). */
  keys: number;
  /** Pause between one worker's operations; 0 runs flat out. */
  pauseMs: number;
  /** An op without a reply by then is recorded `info` (it may still apply). */
  opTimeoutMs: number;
  /** The node serving a key, recorded on its ops (so availability can be judged per master). */
  nodeOfKey?: (key: string) => string | undefined;
  /**
   * Follow each SADD with `WAIT n timeout` on the same node: a write confirmed by fewer than n
   * replicas is recorded `info` (applied on the master, durability unknown), not `ok`.
   */
  wait?: { replicas: number; timeoutMs: number };
}

/** SADD, or SADD + WAIT in one pipeline to the key's node; throws or returns why it is not ok. */
async function add(client: Cluster, key: string, element: number, wait: RedisSetOptions["wait"]): Promise<string | undefined> {
  if (!wait) {
    await client.sadd(key, String(element));
    return undefined;
  }
  const replies = await client.pipeline().sadd(key, String(element)).call("WAIT", String(wait.replicas), String(wait.timeoutMs)).exec();
  const [saddReply, waitReply] = replies ?? [];
  if (!saddReply) throw new Error("no reply to SADD");
  if (saddReply[0]) throw saddReply[0];
  if (!waitReply || waitReply[0]) return `WAIT failed after SADD: ${waitReply?.[0]?.message ?? "no reply"}`;
  const acknowledged = Number(waitReply[1]);
  return acknowledged >= wait.replicas
    ? undefined
    : `WAIT ${wait.replicas}: only ${acknowledged} replicas acknowledged within ${wait.timeoutMs} ms`;
}

export const setKey = (element: number, keys: number) => `fl:set:${element % keys}`;

/**
 * Jepsen's set on Redis Cluster: workers SADD unique integers until the duration is up, each
 * op recorded as invoke then ok / fail / info (see outcomeOfError). SADD of one element is
 * idempotent, so a client-side retry cannot duplicate an element; the history still says
 * `info` for anything whose reply was not seen.
 */
export async function runRedisSet(
  client: Cluster,
  history: HistoryRecorder,
  options: RedisSetOptions,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + options.durationMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: options.workers }, async (_, process) => {
      while (Date.now() < deadline && !signal?.aborted) {
        const element = next++;
        const key = setKey(element, options.keys);
        const node = options.nodeOfKey?.(key);
        const at = node === undefined ? {} : { node };
        history.record({ process, type: "invoke", f: "add", key, value: element, ...at });
        try {
          const notDurable = await withDeadline(add(client, key, element, options.wait), options.opTimeoutMs, `SADD ${key} ${element}`);
          if (notDurable) history.record({ process, type: "info", f: "add", key, value: element, error: notDurable, ...at });
          else history.record({ process, type: "ok", f: "add", key, value: element, ...at });
        } catch (error) {
          history.record({ process, type: outcomeOfError(error), f: "add", key, value: element, error: errorMessage(error), ...at });
        }
        if (options.pauseMs > 0) await sleep(options.pauseMs);
      }
    }),
  );
}

/** One final read of every key, as one op: ok with all elements, or info if any key could not be read. */
export async function finalSetRead(client: Cluster, history: HistoryRecorder, keys: number, process: number): Promise<void> {
  history.record({ process, type: "invoke", f: "read" });
  try {
    const members = await Promise.all(Array.from({ length: keys }, (_, i) => client.smembers(`fl:set:${i}`)));
    const elements = members.flat().map(Number);
    history.record({ process, type: "ok", f: "read", value: elements });
  } catch (error) {
    history.record({ process, type: "info", f: "read", error: errorMessage(error) });
  }
}
