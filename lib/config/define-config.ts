import type { FaultlineConfigInput } from "./schema.ts";

export type { FaultlineConfig, FaultlineConfigInput } from "./schema.ts";

/**
 * Identity, for typing a `faultline.config.ts`:
 *
 *   import { defineConfig } from "faultline";   // package.json "exports"
 *   export default defineConfig({ suites: { redis: { targets: ["redis-7.0", "valkey-8.1"] } } });
 *
 * The file is validated when it is loaded (lib/config/load.ts), not here.
 */
export function defineConfig(config: FaultlineConfigInput): FaultlineConfigInput {
  return config;
}
