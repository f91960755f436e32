#!/usr/bin/env bash
# Run CMD... against a throwaway PostgreSQL server on 127.0.0.1 (port $PGPORT, default 5433).
#   scripts/with-postgres.sh .venv/bin/pytest tests/portal
# The command sees DESKBOOK_TEST_DATABASE_URL (a server URL; the tests create their own database).
# The cluster lives in a temporary folder and is stopped and deleted afterwards, whatever happens.
# Exit status: the command's; 3 when no PostgreSQL server could be started (not installed…).
set -euo pipefail

PGPORT="${PGPORT:-5433}"
BIN=""
for candidate in "$(command -v pg_ctl 2>/dev/null || true)" /usr/lib/postgresql/*/bin/pg_ctl; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then BIN="$(dirname "$(readlink -f "$candidate")")"; fi
done
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server found (apt-get install postgresql)" >&2
  exit 3
fi

DATA="$(mktemp -d "${TMPDIR:-/tmp}/deskbook-pg.XXXXXX")"
chmod 755 "$DATA"
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$DATA"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
cleanup() {
  as_owner "$BIN/pg_ctl" -D "$DATA/cluster" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT INT TERM

as_owner "$BIN/initdb" -D "$DATA/cluster" -U deskbook --auth=trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
  || { cat "$DATA/initdb.log" >&2; echo "with-postgres: initdb failed" >&2; exit 3; }
if ! as_owner "$BIN/pg_ctl" -D "$DATA/cluster" -l "$DATA/cluster/server.log" -w -t 30 \
     -o "-h 127.0.0.1 -p $PGPORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
     start >/dev/null; then
  cat "$DATA/cluster/server.log" >&2 || true
  echo "with-postgres: the server did not start on 127.0.0.1:$PGPORT" >&2
  exit 3
fi

export DESKBOOK_TEST_DATABASE_URL="postgresql+psycopg://deskbook@127.0.0.1:$PGPORT/postgres"
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
