import { readFile } from "node:fs/promises";
import { BadInputError } from "../core/errors.ts";
import { TXN_F } from "./micro-op.ts";
import { NEMESIS, type Op, type OpType } from "./op.ts";
import { TxnValidator } from "./txn-validate.ts";

const TYPES: readonly OpType[] = ["invoke", "ok", "fail", "info"];

/** Per-`f` requirements on values, so a checker never guesses what a malformed op meant. */
const REQUIRED: Record<string, { invoke?: (v: unknown) => string | undefined; ok?: (v: unknown) => string | undefined }> = {
  add: { invoke: (v) => (v === undefined ? "an add invoke needs the element in value" : undefined) },
  write: { invoke: (v) => (v === undefined ? "a write invoke needs the value written" : undefined) },
  cas: {
    invoke: (v) => (Array.isArray(v) && v.length === 2 ? undefined : "a cas invoke needs value [expected, new]"),
  },
  read: { ok: (v) => (v === undefined ? "an ok read needs the value read" : undefined) },
  "final-read": { ok: (v) => (v === undefined ? "an ok final-read needs the value read" : undefined) },
};

class LineError extends Error {}

/**
 * A field's value as a message shows it. JSON.parse reads a number too large for a double
 * (1e309) as Infinity, which JSON.stringify then writes as null: "time is null" named the
 * wrong problem.
 */
const shown = (value: unknown): string =>
  typeof value === "number" && !Number.isFinite(value)
    ? "a number too large to hold (read as Infinity)"
    : (JSON.stringify(value) ?? String(value));

function fail(problem: string): never {
  throw new LineError(problem);
}

function parseOp(raw: unknown, position: number): Op {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("not a JSON object");
  const o = raw as Record<string, unknown>;
  if (o.index !== position) fail(`index is ${shown(o.index)}, expected ${position} (ops are numbered from 0 in file order)`);
  const process = o.process;
  if (!(process === NEMESIS || (typeof process === "number" && Number.isInteger(process) && process >= 0))) {
    fail(`process is ${shown(process)}: a whole number from 0, or "nemesis"`);
  }
  if (!TYPES.includes(o.type as OpType)) fail(`type is ${shown(o.type)}: one of ${TYPES.join(", ")}`);
  if (typeof o.f !== "string" || o.f === "") fail(`f is ${shown(o.f)}: a non-empty string`);
  if (typeof o.time !== "number" || !Number.isFinite(o.time) || o.time < 0)
    fail(`time is ${shown(o.time)}: monotonic nanoseconds, a finite number from 0`);
  for (const field of ["key", "node", "wall", "error"] as const) {
    if (o[field] !== undefined && typeof o[field] !== "string") fail(`${field} is ${shown(o[field])}: a string when present`);
  }
  return o as unknown as Op;
}

/**
 * Parses and validates a JSONL history (docs/history-format.md): known types, one completion per
 * invoke from the same process (same f), nemesis completions are `info`, times non-decreasing
 * per process, values present where an `f` needs them, and transactions (`f: "txn"`) checked by
 * TxnValidator. The first problem is reported with its line number; invokes left open at the
 * end are allowed (the run ended first) and count as indeterminate.
 */
export function parseHistory(text: string, source = "history"): Op[] {
  const ops: Op[] = [];
  const open = new Map<Op["process"], Op>();
  const lastTime = new Map<Op["process"], number>();
  const txns = new TxnValidator();
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === "") return;
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        fail(`not valid JSON (${(error as Error).message})`);
      }
      const op = parseOp(raw, ops.length);
      const previous = lastTime.get(op.process);
      if (previous !== undefined && op.time < previous) fail(`time ${op.time} goes back from ${previous} on process ${op.process}`);
      lastTime.set(op.process, op.time);
      const pending = open.get(op.process);
      if (op.type === "invoke") {
        if (pending) fail(`process ${op.process} invokes ${op.f} while its ${pending.f} (index ${pending.index}) has no completion`);
        const problem = REQUIRED[op.f]?.invoke?.(op.value);
        if (problem && op.process !== NEMESIS) fail(problem);
        if (op.f === TXN_F && op.process !== NEMESIS) {
          const txnProblem = txns.invoke(op, lineNo);
          if (txnProblem) fail(txnProblem);
        }
        open.set(op.process, op);
      } else {
        if (!pending) fail(`${op.type} of ${op.f} on process ${op.process} completes no invoke`);
        if (pending.f !== op.f) fail(`${op.type} of ${op.f} completes process ${op.process}'s ${pending.f} (index ${pending.index})`);
        if (op.process === NEMESIS && op.type !== "info") fail(`a nemesis op completes with info (taken effect), not ${op.type}`);
        const problem = op.type === "ok" ? REQUIRED[op.f]?.ok?.(op.value) : undefined;
        if (problem && op.process !== NEMESIS) fail(problem);
        if (op.f === TXN_F && op.process !== NEMESIS) {
          const txnProblem = txns.complete(op, pending, lineNo);
          if (txnProblem) fail(txnProblem);
        }
        open.delete(op.process);
      }
      ops.push(op);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      throw new BadInputError(
        `${source} line ${lineNo}`,
        error.message,
        "Fix or remove that line; the history format is in docs/history-format.md.",
      );
    }
  });
  return ops;
}

export async function loadHistory(path: string): Promise<Op[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new BadInputError(
      "history",
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      "Give the path of a history.jsonl file.",
    );
  }
  return parseHistory(text, path);
}
