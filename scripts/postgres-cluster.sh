#!/usr/bin/env bash
# A throwaway PostgreSQL cluster under a directory of the caller's choosing, run by the postgres user with Debian's
# binaries (/usr/lib/postgresql/<version>/bin, the newest installed). For CI (.ci/run) and `npm run bench`.
#
#   scripts/postgres-cluster.sh bin          prints the binaries' directory; exits 1 when PostgreSQL is not installed
#   scripts/postgres-cluster.sh start DIR    initdb + start on a free port (or $PG_PORT); prints the URL
#                                            postgres://postgres@127.0.0.1:PORT/postgres and nothing else on stdout
#   scripts/postgres-cluster.sh stop DIR     stops the cluster at once and removes DIR; quiet, never fails
#
# Trust authentication on 127.0.0.1 only, fsync off, 200 connections: a cluster for tests and benchmarks, never data.
# Run as root (it switches to postgres with su) or as postgres itself.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() {
  if [ "$(id -un)" = postgres ]; then
    sh -c "$1"
  else
    su postgres -s /bin/sh -c "$1"
  fi
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

usage() {
  echo "usage: $0 bin | start DIR | stop DIR" >&2
  exit 2
}

command="${1:-}"
case "$command" in
  bin)
    bin="$(pg_bin)"
    [ -n "$bin" ] || exit 1
    echo "$bin"
    ;;
  start)
    dir="${2:-}"
    [ -n "$dir" ] || usage
    bin="$(pg_bin)"
    if [ -z "$bin" ]; then
      echo "postgres-cluster: no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ "$(id -un)" != postgres ]; then chown postgres:postgres "$dir"; fi
    port="${PG_PORT:-$(free_port)}"
    if ! as_postgres "'$bin/initdb' -D '$dir/data' --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8" \
      >"$dir/initdb.log" 2>&1; then
      echo "postgres-cluster: initdb failed:" >&2
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    if ! as_postgres "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" start" \
      >/dev/null 2>&1; then
      echo "postgres-cluster: the server did not start:" >&2
      cat "$dir/log" >&2 || true
      exit 1
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir="${2:-}"
    [ -n "$dir" ] || usage
    bin="$(pg_bin)"
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_postgres "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    usage
    ;;
esac
