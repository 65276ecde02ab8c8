import type { CheckResult } from "../../../checkers/verdict.ts";
import { pollUntil } from "../../../core/deadline.ts";
import { errorMessage } from "../../../core/errors.ts";
import type { NdbScenario } from "./scenario.ts";

const ROWS = 200;

/**
 * `replication`: rows written through the SQL node survive the loss of either data node of
 * the group: each data node in turn is killed, every row is read back through the SQL node
 * from its partner alone, then the node is started again and the cluster waited ready.
 */
export const replication: NdbScenario = {
  name: "replication",
  description: "rows written through the SQL node survive the loss of either data node of the group",
  async run(ctx) {
    const { cluster, nemesis, options, logger } = ctx;
    const sql = cluster.plan.sql[0]?.name ?? "sql1";
    const pool = cluster.pool(sql);
    await pool.query("DROP TABLE IF EXISTS fl_repl");
    await pool.query("CREATE TABLE fl_repl (id INT PRIMARY KEY, v VARCHAR(40)) ENGINE=NDBCLUSTER");
    for (let i = 0; i < ROWS; i += 50) {
      const values = Array.from({ length: 50 }, (_, k) => [i + k, `row ${i + k}`]);
      await pool.query("INSERT INTO fl_repl (id, v) VALUES ?", [values]);
    }
    const problems: string[] = [];
    const survived: Record<string, number> = {};
    for (const victim of cluster.plan.data.map((d) => d.name)) {
      logger.info(`replication: killing ${victim}, reading every row from its partner`);
      await nemesis.processFault("kill", [victim]);
      try {
        const count = await pollUntil(
          async () => {
            try {
              const [rows] = (await pool.query("SELECT COUNT(*) AS n, SUM(v = CONCAT('row ', id)) AS good FROM fl_repl")) as unknown as [
                Array<{ n: number; good: number }>,
              ];
              return { done: true, value: Number(rows[0]?.good ?? 0) };
            } catch (error) {
              return { done: false, reason: errorMessage(error) };
            }
          },
          { what: `the rows to be readable without ${victim}`, timeoutMs: options.recoveryMs, intervalMs: 250, signal: ctx.signal },
        );
        survived[victim] = count;
        if (count !== ROWS) problems.push(`without ${victim}: ${count} of ${ROWS} rows read back intact`);
      } catch (error) {
        problems.push(`without ${victim}: ${errorMessage(error).split("\n")[0]}`);
      }
      await nemesis.heal();
      await cluster.waitForReady(options.readyMs);
    }
    const probe: CheckResult = {
      checker: "replication",
      valid: problems.length === 0,
      ...(problems.length > 0 ? { reason: problems.join("; ") } : {}),
      rows: ROWS,
      survived,
    };
    return { checks: [], probes: [probe], timings: {} };
  },
};
