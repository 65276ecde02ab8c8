import { redisAppendScenario } from "./append.ts";
import { crossSlot } from "./crossslot.ts";
import { failoverScenario } from "./failover.ts";
import { majorityLoss } from "./majority-loss.ts";
import { manualFailover } from "./manual-failover.ts";
import { minorityMasterScenario } from "./minority-master.ts";
import { nodeJoinLeave } from "./node-join-leave.ts";
import { reshardingUnderLoad } from "./resharding-under-load.ts";
import { restartPersistence } from "./restart-persistence.ts";
import type { RedisScenario } from "./scenario.ts";
import { setUnderFault } from "./set-under-fault.ts";
import { slotCoverage } from "./slot-coverage.ts";

/** Redis scenarios by the name `faultline run redis --scenario` takes, in the order `all` runs them. */
export const REDIS_SCENARIOS: readonly RedisScenario[] = [
  slotCoverage,
  crossSlot,
  restartPersistence,
  setUnderFault,
  failoverScenario("kill"),
  failoverScenario("pause"),
  failoverScenario("partition"),
  minorityMasterScenario(false),
  minorityMasterScenario(true),
  majorityLoss,
  manualFailover,
  reshardingUnderLoad,
  nodeJoinLeave,
  redisAppendScenario("none"),
  redisAppendScenario("partition"),
  redisAppendScenario("crash"),
  redisAppendScenario("chaos"),
];

export function redisScenario(name: string): RedisScenario | undefined {
  return REDIS_SCENARIOS.find((s) => s.name === name);
}

/** `all` expands to every scenario; otherwise names in the order given. */
export function scenarioNames(list: readonly string[]): string[] {
  return list.flatMap((name) => (name === "all" ? REDIS_SCENARIOS.map((s) => s.name) : [name]));
}
