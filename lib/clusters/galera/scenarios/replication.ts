import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/**
 * `replication`: from every node to every other. Each node creates a table and writes a row;
 * every other node must read it at once with wsrep_sync_wait (a causal read: the reader waits
 * until it has applied everything committed before the read began). Then a short set
 * workload on all nodes, read back from each.
 */
export const replication: GaleraScenario = {
  name: "replication",
  description: "a table created and written on each node is read on every other (wsrep_sync_wait); all nodes end with the same rows",
  async run(ctx) {
    const { cluster, store, logger } = ctx;
    const names = cluster.names;
    const recorder = store.recorder;
    const missing: string[] = [];
    for (const [i, writer] of names.entries()) {
      const table = `fl_repl_${writer}`;
      const marker = `from ${writer}`;
      recorder.record({ process: i, type: "invoke", f: "write", key: table, value: marker, node: writer });
      try {
        await cluster.pool(writer).query(`DROP TABLE IF EXISTS ${table}`);
        await cluster.pool(writer).query(`CREATE TABLE ${table} (id INT PRIMARY KEY, v VARCHAR(40))`);
        await cluster.pool(writer).query(`INSERT INTO ${table} VALUES (1, ?)`, [marker]);
        recorder.record({ process: i, type: "ok", f: "write", key: table, value: marker, node: writer });
      } catch (error) {
        recorder.record({ process: i, type: "info", f: "write", key: table, value: marker, node: writer, error: errorMessage(error) });
        missing.push(`${writer} could not write ${table}: ${errorMessage(error)}`);
        continue;
      }
      for (const reader of names.filter((n) => n !== writer)) {
        const process = 100 + names.indexOf(reader);
        recorder.record({ process, type: "invoke", f: "read", key: table, node: reader });
        const conn = await cluster.pool(reader).getConnection();
        try {
          await conn.query("SET SESSION wsrep_sync_wait = 1");
          const [rows] = (await conn.query(`SELECT v FROM ${table} WHERE id = 1`)) as unknown as [Array<{ v: string }>];
          const value = rows[0]?.v ?? null;
          recorder.record({ process, type: "ok", f: "read", key: table, value, node: reader });
          if (value !== marker) missing.push(`${reader} read ${JSON.stringify(value)} from ${table}, not ${JSON.stringify(marker)}`);
          conn.release();
        } catch (error) {
          conn.destroy();
          recorder.record({ process, type: "info", f: "read", key: table, node: reader, error: errorMessage(error) });
          missing.push(`${reader} could not read ${table}: ${errorMessage(error)}`);
        }
      }
    }
    logger.info(`replication: ${names.length * (names.length - 1)} causal reads, ${missing.length} problem(s)`);
    const workload = await startGaleraSet(ctx);
    await workload.done;
    const checks = await finishGaleraSet(ctx);
    const probe: CheckResult = {
      checker: "replication",
      valid: missing.length === 0,
      ...(missing.length > 0 ? { reason: missing.join("; ") } : {}),
      pairs: names.length * (names.length - 1),
      problems: missing,
    };
    return { checks, probes: [probe], timings: {} };
  },
};
