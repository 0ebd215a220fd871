#!/usr/bin/env bash
# A private PostgreSQL cluster on this machine, apart from Debian's (docs/deploy.md, «Реплика»):
# its own folder, port and socket, so that several can run side by side.
#   scripts/pg-local.sh start DIR PORT               — a primary (initdb on first start)
#   scripts/pg-local.sh replica DIR PORT PRIMARY_PORT — a streaming replica of it (pg_basebackup -R)
#   scripts/pg-local.sh stop DIR
# The role `zabota` (password zabota) owns the database `zabota`. Trust on 127.0.0.1 only: a
# cluster for tests and measurements, never for real data.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL не установлен (make system-packages)" >&2; exit 2; }

# initdb and postgres refuse to run as root: as root, run them as the user postgres.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

prepare() {
  mkdir -p "$1"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$1"; fi
  chmod 700 "$1"
}

settings() {  # DIR PORT
  cat >>"$1/data/postgresql.conf" <<CONF
port = $2
listen_addresses = '127.0.0.1'
unix_socket_directories = '$1'
wal_level = replica
max_wal_senders = 5
hot_standby = on
shared_buffers = 256MB
log_min_messages = warning
CONF
}

wait_ready() {  # DIR PORT
  for _ in $(seq 60); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$2" && return 0
    sleep 0.5
  done
  echo "Кластер $1 не ответил на порту $2; журнал: $1/log" >&2
  tail -20 "$1/log" >&2
  exit 1
}

case "${1:-}" in
  start)
    dir=$2 port=$3
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      prepare "$dir"
      as_owner "'$bin/initdb' -D '$dir/data' -U zabota --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
      settings "$dir" "$port"
    fi
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w start" >/dev/null
    wait_ready "$dir" "$port"
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U zabota -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='zabota'" | grep -q 1 \
      || "$bin/createdb" -h 127.0.0.1 -p "$port" -U zabota zabota
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U zabota -d postgres \
      -c "ALTER ROLE zabota PASSWORD 'zabota'" >/dev/null
    ;;
  replica)
    dir=$2 port=$3 primary=$4
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      prepare "$dir"
      # -R writes primary_conninfo and standby.signal: the copy starts as a hot standby.
      as_owner "'$bin/pg_basebackup' -h 127.0.0.1 -p $primary -U zabota -D '$dir/data' -R -X stream -c fast"
      # The copy carries the primary's settings; its own port and socket come last and win.
      cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$dir'
CONF
    fi
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w start" >/dev/null
    wait_ready "$dir" "$port"
    ;;
  stop)
    dir=$2
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null
    fi
    ;;
  *)
    echo "usage: $0 start DIR PORT | replica DIR PORT PRIMARY_PORT | stop DIR" >&2
    exit 2
    ;;
esac
