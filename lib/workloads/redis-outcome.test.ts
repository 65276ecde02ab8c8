import { describe, expect, it } from "vitest";
import { outcomeOfError } from "./redis-outcome.ts";

const reply = (message: string) => Object.assign(new Error(message), { name: "ReplyError" });

describe("outcomeOfError", () => {
  it("is fail only for server replies that mean the command was not executed", () => {
    expect(outcomeOfError(reply("CLUSTERDOWN The cluster is down"))).toBe("fail");
    expect(outcomeOfError(reply("TRYAGAIN Multiple keys request during rehashing of slot"))).toBe("fail");
    expect(outcomeOfError(reply("READONLY You can't write against a read only replica."))).toBe("fail");
    expect(outcomeOfError(reply("NOREPLICAS Not enough good replicas to write."))).toBe("fail");
  });

  it("is info for timeouts, dropped connections, redirect loops and unknown errors", () => {
    expect(outcomeOfError(new Error("Command timed out"))).toBe("info");
    expect(outcomeOfError(new Error("Connection is closed."))).toBe("info");
    expect(outcomeOfError(Object.assign(new Error("Too many Cluster redirections. Last error: ..."), { name: "Error" }))).toBe("info");
    expect(outcomeOfError(reply("MOVED 3999 10.213.0.12:6379"))).toBe("info");
    expect(outcomeOfError(undefined)).toBe("info");
    // A script error may come after some of the script's writes.
    expect(outcomeOfError(reply("ERR user_script:1: Script attempted to access a non local key"))).toBe("info");
  });
});
