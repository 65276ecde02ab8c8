import { setTimeout as sleep } from "node:timers/promises";
import type { Cluster } from "ioredis";
import { withDeadline } from "../core/deadline.ts";
import { errorMessage } from "../core/errors.ts";
import { type Random, seededRandom } from "../core/random.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import { outcomeOfError } from "./redis-outcome.ts";

export interface RedisRegisterOptions {
  workers: number;
  durationMs: number;
  /** Registers `fl:reg:0` .. `fl:reg:<keys - 1>`; few keys means more contention per register. */
  keys: number;
  /** An op without a reply by then is recorded `info` (it may still apply). */
  opTimeoutMs: number;
  /** Pause between one worker's operations; 0 runs flat out. */
  pauseMs: number;
  /** Worker w draws its keys and ops from seededRandom(seed + w). */
  seed: number;
}

export const registerKey = (n: number) => `fl:reg:${n}`;

/** Compare-and-set in one server-side step; KEYS[1] the register, ARGV[1] expected, ARGV[2] new. */
export const CAS_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]); return 1 else return 0 end";
const CAS_COMMAND = "faultlineRegisterCas";

/** Op mix: reads, writes and cas in these proportions (cas only with an expected value to offer). */
export const OP_MIX = { read: 0.4, write: 0.3, cas: 0.3 } as const;

export type RegisterChoice = { f: "read"; key: number } | { f: "write"; key: number } | { f: "cas"; key: number; expected: number };

/**
 * The next op of one worker: a key (uniformly among `lastSeen.length`) and an op by OP_MIX.
 * `lastSeen[k]` is the value the worker last read or wrote on key k (null: read as missing;
 * undefined: nothing yet). A cas needs a number to expect (the script cannot expect a
 * missing key), so without one the draw becomes a read, which gives it one next time.
 */
export function chooseOp(random: Random, lastSeen: readonly (number | null | undefined)[]): RegisterChoice {
  if (lastSeen.length === 0) throw new RangeError("chooseOp needs at least one key");
  const key = random.int(lastSeen.length);
  const draw = random.next();
  if (draw < OP_MIX.read) return { f: "read", key };
  if (draw < OP_MIX.read + OP_MIX.write) return { f: "write", key };
  const expected = lastSeen[key];
  return typeof expected === "number" ? { f: "cas", key, expected } : { f: "read", key };
}

/** The cas script's reply: 1 applied (ok), 0 compared unequal and did nothing (fail); anything else is not ours to interpret (info). */
export function casOutcome(reply: unknown): "ok" | "fail" | "info" {
  if (reply === 1) return "ok";
  if (reply === 0) return "fail";
  return "info";
}

/** GET's reply as a register value: null for a missing key, the integer written; a stray non-integer string is kept as is, so the checker sees it. */
export function registerValue(reply: string | null): number | string | null {
  if (reply === null) return null;
  return /^-?\d+$/.test(reply) ? Number(reply) : reply;
}

type CasClient = { [CAS_COMMAND]: (key: string, expected: string, next: string) => Promise<unknown> };

/** What one op's completion adds to its invoke: its type, and the value read (a read) or the error. */
type Completion = { type: "ok" | "fail" | "info"; value?: unknown; error?: string };

/**
 * Deletes the registers, so a run starts from the checker's initial value (null, a missing
 * key). Call it before a run on a cluster that has run one already.
 */
export async function clearRegisters(client: Cluster, keys: number): Promise<void> {
  // One DEL per key: the keys live in different slots.
  await Promise.all(Array.from({ length: keys }, (_, n) => client.del(registerKey(n))));
}

/**
 * A linearizable-register workload (Jepsen's register) on Redis Cluster. Each worker loops:
 * pick a key and an op (chooseOp), record the invoke, run it, record ok / fail / info.
 * Reads are GET (value: the integer read, or null for a missing key); writes SET a value no
 * other op of the run writes; cas runs CAS_SCRIPT, expecting the value this worker last saw
 * on that key, with a new value no other op writes. Error replies map by outcomeOfError; an
 * op without a reply within opTimeoutMs is `info`. The registers must start missing (see
 * clearRegisters): the register checker's initial value is null.
 */
export async function runRedisRegister(
  client: Cluster,
  history: HistoryRecorder,
  options: RedisRegisterOptions,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(options.keys) || options.keys < 1) throw new RangeError(`keys must be a whole number from 1, got ${options.keys}`);
  // Defined once per client: ioredis then sends EVALSHA, and EVAL only when a node answers NOSCRIPT.
  const casClient = client as unknown as CasClient;
  if (typeof casClient[CAS_COMMAND] !== "function") client.defineCommand(CAS_COMMAND, { numberOfKeys: 1, lua: CAS_SCRIPT });
  const deadline = Date.now() + options.durationMs;
  // Each value written is new to the history: counting up from its length at the start means
  // runs that share a recorder never reuse one (a run invokes fewer writes than it records ops).
  let written = history.ops().length;
  const nextValue = () => ++written;

  /** The op's invoke value and how to run it; each resolves to the completion or throws the client's error. */
  const plan = (choice: RegisterChoice, key: string): { value?: unknown; run: () => Promise<Completion> } => {
    switch (choice.f) {
      case "read":
        return { run: async () => ({ type: "ok", value: registerValue(await client.get(key)) }) };
      case "write": {
        const value = nextValue();
        return {
          value,
          run: async () => {
            await client.set(key, String(value));
            return { type: "ok", value };
          },
        };
      }
      case "cas": {
        const value: [number, number] = [choice.expected, nextValue()];
        return {
          value,
          run: async () => {
            const reply = await casClient[CAS_COMMAND](key, String(value[0]), String(value[1]));
            const type = casOutcome(reply);
            return { type, value, ...(type === "info" ? { error: `unexpected cas reply ${JSON.stringify(reply)}` } : {}) };
          },
        };
      }
    }
  };

  await Promise.all(
    Array.from({ length: options.workers }, async (_, process) => {
      const random = seededRandom(options.seed + process);
      const lastSeen: (number | null | undefined)[] = Array.from({ length: options.keys }, () => undefined);
      while (Date.now() < deadline && !signal?.aborted) {
        const choice = chooseOp(random, lastSeen);
        const key = registerKey(choice.key);
        const { value, run } = plan(choice, key);
        const f = choice.f;
        history.record({ process, type: "invoke", f, key, ...(value === undefined ? {} : { value }) });
        let completion: Completion;
        try {
          completion = await withDeadline(run(), options.opTimeoutMs, `${f} ${key}`);
        } catch (error) {
          completion = { type: outcomeOfError(error), ...(value === undefined ? {} : { value }), error: errorMessage(error) };
        }
        history.record({ process, f, key, ...completion });
        if (completion.type === "ok") {
          const seen = f === "cas" ? (value as [number, number])[1] : completion.value;
          if (typeof seen === "number" || seen === null) lastSeen[choice.key] = seen;
        }
        if (options.pauseMs > 0) await sleep(options.pauseMs);
      }
    }),
  );
}
