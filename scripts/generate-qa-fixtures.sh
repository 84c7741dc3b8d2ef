#!/usr/bin/env bash
# Regenerates the QA fixtures in test/fixtures/qa/reports by running real test runners on the
# small suites in test/fixtures/qa/suites (each has passing, failing, skipped and erroring tests).
# Needs: Node; Debian's python3-pytest, python3-pytest-cov and
# phpunit; network access to the npm registry for vitest, @vitest/coverage-v8, jest and jest-junit, which
# are installed in a temporary folder, never into the project. Runners exit non-zero because the
# suites fail on purpose; that is expected.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
suites="$root/test/fixtures/qa/suites"
out="$root/test/fixtures/qa/reports"
tmp="$(mktemp -d)"
mkdir -p "$out"

# Vitest: JUnit, plus coverage as lcov and Istanbul's coverage-summary.json (v8 provider).
vitest_version="$(node -p 'require("'"$root"'/node_modules/vitest/package.json").version')"
cp -r "$suites/vitest" "$tmp/vitest"
(cd "$tmp/vitest" && npm init -y > /dev/null &&
  npm install --no-save --no-audit --no-fund "vitest@$vitest_version" "@vitest/coverage-v8@$vitest_version" > /dev/null &&
  npx vitest run --root . --config /dev/null \
  --reporter=junit --outputFile.junit="$out/vitest.xml" \
  --coverage.enabled --coverage.provider=v8 --coverage.reporter=lcov --coverage.reporter=json-summary \
  --coverage.reportOnFailure --coverage.reportsDirectory="$tmp/vitest-cov" --coverage.include='*.ts' --coverage.exclude='*.spec.ts' "$@")
cp "$tmp/vitest-cov/lcov.info" "$out/vitest-lcov.info" 2>/dev/null
cp "$tmp/vitest-cov/coverage-summary.json" "$out/vitest-coverage-summary.json" 2>/dev/null

# node:test's built-in JUnit reporter.
(cd "$suites/node-test" && node --test --test-reporter=junit --test-reporter-destination="$out/node-test.xml" math.test.mjs)

# pytest (Debian's), xunit1 family for file/line attributes, and Cobertura coverage from pytest-cov.
cp -r "$suites/pytest" "$tmp/pytest"
(cd "$tmp/pytest" && /usr/bin/python3 -m pytest -q -p no:cacheprovider -o junit_family=xunit1 \
  --junitxml="$out/pytest.xml" --cov=app --cov-branch --cov-report="xml:$out/pytest-cobertura.xml" tests)

# Jest with jest-junit.
cp -r "$suites/jest" "$tmp/jest"
(cd "$tmp/jest" && npm init -y > /dev/null && npm install --no-save --no-audit --no-fund jest@30 jest-junit@17 > /dev/null &&
  JEST_JUNIT_OUTPUT_FILE="$out/jest-junit.xml" JEST_JUNIT_ADD_FILE_ATTRIBUTE=true npx jest --ci --reporters=default --reporters=jest-junit)

# PHPUnit (Debian's).
(cd "$suites/phpunit" && phpunit --log-junit "$out/phpunit.xml" tests)

# Reports carry absolute temp paths and timestamps; make them stable and relative.
sed -i -e "s#$tmp/[a-z-]*/##g" -e "s#$suites/[a-z-]*/##g" "$out"/*.xml "$out"/*.info "$out"/*.json 2>/dev/null
echo "fixtures written to $out"
