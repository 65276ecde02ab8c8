import { describe, expect, it } from "vitest";
import { runReporters } from "./multiplexer.ts";

describe("runReporters", () => {
  it("runs every reporter even when one throws, and reports the failure without throwing", async () => {
    const ran: string[] = [];
    const warnings: string[] = [];
    const failures = await runReporters(
      [
        { name: "a", write: () => void ran.push("a") },
        {
          name: "broken",
          write: async () => {
            throw new Error("disk full");
          },
        },
        { name: "c", write: async () => void ran.push("c") },
      ],
      { info() {}, verbose() {}, warn: (m) => warnings.push(m) },
    );
    expect(ran).toEqual(["a", "c"]);
    expect(failures).toEqual([{ name: "broken", error: "disk full" }]);
    expect(warnings).toEqual(["reporter broken failed (the verdict stands): disk full"]);
  });
});
