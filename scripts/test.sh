#!/usr/bin/env bash
# The whole test suite: types, schema/migration agreement, unit and service
# tests on temporary SQLite databases, then the production build and the
# HTTP API + Chromium tests against it. Prints "N passed, N failed" at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
results=$(mktemp -d)
status=0

step() { echo; echo "== $*"; }

step "type check" && npx tsc --noEmit || status=1
step "schema.prisma vs migrations" && node scripts/db.mjs check || status=1
step "unit and service tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json" || status=1
step "production build" && DEBRIEF_SKIP_BUILD_TYPECHECK=1 npx next build || status=1
step "API and browser tests"
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json" || status=1

node -e '
const fs = require("fs"); let passed = 0, failed = 0;
for (const f of process.argv.slice(1)) {
  if (!fs.existsSync(f)) { failed++; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests;
  // A file that failed without a failing test (an import error) counts once.
  for (const t of r.testResults) if (t.status === "failed" && !t.assertionResults.some((a) => a.status === "failed")) failed++;
}
console.log(`\n${passed} passed, ${failed} failed`);
' "$results/unit.json" "$results/e2e.json"
rm -rf "$results"
# A failed check (types, schema) has no test count: say so on the last line.
[ "$status" -eq 0 ] || echo "FAILED: a step above failed (see its == heading)"
exit $status
