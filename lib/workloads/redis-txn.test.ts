import { describe, expect, it } from "vitest";
import type { MicroOp } from "../history/micro-op.ts";
import { outcomeOfExecError, redisTxnKey, txnOfExec } from "./redis-txn.ts";

const replyError = (message: string) => Object.assign(new Error(message), { name: "ReplyError" });
const OPS: MicroOp[] = [
  ["append", 3, 9],
  ["r", 3, null],
  ["r", 4, null],
];

describe("txnOfExec: a MULTI/EXEC's reply as a completion", () => {
  it("ok with each LRANGE's elements as numbers (a missing key reads [])", () => {
    expect(
      txnOfExec(OPS, [
        [null, 3],
        [null, ["1", "9"]],
        [null, []],
      ]),
    ).toEqual({
      type: "ok",
      value: [
        ["append", 3, 9],
        ["r", 3, [1, 9]],
        ["r", 4, []],
      ],
    });
  });
  it("fail when EXEC ran nothing (null), info when a command failed inside it (Redis rolls nothing back)", () => {
    expect(txnOfExec(OPS, null).type).toBe("fail");
    const partial = txnOfExec(OPS, [
      [null, 1],
      [replyError("WRONGTYPE Operation against a key holding the wrong kind of value"), null],
      [null, []],
    ]);
    expect(partial).toMatchObject({ type: "info", error: expect.stringMatching(/^command 1 failed inside EXEC: WRONGTYPE/) });
    expect(txnOfExec(OPS, [[null, 1]]).type).toBe("info");
  });
});

describe("outcomeOfExecError", () => {
  it("EXECABORT and the refusals before anything runs are fail; a timeout or a dropped connection info", () => {
    expect(outcomeOfExecError(replyError("EXECABORT Transaction discarded because of previous errors."))).toBe("fail");
    expect(outcomeOfExecError(replyError("CLUSTERDOWN The cluster is down"))).toBe("fail");
    expect(outcomeOfExecError(new Error("Connection is closed."))).toBe("info");
    expect(outcomeOfExecError(replyError("ERR something else"))).toBe("info");
  });
});

describe("redisTxnKey", () => {
  it("puts every key in the one hash tag's slot", () => {
    expect(redisTxnKey(12)).toBe("fl:append:{fl-txn}:12");
  });
});
