import type { Operation } from "../history/pairs.ts";

/**
 * The single-register model the linearizability search steps through. Register values are
 * interned as small integers (their canonical JSON), so stepping is an integer comparison and
 * the search's memo keys stay short whatever the values are.
 */

/** `requires` of an op that accepts any state (a write). */
export const ANY_STATE = -1;
/** What `step` returns when the op cannot happen in the given state. */
export const ILLEGAL = -1;

export type RegisterF = "read" | "write" | "cas";

/** One client operation on one register, as the search sees it. */
export interface RegisterOp {
  f: RegisterF;
  process: number;
  /** The invoke's history index: how reports name the op. */
  index: number;
  invokeTime: number;
  /** The completion's time and history index (also for `info`: kept for reports); undefined if none. */
  completeTime: number | undefined;
  completeIndex: number | undefined;
  outcome: "ok" | "info";
  /**
   * True: took effect between its invoke and its completion, so it must be linearized there.
   * False: may have taken effect at any point after its invoke, or not at all.
   */
  definite: boolean;
  /** The value read, written, or `[expected, new]` of a cas, as recorded. */
  value: unknown;
  /** The state the op needs (read, cas), or ANY_STATE. */
  requires: number;
  /** The state after the op. */
  produces: number;
}

/** Interns values by canonical JSON, so {a:1,b:2} and {b:2,a:1} are one register state. */
export class ValueTable {
  readonly #ids = new Map<string, number>();

  id(value: unknown): number {
    const canonical = canonicalJson(value);
    let id = this.#ids.get(canonical);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(canonical, id);
    }
    return id;
  }
}

/** JSON with object keys sorted; undefined reads as null (JSON.stringify drops undefined fields, so a recorded nil may arrive as either). */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The state after `op` runs in `state`, or ILLEGAL. */
export function step(state: number, op: RegisterOp): number {
  return op.requires === ANY_STATE || op.requires === state ? op.produces : ILLEGAL;
}

/**
 * The op as the search needs it, or undefined when it constrains nothing: a `fail` certainly
 * did not take effect, and a read that did not end `ok` returned no value. Throws on an op a
 * register cannot have, rather than guess (runChecker turns that into "unknown").
 */
export function toRegisterOp(operation: Operation, values: ValueTable): RegisterOp | undefined {
  if (operation.outcome === "fail") return undefined;
  if (operation.f === "read" && operation.outcome !== "ok") return undefined;
  const { invoke, completion, outcome } = operation;
  const base = {
    process: operation.process,
    index: invoke.index,
    invokeTime: invoke.time,
    completeTime: completion?.time,
    completeIndex: completion?.index,
    outcome,
    definite: outcome === "ok",
  };
  switch (operation.f) {
    case "read": {
      const read = completion?.value ?? null;
      const id = values.id(read);
      return { ...base, f: "read", value: read, requires: id, produces: id };
    }
    case "write":
      return { ...base, f: "write", value: invoke.value, requires: ANY_STATE, produces: values.id(invoke.value) };
    case "cas": {
      const value = invoke.value;
      if (!Array.isArray(value) || value.length !== 2) {
        throw new Error(`register: cas at index ${invoke.index} has value ${JSON.stringify(value)}; expected [expected, new]`);
      }
      return { ...base, f: "cas", value, requires: values.id(value[0]), produces: values.id(value[1]) };
    }
    default:
      throw new Error(`register: unsupported f "${operation.f}" at index ${invoke.index}; a register has read, write and cas`);
  }
}

/** The same op, no longer bound to its completion: may have happened any time after its invoke, or never. */
export function indeterminate(op: RegisterOp): RegisterOp {
  return op.definite ? { ...op, definite: false } : op;
}
