#!/usr/bin/env bash
# The whole test suite: types, schema/migration agreement (both stores),
# unit and service tests on temporary SQLite databases, then the production
# build and the HTTP API + Chromium tests against it; then the unit, service
# and API tests again on PostgreSQL, and the tests of several instances on
# one PostgreSQL database. Prints "N passed, N failed" at the end.
#
# PostgreSQL: DEBRIEF_TEST_PG_URL names a server the tests may CREATE
# DATABASE on (.ci/run starts one); without it a temporary one is started
# here when `initdb` is on PATH.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
results=$(mktemp -d)
status=0

step() { echo; echo "== $*"; }

if [ -z "${DEBRIEF_TEST_PG_URL:-}" ]; then
  if command -v initdb >/dev/null 2>&1; then
    # shellcheck source=pg-cluster.sh
    . scripts/pg-cluster.sh
    trap pg_cluster_stop EXIT
    pg_cluster_start "$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')" || status=1
  fi
fi
if [ -z "${DEBRIEF_TEST_PG_URL:-}" ]; then
  echo "No PostgreSQL (set DEBRIEF_TEST_PG_URL or install postgresql-15): the PostgreSQL passes cannot run." >&2
  status=1
fi

# Every pass writes a JSON report; a report that is missing (vitest crashed) counts as a failure.
reports=()
# report NAME COMMAND...: run a vitest command with a JSON report named NAME.
report() { local name=$1; shift; reports+=("$results/$name.json"); "$@" --reporter=default --reporter=json --outputFile.json="$results/$name.json"; }

step "type check" && npx tsc --noEmit || status=1
step "schema.prisma vs migrations (SQLite and PostgreSQL)" && node scripts/db.mjs check || status=1
step "unit and service tests (SQLite)"
report unit npx vitest run || status=1
step "production build" && DEBRIEF_SKIP_BUILD_TYPECHECK=1 npx next build || status=1
step "API and browser tests (SQLite)"
report e2e npx vitest run --config vitest.e2e.config.ts || status=1

if [ -n "${DEBRIEF_TEST_PG_URL:-}" ]; then
  step "unit and service tests (PostgreSQL)"
  report unit-pg env DEBRIEF_TEST_DB=postgresql npx vitest run || status=1
  step "API tests (PostgreSQL)"
  report api-pg env DEBRIEF_TEST_DB=postgresql npx vitest run --config vitest.e2e.config.ts test/api || status=1
  step "several instances, LISTEN/NOTIFY and outages (PostgreSQL)"
  report postgres npx vitest run --config vitest.postgres.config.ts || status=1
fi

# The failures are named again at the very end, where a CI log that keeps
# only its tail still shows them.
node -e '
const fs = require("fs"), path = require("path"); let passed = 0, failed = 0; const named = [];
const firstLine = (m) => String(m ?? "").replace(/\x1b\[[0-9;]*m/g, "").split("\n").find((l) => l.trim()) ?? "";
for (const f of process.argv.slice(1)) {
  const pass = path.basename(f, ".json");
  if (!fs.existsSync(f)) { failed++; named.push(`[${pass}] no report: vitest did not finish`); continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests;
  for (const t of r.testResults) {
    const file = path.relative(process.cwd(), t.name);
    for (const a of t.assertionResults) if (a.status === "failed") named.push(`[${pass}] ${file} > ${a.fullName}: ${firstLine(a.failureMessages?.[0]).slice(0, 300)}`);
    // A file that failed without a failing test (an import error) counts once.
    if (t.status === "failed" && !t.assertionResults.some((a) => a.status === "failed")) { failed++; named.push(`[${pass}] ${file}: ${firstLine(t.message).slice(0, 300)}`); }
  }
}
if (named.length) console.log("\nFailed:\n" + named.map((n) => "  " + n).join("\n"));
console.log(`\n${passed} passed, ${failed} failed`);
' "${reports[@]}"
rm -rf "$results"
# A failed check (types, schema) has no test count: say so on the last line.
[ "$status" -eq 0 ] || echo "FAILED: a step above failed (see its == heading)"
exit $status
