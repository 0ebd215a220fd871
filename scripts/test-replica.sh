#!/usr/bin/env bash
# `make test-replica`: a primary and its streaming replica started on this machine (initdb,
# pg_basebackup -R), the router's tests and the report tests run against the pair, both
# clusters stopped and removed at the end. Extra arguments go to pytest.
#   REPLICA_DIR (/tmp/zabota-replica), REPLICA_PRIMARY_PORT (5443), REPLICA_PORT (5444)
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${REPLICA_DIR:-/tmp/zabota-replica}
primary=${REPLICA_PRIMARY_PORT:-5443}
standby=${REPLICA_PORT:-5444}
PYTEST=${PYTEST:-.venv/bin/pytest}

stop_both() {
  scripts/pg-local.sh stop "$dir/replica" || true
  scripts/pg-local.sh stop "$dir/primary" || true
}
stop_both
rm -rf "$dir"
mkdir -p "$dir"
trap 'stop_both; rm -rf "$dir"' EXIT

started=$(date +%s)
scripts/pg-local.sh start "$dir/primary" "$primary"
scripts/pg-local.sh replica "$dir/replica" "$standby" "$primary"
echo "== основной сервер :$primary, реплика :$standby ($(( $(date +%s) - started )) с)"

DATABASE_URL="postgres://zabota:zabota@127.0.0.1:$primary/zabota" \
DATABASE_REPLICA_URL="postgres://zabota:zabota@127.0.0.1:$standby/zabota" \
  "$PYTEST" -p no:randomly -q -m "not browser" -rA \
  zabota/core/tests/test_replica.py zabota/core/tests/test_replica_pair.py zabota/reports "$@"
echo "== всего $(( $(date +%s) - started )) с"
