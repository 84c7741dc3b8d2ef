#!/usr/bin/env bash
# Regenerates the QA fixtures in test/fixtures/qa/reports by running real test runners on the
# small suites in test/fixtures/qa/suites (each has passing, failing, skipped and erroring tests),
# and records each runner's own printed summary next to its fixture (<fixture>.summary.txt) so
# the tests can check that Flightdeck counts what the runner counted.
#
# Usage: scripts/generate-qa-fixtures.sh [runner…]   (default: all of them)
#   runners: vitest node-test pytest pytest-params jest jest-json mocha cucumber phpunit
# Needs: Node; python3 with pytest (pytest-cov for the Cobertura fixture); phpunit; network access
# to the npm registry for vitest, @vitest/coverage-v8, jest, jest-junit, mocha and
# @cucumber/cucumber, which are installed in a temporary folder, never into the project. Runners
# exit non-zero because the suites fail on purpose; that is expected.
# NUnit, xUnit.net, TRX and go test -json fixtures are written by hand (dotnet and go cannot run
# here): see test/fixtures/qa/reports/README.md.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
suites="$root/test/fixtures/qa/suites"
out="$root/test/fixtures/qa/reports"
tmp="$(mktemp -d)"
mkdir -p "$out"
runners=("$@")
[ ${#runners[@]} -eq 0 ] && runners=(vitest node-test pytest pytest-params jest jest-json mocha cucumber phpunit)

# The summary lines a runner printed, without colours, into <fixture>.summary.txt.
summary() { # summary FIXTURE PATTERN < runner output
  sed -e 's/\x1b\[[0-9;]*m//g' | grep -E "$2" > "$out/$1.summary.txt"
}
npm_tools() { # npm_tools DIR PACKAGE…
  (cd "$1" && npm init -y > /dev/null && npm install --no-save --no-audit --no-fund "${@:2}" > /dev/null)
}

for runner in "${runners[@]}"; do
  case "$runner" in
  vitest) # JUnit, plus coverage as lcov and Istanbul's coverage-summary.json (v8 provider).
    vitest_version="$(node -p 'require("'"$root"'/node_modules/vitest/package.json").version')"
    cp -r "$suites/vitest" "$tmp/vitest"
    npm_tools "$tmp/vitest" "vitest@$vitest_version" "@vitest/coverage-v8@$vitest_version"
    (cd "$tmp/vitest" && npx vitest run --root . --config /dev/null \
      --reporter=default --reporter=junit --outputFile.junit="$out/vitest.xml" \
      --coverage.enabled --coverage.provider=v8 --coverage.reporter=lcov --coverage.reporter=json-summary \
      --coverage.reportOnFailure --coverage.reportsDirectory="$tmp/vitest-cov" --coverage.include='*.ts' \
      --coverage.exclude='*.spec.ts') 2>&1 | summary vitest.xml '^ *Tests '
    cp "$tmp/vitest-cov/lcov.info" "$out/vitest-lcov.info" 2>/dev/null
    cp "$tmp/vitest-cov/coverage-summary.json" "$out/vitest-coverage-summary.json" 2>/dev/null
    ;;
  node-test) # node:test's built-in JUnit reporter, and its spec reporter's totals.
    (cd "$suites/node-test" && node --test --test-reporter=junit --test-reporter-destination="$out/node-test.xml" \
      --test-reporter=spec --test-reporter-destination=stdout math.test.mjs) 2>&1 |
      summary node-test.xml '^ℹ (tests|pass|fail|skipped|todo|cancelled) [0-9]+$'
    ;;
  pytest) # xunit1 family for file/line attributes, and Cobertura coverage from pytest-cov.
    cp -r "$suites/pytest" "$tmp/pytest"
    (cd "$tmp/pytest" && python3 -m pytest -q -p no:cacheprovider -o junit_family=xunit1 \
      --junitxml="$out/pytest.xml" --cov=app --cov-branch --cov-report="xml:$out/pytest-cobertura.xml" tests) 2>&1 |
      summary pytest.xml ' in [0-9.]+s'
    ;;
  pytest-params) # parametrized tests whose ids repeat across classes.
    cp -r "$suites/pytest-params" "$tmp/pytest-params"
    (cd "$tmp/pytest-params" && python3 -m pytest -q -p no:cacheprovider -o junit_family=xunit1 \
      --junitxml="$out/pytest-params.xml" .) 2>&1 | summary pytest-params.xml ' in [0-9.]+s'
    ;;
  jest) # jest-junit.
    cp -r "$suites/jest" "$tmp/jest"
    npm_tools "$tmp/jest" jest@30 jest-junit@17
    (cd "$tmp/jest" && JEST_JUNIT_OUTPUT_FILE="$out/jest-junit.xml" JEST_JUNIT_ADD_FILE_ATTRIBUTE=true \
      npx jest --ci --reporters=default --reporters=jest-junit) 2>&1 | summary jest-junit.xml '^Tests:'
    ;;
  jest-json) # `jest --json`, and jest-junit on the same run (test.each rows share one name).
    cp -r "$suites/jest-json" "$tmp/jest-json"
    npm_tools "$tmp/jest-json" jest@30 jest-junit@17
    (cd "$tmp/jest-json" && JEST_JUNIT_OUTPUT_FILE="$out/jest-each-junit.xml" JEST_JUNIT_ADD_FILE_ATTRIBUTE=true \
      npx jest --ci --json --outputFile="$out/jest.json" --reporters=default --reporters=jest-junit) 2>&1 |
      summary jest.json '^Tests:'
    cp "$out/jest.json.summary.txt" "$out/jest-each-junit.xml.summary.txt"
    ;;
  mocha) # `mocha --reporter json`, and the spec reporter's totals from a second run.
    cp -r "$suites/mocha" "$tmp/mocha"
    npm_tools "$tmp/mocha" mocha@11
    (cd "$tmp/mocha" && npx mocha --reporter json --reporter-option output="$out/mocha.json" cart.spec.cjs > /dev/null 2>&1;
      npx mocha cart.spec.cjs) 2>&1 | summary mocha.json '^ +[0-9]+ (passing|pending|failing)'
    ;;
  cucumber) # cucumber-js's JSON formatter and its summary formatter.
    cp -r "$suites/cucumber" "$tmp/cucumber"
    npm_tools "$tmp/cucumber" @cucumber/cucumber@12
    (cd "$tmp/cucumber" && npx cucumber-js --require 'steps/*.js' --format json:"$out/cucumber.json" \
      --format summary features) 2>&1 | summary cucumber.json '^[0-9]+ (scenarios|steps) '
    ;;
  phpunit) # PHPUnit (Debian's).
    (cd "$suites/phpunit" && phpunit --log-junit "$out/phpunit.xml" tests) 2>&1 | summary phpunit.xml '^(Tests:|OK )'
    ;;
  *) echo "unknown runner $runner" >&2; exit 2 ;;
  esac
done

# Reports carry absolute temp paths and timestamps; make them stable and relative.
sed -i -E -e "s#$tmp/[a-z-]*/node_modules/#node_modules/#g" -e "s#$tmp/[a-z-]*/##g" -e "s#$suites/[a-z-]*/##g" \
  "$out"/*.xml "$out"/*.info "$out"/*.json 2>/dev/null
rm -rf "$tmp"
echo "fixtures written to $out"
