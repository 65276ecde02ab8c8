import { defineConfig } from "vitest/config";

/** scripts/run-tests.ts runs each part in its own vitest process: each writes reports of its own. */
const part = process.env.FAULTLINE_TEST_PART ?? "all";

export default defineConfig({
  test: {
    // The plain "N passed, N failed" line is what CI reads; the default reporter is for people.
    reporters: [
      "default",
      "./scripts/vitest-summary-reporter.ts",
      // For CI systems and for people: JUnit XML and Allure results at predictable paths.
      ["junit", { outputFile: `reports/junit/vitest-${part}.xml` }],
      // Per-file start and end times for bench/ci-wall-time.ts (`npm run bench:ci-wall-time`). Without test
      // meta: allure-vitest keeps every expect() there as a step, which made the file 12 MB for the unit tests alone.
      ["json", { outputFile: `reports/vitest-results-${part}.json`, filterMeta: () => false }],
      ["allure-vitest/reporter", { resultsDir: "reports/allure-results" }],
    ],
    projects: [
      {
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          setupFiles: ["allure-vitest/setup"],
        },
      },
      liveLane("live-galera", ["suites/galera/**/*.test.ts"], []),
      liveLane("live", ["suites/**/*.test.ts"], ["suites/galera/**"]),
    ],
  },
});

/**
 * A lane of the live suites: its files one at a time (real clusters, generous per-test
 * deadlines; every wait inside has its own). scripts/run-tests.ts runs the two lanes side by
 * side, each in its own vitest process (within one process a project whose files run one at a
 * time makes every project wait): Galera's files in one, everything else in the other, about
 * equal in length, one cluster each on the two cores. The suites' bounds hold with a busy core
 * beside them (docs/verified.md, "Under load").
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
    },
  };
}
