import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("createLogger", () => {
  it("stamps wall time and elapsed seconds; quiet drops info but keeps warnings; verbose only when asked", () => {
    const lines: string[] = [];
    const info = createLogger("info", (l) => lines.push(l));
    info.info("phase one");
    info.verbose("detail");
    info.warn("careful");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} \+0\.\ds phase one$/);
    expect(lines[1]).toMatch(/ warning: careful$/);
    const quiet: string[] = [];
    const q = createLogger("quiet", (l) => quiet.push(l));
    q.info("x");
    q.warn("y");
    expect(quiet).toHaveLength(1);
    const verbose: string[] = [];
    createLogger("verbose", (l) => verbose.push(l)).verbose("z");
    expect(verbose[0]).toMatch(/ z$/);
  });
});
