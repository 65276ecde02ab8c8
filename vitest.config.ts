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
        },
      },
      {
        test: {
          name: "live",
          include: ["suites/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./suites/global-setup.ts"],
          setupFiles: ["allure-vitest/setup"],
          // Real clusters on 2 cores: one file at a time, generous per-test deadlines (each wait inside has its own).
          fileParallelism: false,
          testTimeout: 10 * 60_000,
          hookTimeout: 10 * 60_000,
        },
      },
    ],
  },
});
