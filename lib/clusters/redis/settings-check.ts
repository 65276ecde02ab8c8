import { BadInputError } from "../../core/errors.ts";
import { redactSettingValues } from "../../core/redact.ts";
import type { ResolvedImage } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { RedisBinaries } from "./server-args.ts";

/**
 * Asks the target's own server whether it accepts the `--set` settings, before any cluster
 * starts: `redis-server --port 0 <settings>` in a throwaway container of the run. A bad
 * directive or value makes it exit at once with "FATAL CONFIG FILE ERROR"; good settings keep
 * it running until `timeout` stops it. The server's own words name the problem.
 */
export async function checkSettingsWithServer(
  runtime: Runtime,
  image: ResolvedImage,
  binaries: RedisBinaries,
  settings: Record<string, string>,
): Promise<void> {
  if (Object.keys(settings).length === 0) return;
  const args = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, value]);
  const result = await runtime.runToCompletion(image.ref, ["timeout", "2", binaries.server, "--port", "0", ...args], 30_000);
  const fatal = configError(result.output);
  if (fatal) {
    throw new BadInputError(
      `--set (${image.name})`,
      // The server echoes the line it refused: a secret's value must not reach the terminal or CI logs.
      `${binaries.server} ${image.engineVersion} refuses the settings: ${redactSettingValues(fatal, settings)}`,
      "Check each setting's name and value for this target.",
    );
  }
}

/** The reason a server gave for refusing its configuration, or undefined if it did not refuse. */
export function configError(output: string): string | undefined {
  if (!/FATAL CONFIG FILE ERROR/.test(output)) return undefined;
  const lines = output.split("\n").map((l) => l.trim());
  const reason = lines.find((l) => /^>>> /.test(l));
  const why = lines.find((l) => /Bad directive|wrong number|argument|must be|Invalid|invalid/.test(l) && !/^>>> /.test(l));
  return [reason?.replace(/^>>> /, "at "), why].filter(Boolean).join(": ") || "FATAL CONFIG FILE ERROR";
}
