import { errorMessage } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";

export interface Reporter {
  name: string;
  write(): Promise<void> | void;
}

/**
 * Playwright's rule: reporters are isolated. Each runs even when another failed, a failure is
 * reported as a warning and returned, and nothing a reporter does can change a verdict (the
 * verdict is computed and saved before any reporter runs).
 */
export async function runReporters(reporters: readonly Reporter[], logger: Logger): Promise<Array<{ name: string; error: string }>> {
  const failures: Array<{ name: string; error: string }> = [];
  for (const reporter of reporters) {
    try {
      await reporter.write();
    } catch (error) {
      failures.push({ name: reporter.name, error: errorMessage(error) });
      logger.warn(`reporter ${reporter.name} failed (the verdict stands): ${errorMessage(error)}`);
    }
  }
  return failures;
}
