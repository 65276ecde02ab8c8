import { galeraTxnScenario } from "./append.ts";
import { bank } from "./bank.ts";
import { evenSplit } from "./even-split.ts";
import { forcedBootstrap } from "./forced-bootstrap.ts";
import { fullCrash } from "./full-crash.ts";
import { isolateOne } from "./isolate-one.ts";
import { joinerUnderLoad } from "./joiner-under-load.ts";
import { register } from "./register.ts";
import { replication } from "./replication.ts";
import type { GaleraScenario } from "./scenario.ts";
import { slowLinks } from "./slow-links.ts";

/** Galera scenarios by the name `faultline run galera --scenario` takes, in the order `all` (the default) runs them; `all` leaves out those marked onlyByName. */
export const GALERA_SCENARIOS: readonly GaleraScenario[] = [
  replication,
  isolateOne,
  evenSplit,
  fullCrash,
  joinerUnderLoad,
  slowLinks,
  register,
  forcedBootstrap,
  bank,
  galeraTxnScenario("none"),
  galeraTxnScenario("partition"),
  galeraTxnScenario("crash"),
  galeraTxnScenario("chaos"),
  galeraTxnScenario("none", "rw-register"),
  galeraTxnScenario("partition", "rw-register"),
  galeraTxnScenario("crash", "rw-register"),
  galeraTxnScenario("chaos", "rw-register"),
];

export function galeraScenario(name: string): GaleraScenario | undefined {
  return GALERA_SCENARIOS.find((s) => s.name === name);
}
