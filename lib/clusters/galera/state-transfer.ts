/**
 * How a node caught up, from its log lines since it rejoined: "SST" (a full copy, MariaDB's
 * "SST received" / "SST succeeded", PXC's "SST complete"), "IST" (missed write-sets from the
 * donor's gcache: "Receiving IST" / "IST received"), or "none" (nothing to catch up).
 */
export function stateTransferOf(log: string): "SST" | "IST" | "none" {
  // PXC 8.0 runs its SST script for an IST too, and logs "SST completed" once the script is done
  // either way (sql/wsrep_sst.cc sst_joiner_thread): only the script's own line says it was an IST.
  if (/\[WSREP-SST\] xtrabackup_ist received from donor: Running IST/.test(log)) return "IST";
  // Not "Running: 'wsrep_sst_<method> --role 'joiner'": MariaDB starts the SST joiner for every
  // state transfer request, before the donor decides between IST and SST.
  if (/SST received|SST succeeded|SST complete|\bSST\b.*\bcompleted?\b/i.test(log)) return "SST";
  if (/Receiving IST|IST received|IST .*complete/i.test(log)) return "IST";
  return "none";
}
