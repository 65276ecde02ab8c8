import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The plain "N passed, N failed" line is what CI reads; the default reporter is for people.
    reporters: [
      "default",
      "./scripts/vitest-summary-reporter.ts",
      // For CI systems and for people: JUnit XML and Allure results at predictable paths.
      ["junit", { outputFile: "reports/junit/vitest.xml" }],
      // Per-file start and end times for bench/ci-wall-time.ts (`npm run bench:ci-wall-time`). Without test
      // meta: allure-vitest keeps every expect() there as a step, which made the file 12 MB for the unit tests alone.
      ["json", { outputFile: "reports/vitest-results.json", filterMeta: () => false }],
      ["allure-vitest/reporter", { resultsDir: "reports/allure-results" }],
    ],
    projects: [
      {
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          setupFiles: ["allure-vitest/setup"],
          // Before the live lanes: pure tests need no Docker and should not share the cores with clusters.
          sequence: { groupOrder: 0 },
        },
      },
      liveLane("live-galera", ["suites/galera/**/*.test.ts"], []),
      liveLane("live", ["suites/**/*.test.ts"], ["suites/galera/**"]),
    ],
  },
});

/**
 * A lane of the live suites: its files one at a time (real clusters, generous per-test
 * deadlines; every wait inside has its own). The lanes run side by side, one cluster each on the
 * two cores: Galera's files in one, everything else in the other, about equal in length. The
 * suites' bounds hold with a busy core beside them (docs/verified.md, "under load").
 */
function liveLane(name: string, include: string[], exclude: string[]) {
  return {
    test: {
      name,
      include,
      exclude: ["**/node_modules/**", ...exclude],
      environment: "node" as const,
      globalSetup: ["./suites/global-setup.ts"],
      setupFiles: ["allure-vitest/setup"],
      fileParallelism: false,
      testTimeout: 10 * 60_000,
      hookTimeout: 10 * 60_000,
      sequence: { groupOrder: 1 },
    },
  };
}
