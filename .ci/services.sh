#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis the test suites use, and creates the
# `baton` role and `baton_ci` database. Idempotent: safe to run twice.
set -euo pipefail

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='baton'\"" | grep -q 1 ||
  su postgres -c "psql -q -c \"CREATE ROLE baton LOGIN CREATEDB PASSWORD 'baton'\""
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='baton_ci'\"" | grep -q 1 ||
  su postgres -c "createdb -O baton baton_ci"

if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
echo "postgres $version and redis are up"
