#!/usr/bin/env bash
# LibreOffice kept running for the PDF of documents (docs/deploy.md, docs/documents.md): the
# benchmark and developers use this; production runs the units deploy/systemd/zabota-unoserver@.
#   scripts/unoservers.sh install        — LibreOffice (Debian) and unoserver in .unoserver/
#   scripts/unoservers.sh start [N]      — N servers (default: one per core), prints the
#                                          ZABOTA_UNOSERVERS value for them
#   scripts/unoservers.sh stop           — stops the servers this script started
# UNOSERVER_PORT: the first XML-RPC port (default 2003); server i listens on PORT + 2i and its
# LibreOffice on the port below it. UNOSERVER_RUN: where pids, logs and profiles go.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${UNOSERVER_VENV:-.unoserver}
run=${UNOSERVER_RUN:-${TMPDIR:-/tmp}/zabota-unoservers-$(id -u)}
first_port=${UNOSERVER_PORT:-2003}

install() {
  local missing=()
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  /usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing+=(python3-uno)
  /usr/bin/python3 -c "import ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Устанавливаю пакеты Debian: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # A virtualenv of the system's Python that sees its site-packages: `uno` comes with
  # LibreOffice from Debian (it is not on PyPI and must match the office), unoserver from PyPI
  # at the pinned version, and the system's Python itself is left as apt installed it.
  if [ ! -x "$venv/bin/unoserver" ] || ! grep -qxF "$(cat requirements-unoserver.txt)" \
      <("$venv/bin/python" -m pip freeze 2>/dev/null); then
    /usr/bin/python3 -m venv --system-site-packages "$venv"
    "$venv/bin/python" -m pip install -q -r requirements-unoserver.txt
  fi
  "$venv/bin/unoserver" --version
}

answering() {
  /usr/bin/python3 - "$1" <<'EOF'
import sys
import xmlrpc.client

try:
    xmlrpc.client.ServerProxy(f"http://127.0.0.1:{sys.argv[1]}").info()
except (OSError, xmlrpc.client.Error):
    sys.exit(1)
EOF
}

start() {
  local count=${1:-$(nproc)} addresses=() port
  [ -x "$venv/bin/unoserver" ] || { echo "Нет $venv/bin/unoserver: $0 install" >&2; exit 1; }
  mkdir -p "$run"
  for ((i = 0; i < count; i++)); do
    port=$((first_port + 2 * i))
    if answering "$port"; then
      echo "Порт $port уже занят сервером unoserver: остановите его или задайте UNOSERVER_PORT" >&2
      exit 1
    fi
    mkdir -p "$run/profile-$port"
    setsid "$venv/bin/unoserver" --port "$port" --uno-port $((port - 1)) \
      --user-installation "$run/profile-$port" --conversion-timeout 120 \
      >"$run/$port.log" 2>&1 </dev/null &
    echo $! >"$run/$port.pid"
    addresses+=("127.0.0.1:$port")
  done
  # LibreOffice takes a few seconds to start; a server answers `info` once it is connected.
  for address in "${addresses[@]}"; do
    port=${address##*:}
    for ((tries = 0; tries < 120; tries++)); do
      answering "$port" && break
      kill -0 "$(cat "$run/$port.pid")" 2>/dev/null || { cat "$run/$port.log" >&2; exit 1; }
      sleep 0.5
    done
    answering "$port" || { echo "unoserver $address не ответил за минуту" >&2; exit 1; }
  done
  (IFS=,; echo "${addresses[*]}")
}

stop() {
  local pid
  [ -d "$run" ] || return 0
  for file in "$run"/*.pid; do
    [ -e "$file" ] || continue
    pid=$(cat "$file")
    # SIGTERM to unoserver alone: it stops its LibreOffice and exits (sent to both at once,
    # unoserver 3.7 hangs). What is left of its group (setsid) is killed after ten seconds.
    kill -TERM "$pid" 2>/dev/null || true
    for ((tries = 0; tries < 20; tries++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$file"
  done
  rm -rf "$run"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 install | start [N] | stop" >&2; exit 2 ;;
esac
