import type { Pool } from "mysql2/promise";
import { withDeadline } from "../../../core/deadline.ts";

export interface Refusal {
  /** The server's error number for a read and for a write; null when the statement succeeded. */
  read: number | string | null;
  write: number | string | null;
}

async function errno(pool: Pool, sql: string): Promise<number | string | null> {
  try {
    await withDeadline(pool.query(sql), 5000, sql);
    return null;
  } catch (error) {
    const e = error as { errno?: number; code?: string; message?: string };
    return e.errno ?? e.code ?? e.message ?? "error";
  }
}

/** Whether a node refuses a read and a write of the set table (Galera's non-Primary answer is 1047). */
export async function probeRefusal(pool: Pool): Promise<Refusal> {
  return {
    read: await errno(pool, "SELECT COUNT(*) FROM fl_set"),
    write: await errno(pool, "INSERT INTO fl_set (id) VALUES (-1 - FLOOR(RAND() * 1000000000))"),
  };
}

export const ER_UNKNOWN_COM_ERROR = 1047;
