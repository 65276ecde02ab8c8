import { describe, expect, it } from "vitest";
import { planLinks } from "./links.ts";
import { bandwidth, latency, limitData, resetPeer, selectLinks, slicer, slowClose, timeout } from "./toxics.ts";

describe("toxic builders", () => {
  it("latency: {latency, jitter}, jitter 0 and downstream by default", () => {
    expect(latency(100)).toEqual({ type: "latency", stream: "downstream", toxicity: 1, attributes: { latency: 100, jitter: 0 } });
    expect(latency(250, 40, "upstream")).toEqual({
      type: "latency",
      stream: "upstream",
      toxicity: 1,
      attributes: { latency: 250, jitter: 40 },
    });
  });

  it("bandwidth: {rate}", () => {
    expect(bandwidth(64)).toEqual({ type: "bandwidth", stream: "downstream", toxicity: 1, attributes: { rate: 64 } });
    expect(bandwidth(0, "upstream")).toEqual({ type: "bandwidth", stream: "upstream", toxicity: 1, attributes: { rate: 0 } });
  });

  it("slow_close: {delay}", () => {
    expect(slowClose(500)).toEqual({ type: "slow_close", stream: "downstream", toxicity: 1, attributes: { delay: 500 } });
  });

  it("timeout: {timeout}, 0 allowed (a blackhole)", () => {
    expect(timeout(0)).toEqual({ type: "timeout", stream: "downstream", toxicity: 1, attributes: { timeout: 0 } });
    expect(timeout(3000, "upstream")).toEqual({ type: "timeout", stream: "upstream", toxicity: 1, attributes: { timeout: 3000 } });
  });

  it("reset_peer: {timeout}, 0 by default", () => {
    expect(resetPeer()).toEqual({ type: "reset_peer", stream: "downstream", toxicity: 1, attributes: { timeout: 0 } });
    expect(resetPeer(250, "upstream")).toEqual({ type: "reset_peer", stream: "upstream", toxicity: 1, attributes: { timeout: 250 } });
  });

  it("limit_data: {bytes}", () => {
    expect(limitData(1024)).toEqual({ type: "limit_data", stream: "downstream", toxicity: 1, attributes: { bytes: 1024 } });
  });

  it("slicer: {average_size, size_variation, delay}", () => {
    expect(slicer(64, 16, 1000)).toEqual({
      type: "slicer",
      stream: "downstream",
      toxicity: 1,
      attributes: { average_size: 64, size_variation: 16, delay: 1000 },
    });
    expect(slicer(8, 0, 0, "upstream").stream).toBe("upstream");
  });

  it("rejects negative attributes", () => {
    expect(() => latency(-1)).toThrow(/latency\.latency must be a number >= 0, got -1/);
    expect(() => latency(10, -5)).toThrow(/latency\.jitter must be a number >= 0, got -5/);
    expect(() => bandwidth(-1)).toThrow(/bandwidth\.rate must be a number >= 0/);
    expect(() => slowClose(-1)).toThrow(/slow_close\.delay must be a number >= 0/);
    expect(() => timeout(-1)).toThrow(/timeout\.timeout must be a number >= 0/);
    expect(() => resetPeer(-1)).toThrow(/reset_peer\.timeout must be a number >= 0/);
    expect(() => limitData(-1)).toThrow(/limit_data\.bytes must be a number >= 0/);
    expect(() => slicer(64, -1, 0)).toThrow(/slicer\.size_variation must be a number >= 0/);
    expect(() => slicer(64, 1, -1)).toThrow(RangeError);
  });

  it("rejects NaN and infinite attributes", () => {
    expect(() => latency(Number.NaN)).toThrow(/latency\.latency must be a number >= 0, got NaN/);
    expect(() => bandwidth(Number.NaN)).toThrow(RangeError);
    expect(() => slowClose(Number.NaN)).toThrow(RangeError);
    expect(() => timeout(Number.NaN)).toThrow(RangeError);
    expect(() => resetPeer(Number.NaN)).toThrow(RangeError);
    expect(() => limitData(Number.NaN)).toThrow(RangeError);
    expect(() => slicer(Number.NaN, 0, 0)).toThrow(/slicer\.average_size/);
    expect(() => latency(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("selectLinks", () => {
  const links = planLinks(
    [
      { name: "a", ip: "10.0.0.2" },
      { name: "b", ip: "10.0.0.3" },
      { name: "c", ip: "10.0.0.4" },
    ],
    [6379, 16379],
    [6379],
  );
  const names = (selected: ReturnType<typeof selectLinks>) => selected.map((l) => l.name);

  it("{link} selects that one link", () => {
    expect(selectLinks(links, { link: "a_to_b_6379" })).toEqual([
      { name: "a_to_b_6379", from: "a", to: "b", port: 6379, listenPort: 20000, upstream: "10.0.0.3:6379" },
    ]);
  });

  it("{node} selects the node's peer links in both directions, no client links", () => {
    expect(names(selectLinks(links, { node: "b" }))).toEqual([
      "a_to_b_6379",
      "a_to_b_16379",
      "b_to_a_6379",
      "b_to_a_16379",
      "b_to_c_6379",
      "b_to_c_16379",
      "c_to_b_6379",
      "c_to_b_16379",
    ]);
  });

  it("{all: true} selects every peer link and no client link", () => {
    expect(names(selectLinks(links, { all: true }))).toEqual([
      "a_to_b_6379",
      "a_to_b_16379",
      "a_to_c_6379",
      "a_to_c_16379",
      "b_to_a_6379",
      "b_to_a_16379",
      "b_to_c_6379",
      "b_to_c_16379",
      "c_to_a_6379",
      "c_to_a_16379",
      "c_to_b_6379",
      "c_to_b_16379",
    ]);
  });

  it("throws on an unknown link or node", () => {
    expect(() => selectLinks(links, { link: "a_to_z_6379" })).toThrow(/no link named a_to_z_6379/);
    expect(() => selectLinks(links, { node: "z" })).toThrow(/no links of node z/);
    expect(() => selectLinks(links, { node: "client" })).toThrow(/no links of node client/);
  });
});
