import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./paths.ts";

/** Every file under `dir` (relative to the repository), skipping what is not the project's own. */
function files(dir: string): string[] {
  const full = join(PROJECT_ROOT, dir);
  return readdirSync(full).flatMap((name) => {
    const path = join(full, name);
    if (["node_modules", ".git", "reports"].includes(name)) return [];
    if (statSync(path).isDirectory()) return files(relative(PROJECT_ROOT, path));
    return /\.(ts|js|md|sh|yml|json)$/.test(name) ? [relative(PROJECT_ROOT, path)] : [];
  });
}

// The project stands on its own: what users read (README, docs, messages in the code, fixtures) never points outside it.
describe("the repository refers to nothing outside itself", () => {
  it("no README, doc, source file or fixture names DESIGN.md or a path above the repository", () => {
    const offenders = ["README.md", ...files("docs"), ...files("lib"), ...files("fixtures"), ...files("scripts"), ...files("bin")]
      .filter((file) => file !== relative(PROJECT_ROOT, new URL(import.meta.url).pathname))
      .filter((file) => /DESIGN\.md|\.\.\/shared\//.test(readFileSync(join(PROJECT_ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("docs/architecture.md exists and README points at it", () => {
    expect(readFileSync(join(PROJECT_ROOT, "docs", "architecture.md"), "utf8")).toContain("## Contracts");
    expect(readFileSync(join(PROJECT_ROOT, "README.md"), "utf8")).toContain("[docs/architecture.md](docs/architecture.md)");
  });
});
