#!/usr/bin/env bash
# The benchmark on a fresh database (docs/performance.md): `make bench` (large), `make bench-small`
# (CI) and `make bench-region` (PostgreSQL only) call this.
#   scripts/bench.sh large|small|region
# region: BENCH_INSTITUTIONS (20) × BENCH_RECIPIENTS (5000) × BENCH_MONTHS (12); the full region
# is hours of generation and ~25 M rows: a smaller one is measured by setting them lower.
# SQLite in a temporary ZABOTA_VAR_DIR by default; with BENCH_DATABASE_URL a PostgreSQL database
# that is DROPPED and created again (its name must contain "bench", e.g.
# postgres://zabota:zabota@127.0.0.1:5432/zabota_bench).
# BENCH_OUT: where the JSON goes (large: bench/results.json, or bench/results-postgres.json on
# PostgreSQL; small: nowhere unless set). BENCH_KEEP=1 keeps the temporary folder.
# With LibreOffice and unoserver installed (scripts/unoservers.sh install, `make unoserver`)
# the run starts one unoserver per core from port BENCH_UNOSERVER_PORT (2103) and measures the
# bulk PDF by both engines; BENCH_PDF=html leaves them out. BENCH_ONLY="acts exports" measures
# only those parts (manage.py bench --only).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=${1:-small}
institutions=1
case "$scale" in
  large) recipients=10000; months=12 ;;
  small) recipients=500; months=3 ;;
  region)
    recipients=${BENCH_RECIPIENTS:-5000}; months=${BENCH_MONTHS:-12}
    institutions=${BENCH_INSTITUTIONS:-20}
    if [ -z "${BENCH_DATABASE_URL:-}" ]; then
      echo "region: only on PostgreSQL (BENCH_DATABASE_URL; make bench-region sets it)" >&2
      exit 2
    fi ;;
  *) echo "usage: $0 large|small|region" >&2; exit 2 ;;
esac
PY=${PY:-.venv/bin/python}
work=$(mktemp -d "${TMPDIR:-/tmp}/zabota-bench.XXXXXX")
servers_started=0
cleanup() {
  if [ "$servers_started" = 1 ]; then UNOSERVER_RUN="$work/unoservers" scripts/unoservers.sh stop; fi
  if [ "${BENCH_KEEP:-0}" = "1" ]; then echo "Папка замера сохранена: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

export ZABOTA_VAR_DIR="$work/var"
unset DATABASE_URL
out=${BENCH_OUT:-}
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$BENCH_DATABASE_URL"
  [ "$scale" = large ] && out=${out:-bench/results-postgres.json}
  [ "$scale" = region ] && out=${out:-bench/results-region.json}
  "$PY" - <<'EOF'
import os
from urllib.parse import unquote, urlsplit

import psycopg

url = urlsplit(os.environ["BENCH_DATABASE_URL"])
name = unquote(url.path.lstrip("/"))
if "bench" not in name:
    raise SystemExit(f"BENCH_DATABASE_URL: the database {name!r} would be dropped; "
                     "its name must contain 'bench'.")
with psycopg.connect(
    host=url.hostname, port=url.port or 5432, user=unquote(url.username or ""),
    password=unquote(url.password or ""), dbname="postgres", autocommit=True,
) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.execute(f'CREATE DATABASE "{name}"')
print(f"База PostgreSQL {name} создана заново.")
EOF
else
  [ "$scale" = large ] && out=${out:-bench/results.json}
fi

started=$(date +%s)
echo "== миграции"
ZABOTA_DEBUG=1 "$PY" manage.py migrate --noinput -v 0
echo "== данные: $institutions × $recipients получателей, $months мес."
ZABOTA_DEBUG=1 "$PY" manage.py demo_data --recipients "$recipients" --months "$months" --seed 1 \
  --institutions "$institutions"
if [ "${BENCH_PDF:-}" != html ] && [ -z "${ZABOTA_UNOSERVERS:-}" ] \
    && [ -x "${UNOSERVER_VENV:-.unoserver}/bin/unoserver" ] && command -v soffice >/dev/null; then
  echo "== LibreOffice: серверов unoserver $(nproc), по одному на ядро"
  servers_started=1
  ZABOTA_UNOSERVERS=$(UNOSERVER_RUN="$work/unoservers" UNOSERVER_PORT=${BENCH_UNOSERVER_PORT:-2103} \
    scripts/unoservers.sh start "$(nproc)")
  export ZABOTA_UNOSERVERS
fi
[ "${BENCH_PDF:-}" = html ] && export ZABOTA_PDF_ENGINE=html
echo "== замеры (данные готовы за $(( $(date +%s) - started )) с)"
# Production settings for the measurements and the server they start.
ZABOTA_DEBUG=0 ZABOTA_SSL_REDIRECT=0 ZABOTA_ALLOWED_HOSTS=127.0.0.1 \
  ZABOTA_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  "$PY" manage.py bench --scale "$scale" ${out:+--out "$out"} ${BENCH_ONLY:+--only $BENCH_ONLY}
echo "== всего $(( $(date +%s) - started )) с"
