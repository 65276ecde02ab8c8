/**
 * Helpers for tests (not imported by product code): the error a call throws or a promise
 * rejects with, failing loudly when there is none, so an assertion on it cannot pass vacuously.
 */
import { BadInputError } from "./errors.ts";

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

export function badInput(fn: () => unknown): BadInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error("expected a BadInputError");
}
