# Real database engines for the tests (issue 10), sourced by scripts/test:
# `start_postgres` runs Debian's PostgreSQL 15 on a free port in a temporary
# directory and exports TEST_DATABASE_URL (tests make a database each from
# it). The caller stops it with `stop_postgres` from its EXIT trap, so that
# it goes whether the tests passed or not. Needs root (initdb runs as the
# `postgres` user).

pg_bin=/usr/lib/postgresql/15/bin

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  if [ ! -x "$pg_bin/initdb" ]; then
    log "installing PostgreSQL 15"
    apt_install postgresql-15
  fi
  pg_dir="$(mktemp -d /tmp/livetodo-pg.XXXXXX)"
  chown postgres: "$pg_dir"
  local port
  port="$(free_port)"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >"$pg_dir/initdb.log"
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  log "PostgreSQL for the tests on port $port"
}

stop_postgres() {
  [ -n "${pg_dir:-}" ] || return 0
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}

# Debian's redis-server (installed from apt when missing) on a free port,
# without persistence, for the multi-instance tests; exports
# TEST_REDIS_PORT and REDIS_SERVER_BIN (the tests restart it). Stopped by
# `stop_redis` from the caller's EXIT trap.
start_redis() {
  if ! command -v redis-server >/dev/null; then
    log "installing redis-server"
    apt_install redis-server
    # Debian starts a system-wide one; the tests run their own.
    systemctl disable --now redis-server >/dev/null 2>&1 || service redis-server stop >/dev/null 2>&1 || true
  fi
  redis_dir="$(mktemp -d /tmp/livetodo-redis.XXXXXX)"
  TEST_REDIS_PORT="$(free_port)"
  export TEST_REDIS_PORT
  REDIS_SERVER_BIN="$(command -v redis-server)"
  export REDIS_SERVER_BIN
  redis-server --port "$TEST_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --dir "$redis_dir"
  export TEST_REDIS_URL="redis://127.0.0.1:$TEST_REDIS_PORT"
  log "Redis for the tests on port $TEST_REDIS_PORT"
}

stop_redis() {
  [ -n "${redis_dir:-}" ] || return 0
  # The tests may have restarted it: stop whatever listens on the port.
  redis-cli -p "$TEST_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ ! -f "$redis_dir/redis.pid" ] || kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
  rm -rf "$redis_dir"
  redis_dir=""
}
