import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { silentLogger } from "../core/logger.ts";
import { badInput, rejection } from "../core/testing.ts";
import type { ImageResolver, ResolvedImage } from "../runtime/images.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { redisPlan } from "./run-redis.ts";

/** The jobs of a plan as "scenario on target". */
const jobs = (plan: ReturnType<typeof redisPlan>) => plan.jobs.map((j) => `${j.scenario} on ${j.target}`);

describe("faultline run redis: flags to jobs", () => {
  it("defaults: the set scenario with a partition on redis-7.0", () => {
    expect(jobs(redisPlan({}))).toEqual(["set-partition on redis-7.0"]);
  });

  it("every chosen scenario on every chosen target, target by target; --image is --target with one image", () => {
    expect(jobs(redisPlan({ target: "redis-8.0, valkey-8.1", scenario: "crossslot,set", fault: "kill" }))).toEqual([
      "crossslot on redis-8.0",
      "set-kill on redis-8.0",
      "crossslot on valkey-8.1",
      "set-kill on valkey-8.1",
    ]);
    expect(jobs(redisPlan({ image: "redis-7.2", scenario: "slot-coverage" }))).toEqual(["slot-coverage on redis-7.2"]);
    expect(redisPlan({ scenario: "all" }).jobs.length).toBeGreaterThan(10);
  });

  it.each([
    // Unknown targets and scenarios.
    [
      { target: "redis-7.0,redis-6.0" },
      "image",
      '"redis-6.0" is not a Redis-compatible image of the catalog. Use one of: redis-7.0, redis-7.2',
    ],
    [{ image: "redis:7.2" }, "image", '"redis:7.2" is not a Redis-compatible image of the catalog'],
    [{ target: "pxc-8.0" }, "image", '"pxc-8.0" is not a Redis-compatible image of the catalog'],
    [{ scenario: "set,split-brain" }, "--scenario", '"split-brain" is not a Redis scenario. Use one or more of: slot-coverage, crossslot'],
    // --fault.
    [{ fault: "flood" }, "--fault", '"flood" is not a fault. Use one of: partition, kill, pause, none.'],
    [{ fault: "Partition" }, "--fault", '"Partition" is not a fault'],
    // Topology.
    [{ masters: "2" }, "masters", "2 is not a whole number from 3 to 100. Redis Cluster needs at least 3 masters"],
    [{ masters: "101" }, "masters", "101 is not a whole number from 3 to 100"],
    [{ masters: "three" }, "--masters", '"three" is not a whole number. Give --masters a number, e.g. --masters 3.'],
    [{ replicas: "6" }, "replicas", "6 is not a whole number from 0 to 5"],
    [{ replicas: "-1" }, "replicas", "-1 is not a whole number from 0 to 5"],
    [{ replicas: "1.5" }, "--replicas", '"1.5" is not a whole number'],
    [{ nodeTimeout: "99" }, "node-timeout", "99 is not a whole number from 100 to 600000"],
    [{ nodeTimeout: "600001" }, "node-timeout", "600001 is not a whole number from 100 to 600000"],
    [{ nodeTimeout: "2s" }, "--node-timeout", '"2s" is not a whole number'],
    // --set.
    [{ set: ["appendfsync"] }, "--set", '"appendfsync" is not name=value. Write it like --set appendfsync=always.'],
    [{ set: ["=always"] }, "--set", '"=always" is not name=value'],
    [
      { set: ["cluster-node-timeout=100"] },
      "--set cluster-node-timeout",
      "is set by faultline itself: faultline's timing bounds are made of it. Use --node-timeout.",
    ],
    [{ set: ["port=7000"] }, "--set port", "is set by faultline itself"],
    [{ set: ["Maxmemory=64mb"] }, "--set Maxmemory", "is not a redis.conf setting name"],
    [{ set: ["save=900 1"] }, "--set save", 'value "900 1" is empty or holds spaces or quotes'],
    [{ set: ["maxmemory="] }, "--set maxmemory", 'value "" is empty or holds spaces or quotes'],
    // Timing and load.
    [{ duration: "999" }, "--duration", "999 ms is out of range. Give 1000 to 3600000 ms."],
    [{ duration: "3600001" }, "--duration", "3600001 ms is out of range"],
    [{ duration: "20s" }, "--duration", '"20s" is not a whole number'],
    [
      { faultMs: "99" },
      "--fault-ms",
      "99 ms does not fit: the fault starts at a quarter of --duration (20000 ms) and must heal before it ends",
    ],
    [{ duration: "10000", faultMs: "7501" }, "--fault-ms", "7501 ms does not fit: the fault starts at a quarter of --duration (10000 ms)"],
    [{ faultMs: "8s" }, "--fault-ms", '"8s" is not a whole number'],
    [{ workers: "0" }, "--workers", "0 is out of range. Use 1 to 256 workers."],
    [{ workers: "257" }, "--workers", "257 is out of range"],
    [{ workers: "many" }, "--workers", '"many" is not a whole number'],
    [{ marginMs: "-1" }, "--margin-ms", "-1 is negative. Give 0 or more milliseconds."],
    [{ readyTimeout: "2m" }, "--ready-timeout", '"2m" is not a whole number'],
  ])("refuses %j naming %s", (flags, field, message) => {
    const e = badInput(() => redisPlan(flags));
    expect(e.field).toBe(field);
    expect(e.message).toContain(`${field}: ${message}`);
    expect(e.exitCode).toBe(2);
  });

  it("accepts the edges of every range; with --fault none the fault need not fit", () => {
    expect(() =>
      redisPlan({ masters: "100", replicas: "0", nodeTimeout: "100", duration: "1000", faultMs: "100", workers: "256", marginMs: "0" }),
    ).not.toThrow();
    expect(() => redisPlan({ masters: "3", replicas: "5", nodeTimeout: "600000", duration: "3600000", workers: "1" })).not.toThrow();
    expect(() => redisPlan({ duration: "10000", faultMs: "7500" })).not.toThrow();
    expect(() => redisPlan({ duration: "10000", faultMs: "9000", fault: "none" })).not.toThrow();
  });
});

describe("--set names and values only the server knows: refused in prepare, before any cluster starts", () => {
  it("an unknown name: the flag and the target, in the target's own server's words (a fake runtime: no Docker)", async () => {
    const resolved: ResolvedImage[] = [];
    const images = {
      resolve: async (name: string) => {
        const image: ResolvedImage = {
          name,
          ref: `${name}:test`,
          id: "sha256:0",
          source: "official",
          action: "present",
          engineVersion: "8.1.0",
          sizeBytes: 0,
        };
        resolved.push(image);
        return image;
      },
    } as unknown as ImageResolver;
    const commands: string[][] = [];
    const runtime = {
      runToCompletion: async (_ref: string, cmd: string[]) => {
        commands.push(cmd);
        return {
          exitCode: 1,
          output: `*** FATAL CONFIG FILE ERROR (Valkey 8.1.0) ***\n>>> 'no-such-thing "1"'\nBad directive or wrong number of arguments\n`,
        };
      },
    } as unknown as Runtime;
    const plan = redisPlan({ target: "valkey-8.1", set: ["no-such-thing=1"] });
    const error = await rejection(plan.prepare?.({ runtime, images, logger: silentLogger }) ?? Promise.resolve());
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).field).toBe("--set (valkey-8.1)");
    expect((error as BadInputError).message).toContain(
      "--set (valkey-8.1): valkey-server 8.1.0 refuses the settings: at 'no-such-thing \"1\"': Bad directive or wrong number of arguments",
    );
    // The target's own server binary, with the settings as arguments.
    expect(commands[0]?.slice(2)).toEqual(["valkey-server", "--port", "0", "--no-such-thing", "1"]);
    expect(resolved.map((i) => i.name)).toEqual(["valkey-8.1"]);
  });
});

describe("found in review and now refused", () => {
  it('--target "" (or ",") is refused: a run of nothing would pass having verified nothing', () => {
    expect(badInput(() => redisPlan({ target: "" })).field).toBe("--target");
  });

  it('--scenario "" is refused', () => {
    expect(badInput(() => redisPlan({ scenario: " , " })).field).toBe("--scenario");
  });

  it("--ready-timeout has the floor Galera and NDB have: below 10000 ms is refused", () => {
    expect(badInput(() => redisPlan({ readyTimeout: "0" })).field).toBe("--ready-timeout");
  });
});
