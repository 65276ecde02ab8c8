#!/usr/bin/env bash
# Turns reports/allure-results (written by the test run) into an HTML report with Allure's
# command line, which needs Java. Without Java it says how to get it instead of failing obscurely.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d reports/allure-results ] || [ -z "$(ls -A reports/allure-results 2>/dev/null)" ]; then
  echo "report: no Allure results in reports/allure-results: run the tests first (npm test)." >&2
  exit 2
fi
if ! command -v java >/dev/null 2>&1; then
  echo "report: Allure's command line needs Java, and none is on PATH." >&2
  echo "  On Debian/Ubuntu: apt-get install -y default-jre-headless; elsewhere any Java 8+ runtime." >&2
  echo "  The raw results stay in reports/allure-results for any Allure viewer." >&2
  exit 2
fi
npx allure generate reports/allure-results --clean -o reports/allure-report
echo "report: open reports/allure-report/index.html (served: npx allure open reports/allure-report)"
