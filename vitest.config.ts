import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The plain "N passed, N failed" line is what CI reads; the default reporter is for people.
    reporters: [
      "default",
      "./scripts/vitest-summary-reporter.ts",
      // For CI systems and for people: JUnit XML and Allure results at predictable paths.
      ["junit", { outputFile: "reports/junit/vitest.xml" }],
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
