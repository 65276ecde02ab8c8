/**
 * The SQL isolation levels a transactional workload can ask for (`--isolation`), as the flag
 * spells them. Left out, each session keeps the server's own default (REPEATABLE READ for
 * InnoDB, READ COMMITTED for NDB, which supports no other).
 */
export const ISOLATION_LEVELS = ["read-uncommitted", "read-committed", "repeatable-read", "serializable"] as const;
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

export function isIsolationLevel(name: unknown): name is IsolationLevel {
  return typeof name === "string" && (ISOLATION_LEVELS as readonly string[]).includes(name);
}

/** The level as SQL writes it after `SET TRANSACTION ISOLATION LEVEL`: "REPEATABLE READ". */
export function isolationSql(level: IsolationLevel): string {
  return level.replace("-", " ").toUpperCase();
}
