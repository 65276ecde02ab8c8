import { describe, expect, it } from "vitest";
import { stateTransferOf } from "./state-transfer.ts";

const UUID = "34549bc5-ea72-11f1-bb00-43d2b6a2fd90";
const lines = (...l: string[]) => `${l.join("\n")}\n`;

/** What every rejoin logs around the state transfer, whichever kind it is. */
const REJOIN = [
  "2026-11-27 14:53:08 0 [Note] WSREP: Shifting OPEN -> PRIMARY (TO: 41)",
  "2026-11-27 14:53:08 2 [Note] WSREP: State transfer required: ",
  `\tGroup state: ${UUID}:41`,
  `\tLocal state: ${UUID}:29`,
  "2026-11-27 14:53:08 2 [Note] WSREP: Server status change connected -> joiner",
];

describe("stateTransferOf", () => {
  it("IST: write-sets received from the donor's gcache", () => {
    expect(
      stateTransferOf(
        lines(
          ...REJOIN,
          "2026-11-27 14:53:10 0 [Note] WSREP: Receiving IST: 12 writesets, seqnos 30-41",
          `2026-11-27 14:53:10 0 [Note] WSREP: IST received: ${UUID}:41`,
          "2026-11-27 14:53:10 0 [Note] WSREP: Shifting JOINER -> JOINED (TO: 41)",
        ),
      ),
    ).toBe("IST");
  });

  it("IST: either IST line alone is enough", () => {
    expect(stateTransferOf("2026-11-27 14:53:10 0 [Note] WSREP: Receiving IST: 12 writesets, seqnos 30-41\n")).toBe("IST");
    expect(stateTransferOf(`2026-11-27 14:53:10 0 [Note] WSREP: IST received: ${UUID}:41\n`)).toBe("IST");
  });

  it("SST: MariaDB's SST received / SST succeeded", () => {
    expect(
      stateTransferOf(
        lines(
          ...REJOIN,
          "2026-11-27 14:53:12 3 [Note] WSREP: SST received",
          `2026-11-27 14:53:12 3 [Note] WSREP: SST received: ${UUID}:10`,
          "2026-11-27 14:53:12 0 [Note] WSREP: Shifting JOINER -> JOINED (TO: 10)",
        ),
      ),
    ).toBe("SST");
    expect(stateTransferOf(`2026-11-27 14:53:12 0 [Note] WSREP: SST succeeded for position ${UUID}:10\n`)).toBe("SST");
  });

  it("not SST by the joiner script starting alone: MariaDB starts it for every transfer request, IST too", () => {
    const running =
      "2026-11-27 14:53:09 2 [Note] WSREP: Running: 'wsrep_sst_rsync --role 'joiner' --address '10.213.0.14:4444' --datadir '/var/lib/mysql/' --parent 1 --progress 0'\n";
    expect(stateTransferOf(running)).toBe("none");
    expect(stateTransferOf(`${running}2026-11-27 14:53:10 0 [Note] WSREP: Receiving IST: 12 writesets, seqnos 30-41\n`)).toBe("IST");
  });

  it("SST: PXC's SST complete", () => {
    expect(stateTransferOf("2026-11-27T14:53:12.000000Z 0 [Note] [MY-000000] [Galera] SST complete\n")).toBe("SST");
    expect(stateTransferOf("2026-11-27T14:53:12.000000Z 0 [Note] [MY-000000] [WSREP-SST] SST completed\n")).toBe("SST");
  });

  // PXC 8.0 runs wsrep_sst_xtrabackup-v2 for an IST as well, and the server logs "SST completed"
  // after the script either way; the script's own line says which it was.
  it("IST: a PXC IST, which logs SST completed too, is told by its SST script's Running IST line", () => {
    expect(
      stateTransferOf(
        lines(
          "2026-11-27T14:53:08.000000Z 2 [Note] [MY-000000] [WSREP] Initiating SST/IST transfer on JOINER side (wsrep_sst_xtrabackup-v2 --role 'joiner' --address '10.213.0.14')",
          "2026-11-27T14:53:10.000000Z 0 [Note] [MY-000000] [WSREP-SST] xtrabackup_ist received from donor: Running IST",
          "2026-11-27T14:53:10.000000Z 0 [Note] [MY-000000] [Galera] Receiving IST: 12 writesets, seqnos 30-41",
          "2026-11-27T14:53:11.000000Z 0 [System] [MY-000000] [WSREP] SST completed",
        ),
      ),
    ).toBe("IST");
  });

  it("SST: a PXC SST (Proceeding with SST, then SST completed) stays an SST", () => {
    expect(
      stateTransferOf(
        lines(
          "2026-11-27T14:53:08.000000Z 0 [Note] [MY-000000] [WSREP-SST] Proceeding with SST.........",
          "2026-11-27T14:53:12.000000Z 0 [System] [MY-000000] [WSREP] SST completed",
        ),
      ),
    ).toBe("SST");
  });

  it("SST wins over IST when a log has both", () => {
    expect(
      stateTransferOf(
        lines(
          `2026-11-27 14:53:12 3 [Note] WSREP: SST received: ${UUID}:10`,
          "2026-11-27 14:53:12 0 [Note] WSREP: Receiving IST: 31 writesets, seqnos 11-41",
          `2026-11-27 14:53:13 0 [Note] WSREP: IST received: ${UUID}:41`,
        ),
      ),
    ).toBe("SST");
  });

  it("the donor side of an SST script is not a state transfer to this node", () => {
    expect(
      stateTransferOf(
        "2026-11-27 14:53:09 0 [Note] WSREP: Running: 'wsrep_sst_rsync --role 'donor' --address '10.213.0.14:4444/rsync_sst' --socket '/run/mysqld/mysqld.sock'\n",
      ),
    ).toBe("none");
  });

  it("none: a node that rejoined without catching up", () => {
    expect(
      stateTransferOf(
        lines(
          "2026-11-27 14:53:08 0 [Note] WSREP: declaring 6a2e1c4f-8c33 at tcp://10.213.0.11:4567 stable",
          "2026-11-27 14:53:08 0 [Note] WSREP: Node 9c7b1f53-b2f5 state prim",
          "2026-11-27 14:53:08 0 [Note] WSREP: view(view_id(PRIM,6a2e1c4f-8c33,9) memb {",
          "2026-11-27 14:53:08 0 [Note] WSREP: New COMPONENT: primary = yes, bootstrap = no, my_idx = 2, memb_num = 3",
          "2026-11-27 14:53:08 0 [Note] WSREP: Shifting SYNCED -> SYNCED (TO: 41)",
        ),
      ),
    ).toBe("none");
    expect(stateTransferOf("")).toBe("none");
  });

  // MariaDB starts the SST script's joiner side for every state transfer request, before the
  // donor decides between IST and SST (the request carries both addresses): an IST rejoin logs
  // the "Running: 'wsrep_sst_rsync --role 'joiner'" line too, followed by the IST lines.
  it("IST: a full MariaDB IST rejoin, which also starts the SST script's joiner side", () => {
    expect(
      stateTransferOf(
        lines(
          ...REJOIN,
          "2026-11-27 14:53:08 2 [Note] WSREP: Running: 'wsrep_sst_rsync --role 'joiner' --address '10.213.0.14:4444' --datadir '/var/lib/mysql/' --parent 1 --progress 0'",
          "2026-11-27 14:53:08 2 [Note] WSREP: Prepared SST request: rsync|10.213.0.14:4444/rsync_sst",
          "2026-11-27 14:53:08 2 [Note] WSREP: IST receiver addr using tcp://10.213.0.14:4568",
          "2026-11-27 14:53:08 2 [Note] WSREP: Prepared IST receiver for 30-41, listening at: tcp://10.213.0.14:4568",
          "2026-11-27 14:53:10 0 [Note] WSREP: Receiving IST: 12 writesets, seqnos 30-41",
          `2026-11-27 14:53:10 0 [Note] WSREP: IST received: ${UUID}:41`,
        ),
      ),
    ).toBe("IST");
  });
});
