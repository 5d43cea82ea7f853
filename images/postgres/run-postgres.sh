#!/bin/sh
# PostgreSQL from Debian's package (apt-get install postgresql), as a service of a system file on the
# local runtime, and the entrypoint of the offline substitute for the official image (Dockerfile):
#   sh run-postgres.sh DATA_DIR HOST PORT [postgres options, e.g. -c max_connections=20]
# Reads the variables the official postgres image reads: POSTGRES_USER (default postgres),
# POSTGRES_PASSWORD (required), POSTGRES_DB (default: the user), and runs the *.sql files of
# /docker-entrypoint-initdb.d (INITDB_DIR) once after creating the cluster, as that image does.
# DATA_DIR is the harness's ${data.dir}: the instance's own, kept across its restarts, removed when
# the run ends. The first start creates the cluster and the database there; every start then runs
# the server in the foreground (exec: the harness's signals reach the postmaster itself). PostgreSQL
# refuses to run as root: as root, it runs as the package's postgres user.
set -eu
data=${1:?usage: run-postgres.sh DATA_DIR HOST PORT}
host=${2:?usage: run-postgres.sh DATA_DIR HOST PORT}
port=${3:?usage: run-postgres.sh DATA_DIR HOST PORT}
shift 3
user=${POSTGRES_USER:-postgres}
password=${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (the env of the service in the system file)}
database=${POSTGRES_DB:-$user}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/postgres" ] || { echo "run-postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner=""
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$data"
  as_owner="setpriv --reuid=postgres --regid=postgres --init-groups --"
fi
cluster="$data/pgdata"
if [ ! -f "$cluster/PG_VERSION" ]; then
  printf '%s\n' "$password" > "$data/pwfile"
  [ -z "$as_owner" ] || chown postgres:postgres "$data/pwfile"
  $as_owner "$bin/initdb" --pgdata="$cluster" --username="$user" --pwfile="$data/pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  rm -f "$data/pwfile"
  # listen on every address the harness may route through (its fault proxy dials HOST:PORT)
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$cluster/pg_hba.conf"
  if [ "$database" != postgres ]; then
    echo "CREATE DATABASE \"$database\" OWNER \"$user\"" | $as_owner "$bin/postgres" --single -D "$cluster" postgres >/dev/null
  fi
  echo "run-postgres.sh: created cluster $cluster (PostgreSQL $("$bin/postgres" --version | awk '{print $3}')), database $database, user $user"
  # as the official image: each *.sql of the init folder, in name order, once, as POSTGRES_USER in POSTGRES_DB
  initdir=${INITDB_DIR:-/docker-entrypoint-initdb.d}
  if ls "$initdir"/*.sql >/dev/null 2>&1; then
    sock=$(mktemp -d)
    [ -z "$as_owner" ] || chown postgres:postgres "$sock"
    $as_owner "$bin/pg_ctl" -D "$cluster" -o "-c listen_addresses='' -c unix_socket_directories=$sock" -w start >/dev/null
    for file in "$initdir"/*.sql; do
      echo "run-postgres.sh: running $file"
      $as_owner "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$sock" -U "$user" -d "$database" -f "$file"
    done
    $as_owner "$bin/pg_ctl" -D "$cluster" -m fast -w stop >/dev/null
    rmdir "$sock"
  fi
fi
# A test database: no fsync (a killed server still recovers; only an OS crash could lose data), no
# Unix socket (its path would be too long under a run directory).
exec $as_owner "$bin/postgres" -D "$cluster" -c listen_addresses="$host" -p "$port" -c unix_socket_directories= \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50 -c log_line_prefix='%m [%p] ' "$@"
