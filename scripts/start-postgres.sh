#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster of Debian and makes the role and database the tests use.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1, $2, $4}' | grep -q "^$version main online"; then
  pg_ctlcluster "$version" main start
fi
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres bash -c "$1"; fi
}
as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='zabota'\"" | grep -q 1 \
  || as_postgres "psql -q -c \"CREATE ROLE zabota LOGIN SUPERUSER PASSWORD 'zabota'\""
as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='zabota'\"" | grep -q 1 \
  || as_postgres "psql -q -c 'CREATE DATABASE zabota OWNER zabota'"
