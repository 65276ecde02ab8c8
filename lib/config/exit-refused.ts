import { BadInputError } from "../core/errors.ts";

/**
 * Runs `load` (the import of a `.ts` config file) with `process.exit` refused. A config file is
 * code: one that calls `process.exit(0)` would end faultline with exit code 0 having run
 * nothing, and a CI gate would pass. While it loads, `process.exit` throws a BadInputError
 * naming the file instead; a call the file swallowed (in a try) is reported once it has loaded.
 * Calls made later (from a timer the file set) are caught by cli/exit-guard.ts.
 */
export async function withExitRefused<T>(path: string, load: () => Promise<T>): Promise<T> {
  const exit = process.exit;
  let refusal: BadInputError | undefined;
  process.exit = ((code?: number | string | null) => {
    refusal = new BadInputError(
      path,
      `called process.exit(${code ?? ""}) while loading, which would end faultline with an exit code of its choosing and nothing run`,
      "A config file only exports the config: remove the call (to stop with a reason, throw an Error).",
    );
    throw refusal;
  }) as typeof process.exit;
  let loaded: T;
  try {
    loaded = await load();
  } catch (error) {
    throw refusal ?? error;
  } finally {
    process.exit = exit;
  }
  if (refusal) throw refusal;
  return loaded;
}
