import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { ContainerBuilder, type ContainerSpec, createOptions, demuxLogs, StartedContainer } from "./container.ts";
import type { RunNetwork } from "./network.ts";
import { parseCidr } from "./subnets.ts";

function frame(stream: 0 | 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const network: RunNetwork = {
  id: "net-id-1",
  name: "fl-20250101-000000-abcdef",
  subnet: parseCidr("10.213.7.0/24"),
  gateway: "10.213.7.1",
  address: (n) => `10.213.7.${n}`,
};

const labels = { "faultline.run": "fl-20250101-000000-abcdef", "faultline.role": "node" };

describe("demuxLogs", () => {
  it("joins stdout and stderr frames in order, without headers", () => {
    const buffer = Buffer.concat([frame(1, "Ready to accept connections\n"), frame(2, "warning: overcommit\n"), frame(1, "done\n")]);
    expect(demuxLogs(buffer)).toBe("Ready to accept connections\nwarning: overcommit\ndone\n");
  });

  it("keeps multi-byte characters and empty frames", () => {
    expect(demuxLogs(Buffer.concat([frame(1, ""), frame(1, "größe ✓\n")]))).toBe("größe ✓\n");
  });

  it("an empty buffer is empty text", () => {
    expect(demuxLogs(Buffer.alloc(0))).toBe("");
  });

  it("returns a non-multiplexed (TTY) buffer as it is", () => {
    expect(demuxLogs(Buffer.from("plain log line from a tty container\n"))).toBe("plain log line from a tty container\n");
  });

  it("keeps what there is of a truncated last frame", () => {
    const full = frame(1, "hello world\n");
    expect(demuxLogs(full.subarray(0, 8 + 5))).toBe("hello");
  });

  // Regression: found by review and fixed; this failed before the fix.
  it("returns a short non-multiplexed buffer as it is", () => {
    expect(demuxLogs(Buffer.from("oops\n"))).toBe("oops\n");
  });
});

describe("createOptions", () => {
  it("a container on the run network: labels, IPAM address, aliases, network mode", () => {
    const spec = new ContainerBuilder("redis:7.0", "fl-x-n1")
      .withRole("node")
      .withCommand(["redis-server", "--port", "6379"])
      .withEnv({ A: "1", B: "two=2" })
      .withNetwork(network, "10.213.7.11", ["n1"])
      .withCapAdd("NET_ADMIN")
      .withInit()
      .withTmpfs("/data", "rw,size=64m").spec as ContainerSpec;
    expect(createOptions(spec, labels)).toEqual({
      name: "fl-x-n1",
      Image: "redis:7.0",
      Cmd: ["redis-server", "--port", "6379"],
      Env: ["A=1", "B=two=2"],
      Labels: labels,
      HostConfig: { NetworkMode: "fl-20250101-000000-abcdef", CapAdd: ["NET_ADMIN"], Init: true, Tmpfs: { "/data": "rw,size=64m" } },
      NetworkingConfig: {
        EndpointsConfig: {
          "fl-20250101-000000-abcdef": { IPAMConfig: { IPv4Address: "10.213.7.11" }, Aliases: ["n1"] },
        },
      },
    });
  });

  it("joining another container's namespace: NetworkMode container:<id> and no NetworkingConfig", () => {
    const sidecarSpec = new ContainerBuilder("faultline/sidecar:abc", "fl-x-n1-net").withNetwork(network, "10.213.7.11").spec;
    const sidecar = new StartedContainer({} as Docker, "0123456789abcdef", sidecarSpec as ContainerSpec);
    const spec = new ContainerBuilder("redis:7.0", "fl-x-n1").withNetwork(network, "10.213.7.99").withNetworkOf(sidecar)
      .spec as ContainerSpec;
    const options = createOptions(spec, labels);
    expect(options.HostConfig?.NetworkMode).toBe("container:0123456789abcdef");
    expect(options.NetworkingConfig).toBeUndefined();
    expect(options.Labels).toEqual(labels);
    expect(new StartedContainer({} as Docker, "n1-id", spec).ip).toBe("10.213.7.11");
  });

  it("no network at all: NetworkMode none, no Cmd/Entrypoint keys when unset", () => {
    const spec = new ContainerBuilder("debian:bookworm", "fl-x-tool").spec as ContainerSpec;
    const options = createOptions(spec, labels);
    expect(options).toEqual({
      name: "fl-x-tool",
      Image: "debian:bookworm",
      Env: [],
      Labels: labels,
      HostConfig: { NetworkMode: "none", CapAdd: [], Init: false, Tmpfs: {} },
    });
    expect("Cmd" in options).toBe(false);
    expect("Entrypoint" in options).toBe(false);
  });

  it("passes the entrypoint", () => {
    const spec = new ContainerBuilder("ghcr.io/shopify/toxiproxy:2.12.0", "fl-x-proxy").withEntrypoint(["/toxiproxy", "-host", "0.0.0.0"])
      .spec as ContainerSpec;
    expect(createOptions(spec, labels).Entrypoint).toEqual(["/toxiproxy", "-host", "0.0.0.0"]);
  });

  it("uses the labels given, not the spec's own", () => {
    const spec = new ContainerBuilder("redis:7.0", "n").withLabels({ mine: "1" }).spec as ContainerSpec;
    expect(createOptions(spec, { "faultline.run": "fl-1" }).Labels).toEqual({ "faultline.run": "fl-1" });
  });
});

describe("ContainerBuilder.withFiles", () => {
  it("collects files into the spec, in order, across calls", () => {
    const builder = new ContainerBuilder("img", "n1")
      .withFiles([{ path: "/etc/a", content: "a" }])
      .withFiles([{ path: "/etc/b", content: Buffer.from("b"), mode: 0o600 }]);
    expect(builder.spec.files.map((f) => [f.path, f.mode])).toEqual([
      ["/etc/a", undefined],
      ["/etc/b", 0o600],
    ]);
    expect(new ContainerBuilder("img", "n2").spec.files).toEqual([]);
  });
});
