import { errorMessage } from "../../core/errors.ts";

/**
 * Server settings whose effective value every Galera run reports (run.json, config.effectiveSettings),
 * so that a compare of two targets says when they did not run alike. innodb_flush_log_at_trx_commit:
 * PXC's image sets 2 in its node.cnf (the log is flushed once a second, not at each commit), where
 * MariaDB's default is 1; what a whole-cluster crash can lose depends on it.
 */
export const REPORTED_SETTINGS = ["innodb_flush_log_at_trx_commit"] as const;

/** What the run reports: the values as the server has them, read on one node after the cluster was ready. */
export interface EffectiveSettings {
  /** The node they were read on (every node gets the same settings). */
  node: string;
  /** Setting name -> value, as SELECT @@GLOBAL.<name> returns it. */
  values: Record<string, string>;
  /** Why they could not be read; a report never fails the run. */
  error?: string;
}

/** One statement for all of them; MariaDB and MySQL both take @@GLOBAL.<name>. */
export function effectiveSettingsSql(names: readonly string[] = REPORTED_SETTINGS): string {
  return `SELECT ${names.map((n) => `@@GLOBAL.${n}`).join(", ")}`;
}

/** The client's one tab-separated row (mysql/mariadb -N -B) as name -> value; throws when it is not one value per name. */
export function parseEffectiveSettings(stdout: string, names: readonly string[] = REPORTED_SETTINGS): Record<string, string> {
  const rows = stdout.split("\n").filter((l) => l.trim() !== "");
  const cells = rows[0]?.split("\t") ?? [];
  if (rows.length !== 1 || cells.length !== names.length) {
    throw new Error(`expected one row of ${names.length} value(s) for ${names.join(", ")}, got ${JSON.stringify(stdout.trim())}`);
  }
  return Object.fromEntries(names.map((n, i) => [n, (cells[i] ?? "").trim()]));
}

/** Reads them on `node` through `sql` (the cluster's admin SQL inside the container); a failure is recorded, not thrown. */
export async function readEffectiveSettings(node: string, sql: (statement: string) => Promise<string>): Promise<EffectiveSettings> {
  try {
    return { node, values: parseEffectiveSettings(await sql(effectiveSettingsSql())) };
  } catch (error) {
    return { node, values: {}, error: errorMessage(error) };
  }
}
