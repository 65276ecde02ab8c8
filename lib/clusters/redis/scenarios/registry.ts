import { failoverScenario } from "./failover.ts";
import type { RedisScenario } from "./scenario.ts";
import { setUnderFault } from "./set-under-fault.ts";

/** Redis scenarios by the name `faultline run redis --scenario` takes, in the order they run. */
export const REDIS_SCENARIOS: readonly RedisScenario[] = [
  setUnderFault,
  failoverScenario("kill"),
  failoverScenario("pause"),
  failoverScenario("partition"),
];

export function redisScenario(name: string): RedisScenario | undefined {
  return REDIS_SCENARIOS.find((s) => s.name === name);
}
