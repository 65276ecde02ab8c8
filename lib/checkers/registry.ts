import { availabilityChecker } from "./availability.ts";
import { bankChecker } from "./bank.ts";
import { convergenceChecker } from "./convergence.ts";
import { listAppendChecker } from "./list-append.ts";
import { registerChecker } from "./register.ts";
import { rwRegisterChecker } from "./rw-register.ts";
import { setChecker } from "./set.ts";
import type { Checker } from "./verdict.ts";

/** Checkers by the name `faultline check --checker` takes. */
// biome-ignore lint/suspicious/noExplicitAny: each checker has its own options type; the CLI passes parsed JSON.
export const CHECKERS: Record<string, Checker<any>> = {
  set: setChecker,
  availability: availabilityChecker,
  convergence: convergenceChecker,
  register: registerChecker,
  bank: bankChecker,
  "list-append": listAppendChecker,
  "rw-register": rwRegisterChecker,
};
