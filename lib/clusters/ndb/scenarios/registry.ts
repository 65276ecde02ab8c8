import { ndbTxnScenario } from "./append.ts";
import { arbitratorLoss } from "./arbitrator-loss.ts";
import { dataNodeFailure } from "./data-node-failure.ts";
import { dataNodePartition } from "./data-node-partition.ts";
import { replication } from "./replication.ts";
import type { NdbScenario } from "./scenario.ts";
import { sqlNodeFailure } from "./sql-node-failure.ts";

/** NDB scenarios by the name `faultline run ndb --scenario` takes, in the order `all` (the default) runs them; `all` leaves out those marked onlyByName. */
export const NDB_SCENARIOS: readonly NdbScenario[] = [
  replication,
  dataNodeFailure,
  dataNodePartition,
  arbitratorLoss,
  sqlNodeFailure,
  ndbTxnScenario("none"),
  ndbTxnScenario("partition"),
  ndbTxnScenario("crash"),
  ndbTxnScenario("chaos"),
  ndbTxnScenario("none", "rw-register"),
  ndbTxnScenario("partition", "rw-register"),
  ndbTxnScenario("crash", "rw-register"),
  ndbTxnScenario("chaos", "rw-register"),
];

export function ndbScenario(name: string): NdbScenario | undefined {
  return NDB_SCENARIOS.find((s) => s.name === name);
}
