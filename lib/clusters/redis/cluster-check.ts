/**
 * Output of `redis-cli --cluster check <ip>:<port>` (Valkey: `valkey-cli --cluster check`).
 * The verdict lines are the same in Redis 7.0, 8.0 and Valkey 8.1:
 *
 *   [OK] All nodes agree about slots configuration.   | [ERR] Nodes don't agree about configuration!
 *   [WARNING] Node <ip:port> has slots in migrating state 93.
 *   [WARNING] The following slots are open: 7000,93.
 *   [OK] All 16384 slots covered.                     | [ERR] Not all 16384 slots are covered by nodes.
 *
 * Note: redis-cli exits 1 for open slots too, though it prints them as [WARNING]; here `ok`
 * only reflects [ERR] lines, and open slots are reported in `openSlots`.
 */
export interface ClusterCheck {
  /** No [ERR] line. */
  ok: boolean;
  /** "[OK] All 16384 slots covered." was printed and no coverage [ERR]. */
  slotsCovered: boolean;
  /** "[OK] All nodes agree about slots configuration." was printed. */
  agreeConfig: boolean;
  /** Slots in migrating or importing state on any node, ascending, without duplicates. */
  openSlots: number[];
  /** Text of every [ERR] line, without the "[ERR] " prefix, in output order. */
  errors: string[];
}

// Colour codes appear when redis-cli writes to a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is exactly what is stripped
const ANSI = /\x1b\[[0-9;]*m/g;

export function parseClusterCheck(text: string): ClusterCheck {
  const lines = text
    .replace(ANSI, "")
    .split(/\r?\n/)
    .map((line) => line.trim());
  const verdicts = lines.filter((line) => /^\[(OK|ERR|WARNING)\] /.test(line));
  if (verdicts.length === 0) {
    const first = lines.find((line) => line !== "") ?? "";
    throw new Error(`not redis-cli --cluster check output (no [OK]/[ERR]/[WARNING] line): "${first.slice(0, 120)}"`);
  }

  const errors = verdicts.filter((line) => line.startsWith("[ERR] ")).map((line) => line.slice("[ERR] ".length));
  const covered = verdicts.some((line) => /^\[OK\] All \d+ slots covered\.$/.test(line));
  const uncovered = errors.some((line) => /^Not all \d+ slots are covered/.test(line));
  const agree = verdicts.includes("[OK] All nodes agree about slots configuration.");

  const open = new Set<number>();
  for (const line of verdicts) {
    const match =
      /^\[WARNING\] Node \S+ has slots in (?:migrating|importing) state (.+?)\.?$/.exec(line) ??
      /^\[WARNING\] The following slots are open: (.+?)\.?$/.exec(line);
    if (!match) continue;
    for (const slot of (match[1] ?? "").split(",")) {
      if (!/^\d+$/.test(slot.trim())) throw new Error(`cluster check: slot "${slot}" in "${line}" is not a number`);
      open.add(Number(slot));
    }
  }

  return {
    ok: errors.length === 0,
    slotsCovered: covered && !uncovered,
    agreeConfig: agree,
    openSlots: [...open].sort((a, b) => a - b),
    errors,
  };
}
