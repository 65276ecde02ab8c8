import { describe, expect, it } from "vitest";
import { galeraPlan } from "../cli/run-galera.ts";
import { ndbPlan } from "../cli/run-ndb.ts";
import { redisPlan } from "../cli/run-redis.ts";
import { validateConfig } from "../config/load.ts";
import { badInput } from "../core/testing.ts";
import { configIni } from "./ndb/config-ini.ts";
import { planNdb } from "./ndb/node-plan.ts";

describe("values that land in a server's configuration or command line: no control character", () => {
  it.each([
    [
      "Galera --provider-option with a carriage return",
      () => galeraPlan({ providerOption: ["evs.suspect_timeout=PT3S\r"] }),
      "provider-options.evs.suspect_timeout",
      "a carriage return (\\u000d)",
    ],
    [
      "Galera --set with an escape sequence",
      () => galeraPlan({ set: ["init_connect=SET NAMES utf8\u001b[2J"] }),
      "set.init_connect",
      "a control character (\\u001b)",
    ],
    ["Galera --set with a tab", () => galeraPlan({ set: ["max_connections=5\t"] }), "set.max_connections", "a tab (\\u0009)"],
    [
      "Redis --set with an escape sequence",
      () => redisPlan({ set: ["appendfsync=always\u001b[0m"] }),
      "--set appendfsync",
      "a control character (\\u001b)",
    ],
    [
      "Redis --set with a NUL",
      () => redisPlan({ set: ["appendfsync=always\u0000"] }),
      "--set appendfsync",
      "a control character (\\u0000)",
    ],
    [
      "NDB --set with a carriage return",
      () => ndbPlan({ set: ["MaxNoOfTables=128\r"] }),
      "set.MaxNoOfTables",
      "a carriage return (\\u000d)",
    ],
    ["NDB --data-memory with a trailing newline", () => ndbPlan({ dataMemory: "80M\n" }), "data-memory", "a newline (\\u000a)"],
  ])("%s", (_, plan, field, what) => {
    const error = badInput(plan);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`contains ${what} in `);
    expect(error.message).toContain("Give the value on one line, printable characters only.");
  });

  it("NDB --data-memory with spaces around it is no memory size (it would be written as given)", () => {
    for (const value of [" 80M", "80M ", "80 M"]) expect(badInput(() => ndbPlan({ dataMemory: value })).field).toBe("data-memory");
    const { topology } = ndbPlan({ dataMemory: "80m" });
    expect(
      configIni(
        topology,
        planNdb(topology, (n) => `10.213.0.${n}`),
      ),
    ).toMatch(/^DataMemory=80m$/m);
  });

  it("a secret setting's value is not echoed in the message", () => {
    const control = badInput(() => redisPlan({ set: ["tls-key-file-pass=s3cret\u001b"] }));
    const spaces = badInput(() => redisPlan({ set: ["tls-key-file-pass=s3cret pw"] }));
    const semicolon = badInput(() => galeraPlan({ providerOption: ["socket.ssl_password=a;b"] }));
    for (const error of [control, spaces, semicolon]) {
      expect(error.message).toContain("<redacted>");
      expect(error.message).not.toContain("s3cret");
      expect(error.message).not.toContain("a;b");
    }
  });

  it("in a config file too: the config path", () => {
    const error = badInput(() =>
      validateConfig(
        { suites: { ndb: { dataMemory: "80M\n" }, galera: { providerOptions: { "evs.suspect_timeout": "PT3S\r" } } } },
        "f.json",
      ),
    );
    expect(error.message).toContain("config.suites.ndb.dataMemory: contains a newline");
    expect(error.message).toContain('config.suites.galera.providerOptions["evs.suspect_timeout"]: contains a carriage return');
  });
});
