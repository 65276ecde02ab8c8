/**
 * How a node caught up, from its log lines since it rejoined: "SST" (a full copy, MariaDB's
 * "SST received" / "SST succeeded", PXC's "SST complete"), "IST" (missed write-sets from the
 * donor's gcache: "Receiving IST" / "IST received"), or "none" (nothing to catch up).
 */
export function stateTransferOf(log: string): "SST" | "IST" | "none" {
  // Not "Running: 'wsrep_sst_<method> --role 'joiner'": MariaDB starts the SST joiner for every
  // state transfer request, before the donor decides between IST and SST.
  if (/SST received|SST succeeded|SST complete|\bSST\b.*\bcompleted?\b/i.test(log)) return "SST";
  if (/Receiving IST|IST received|IST .*complete/i.test(log)) return "IST";
  return "none";
}
