/**
 * How a Redis client error maps to a history outcome. `fail` only when the server certainly
 * did not apply the command: it answered with an error reply that means "not executed"
 * (CLUSTERDOWN, TRYAGAIN, READONLY, NOREPLICAS, MASTERDOWN, LOADING, OOM). Anything else, a
 * timeout, a dropped connection, too many redirections, an error we do not know, is `info`:
 * the command may have been applied.
 */
const NOT_EXECUTED = /^(CLUSTERDOWN|TRYAGAIN|READONLY|NOREPLICAS|MASTERDOWN|LOADING|OOM|NOSCRIPT|WRONGTYPE|ERR)\b/;

export function outcomeOfError(error: unknown): "fail" | "info" {
  const e = error as { name?: string; message?: string };
  // ioredis raises server error replies as ReplyError; everything else is the client's own.
  if (e?.name === "ReplyError" && NOT_EXECUTED.test(e.message ?? "")) return "fail";
  return "info";
}
