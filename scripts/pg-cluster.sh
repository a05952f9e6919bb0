# shellcheck shell=bash
# A throwaway PostgreSQL server for the test suite (sourced by .ci/run and
# scripts/test.sh). `pg_cluster_start` initdb's a cluster in a temp folder,
# starts it on 127.0.0.1 only (socket in that folder, trust auth: nothing
# else can reach it) and exports DEBRIEF_TEST_PG_URL; `pg_cluster_stop`
# stops and deletes it. PostgreSQL refuses to run as root: under root it
# runs as the `postgres` user.

PG_CLUSTER_DIR=""

_pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_cluster_start() {
  local port="${1:-55432}"
  PG_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/debrief-pg-XXXXXX")
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$PG_CLUSTER_DIR"; fi
  _pg_as_owner initdb -D "$PG_CLUSTER_DIR/data" -A trust -U postgres --locale=C.UTF-8 -E UTF8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1 \
    || { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  # fsync off: a test server's data need not survive a power cut.
  _pg_as_owner pg_ctl -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/log" -w \
    -o "-p $port -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null \
    || { cat "$PG_CLUSTER_DIR/log" >&2; return 1; }
  export DEBRIEF_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $(_pg_as_owner postgres --version | awk '{print $3}') for the tests at $DEBRIEF_TEST_PG_URL"
}

pg_cluster_stop() {
  [ -n "$PG_CLUSTER_DIR" ] || return 0
  _pg_as_owner pg_ctl -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=""
}
