/**
 * How a Redis client error maps to a history outcome. `fail` only when the server certainly
 * did not apply the command: it answered with an error reply that is given before anything
 * runs (CLUSTERDOWN, TRYAGAIN, READONLY, NOREPLICAS, MASTERDOWN, LOADING, OOM, NOSCRIPT,
 * WRONGTYPE). Anything else, a timeout, a dropped connection, too many redirections, a generic
 * ERR (a script can fail after some of its writes), an error we do not know, is `info`.
 */
const NOT_EXECUTED = /^(CLUSTERDOWN|TRYAGAIN|READONLY|NOREPLICAS|MASTERDOWN|LOADING|OOM|NOSCRIPT|WRONGTYPE)\b/;

export function outcomeOfError(error: unknown): "fail" | "info" {
  const e = error as { name?: string; message?: string };
  // ioredis raises server error replies as ReplyError; everything else is the client's own.
  if (e?.name === "ReplyError" && NOT_EXECUTED.test(e.message ?? "")) return "fail";
  return "info";
}
