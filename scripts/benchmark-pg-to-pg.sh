#!/usr/bin/env bash
# PostgreSQL -> PostgreSQL throughput: the job-runner against `psql \copy ... | psql \copy ...`, same machine, same run.
#
#   scripts/benchmark-pg-to-pg.sh [ROWS ...]        default: 1000000 10000000
#   mvn -B -pl job-runner -Pbenchmark verify [-Dbenchmark.rows="1000000 10000000"]
#
# Needs: PostgreSQL on $PGHOST:$PGPORT (default 127.0.0.1:5432, user postgres, trust auth), psql, java 17, and a
# packaged job-runner (built here with `mvn -pl job-runner package -DskipTests` when target/ has no jar).
# Creates and drops its own databases (bench_*_<pid>). Prints, per size: both times, the ratio end to end, and the
# ratio without JVM/Spark start-up (the runner's "Transfer done ... ms after Spark was ready" log line); and the
# job-runner start-up (JVM start -> Spark session ready).
# BENCH_JAVA_OPTS adds JVM options to the runner (e.g. "-XX:SharedArchiveFile=job-runner/target/job-runner.jsa").
# BENCH_KEEP=1 keeps the databases and logs (job-runner/target/benchmark.*) for inspection.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNNER="$ROOT/job-runner/target"
SCHEMA=${SYNCMASTER_SCHEMA_FILE:-$ROOT/../shared/spec/syncmaster_schema.sql}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
read -r -a SIZES <<< "$*"   # sizes may also come as one space-separated argument (Maven profile)
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 10000000)
FERNET_KEY=${BENCH_FERNET_KEY:-UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=}

META=bench_meta_$$
SRC=bench_src_$$
DST=bench_dst_$$
WORK=$(mktemp -d "$RUNNER/benchmark.XXXXXX" 2>/dev/null || mktemp -d)

log() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

cleanup() {
  for db in "$META" "$SRC" "$DST"; do q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
[ -n "${BENCH_KEEP:-}" ] || trap cleanup EXIT

if [ ! -f "$RUNNER/syncmaster-job-runner.jar" ] || [ ! -f "$RUNNER/jvm.options" ]; then
  log "packaging the job-runner"
  mvn -B -q -o -pl job-runner package -DskipTests
fi
[ -f "$SCHEMA" ] || { log "SyncMaster schema not found at $SCHEMA (set SYNCMASTER_SCHEMA_FILE)"; exit 1; }

for db in "$META" "$SRC" "$DST"; do q -d postgres -c "CREATE DATABASE $db"; done
q -d "$META" -f "$SCHEMA" >/dev/null

# Fernet-encrypt the target/source credentials with the runner's own classes (no Python needed).
cat > "$WORK/Encrypt.java" <<'JAVA'
public class Encrypt {
    public static void main(String[] args) {
        System.out.print(new io.syncmaster.worker.crypto.CredentialCipher(args[0]).encrypt(args[1]));
    }
}
JAVA
AUTH=$(java -cp "$RUNNER/lib/*" "$WORK/Encrypt.java" "$FERNET_KEY" '{"password": "", "type": "basic", "user": "postgres"}')

q -d "$META" <<SQL >/dev/null
INSERT INTO "user" (id, username, is_superuser, is_active) VALUES (1, 'bench', false, true);
INSERT INTO "group" (id, name, description, owner_id) VALUES (1, 'bench', '', 1);
INSERT INTO queue (id, name, slug, group_id, description) VALUES (1, 'bench', '1-bench', 1, '');
INSERT INTO connection (id, group_id, type, name, description, data) VALUES
  (1, 1, 'postgres', 'src', '', '{"host": "$PGHOST", "port": $PGPORT, "database_name": "$SRC", "additional_params": {}}'),
  (2, 1, 'postgres', 'dst', '', '{"host": "$PGHOST", "port": $PGPORT, "database_name": "$DST", "additional_params": {}}');
INSERT INTO auth_data (connection_id, value) VALUES (1, '$AUTH'), (2, '$AUTH');
INSERT INTO transfer (id, group_id, name, description, source_connection_id, target_connection_id, strategy_params,
  source_params, target_params, transformations, resources, is_scheduled, schedule, queue_id) VALUES
  (1, 1, 'bench', '', 1, 2, '{"type": "full"}', '{"type": "postgres", "table_name": "public.src"}',
   '{"type": "postgres", "table_name": "public.dst_runner"}', '[]',
   '{"max_parallel_tasks": 1, "cpu_cores_per_task": 1, "ram_bytes_per_task": 1073741824}', false, '', 1);
SQL

printf '\n%-10s %12s %12s %10s %14s %10s %12s\n' rows "psql-pipe-s" "runner-s" ratio "runner-xfer-s" "ratio-xfer" "startup-s"
for rows in "${SIZES[@]}"; do
  log "generating $rows source rows"
  q -d "$SRC" <<SQL >/dev/null
DROP TABLE IF EXISTS src;
CREATE TABLE src ("ID" integer, "PHONE_NUMBER" text, "REGION" text, "NUMBER" integer, "BIRTH_DATE" date,
                  "REGISTERED_AT" timestamp(6), "ACCOUNT_BALANCE" double precision);
INSERT INTO src SELECT g, '+7 (' || (g % 1000) || ') 555-' || lpad((g % 10000)::text, 4, '0'), 'Region ' || (g % 97), g,
  date '1950-01-01' + (g % 20000), timestamp '2000-01-01' + g * interval '1 second' + (g % 1000000) * interval '1 microsecond',
  (g % 100000) / 7.0
FROM generate_series(1, $rows) AS g;
VACUUM ANALYZE src;
SQL
  q -d "$DST" -c "DROP TABLE IF EXISTS dst_psql; DROP TABLE IF EXISTS dst_runner;
    CREATE TABLE dst_psql (\"ID\" integer, \"PHONE_NUMBER\" text, \"REGION\" text, \"NUMBER\" integer, \"BIRTH_DATE\" date,
                           \"REGISTERED_AT\" timestamp(6), \"ACCOUNT_BALANCE\" double precision); CHECKPOINT;"

  log "psql \\copy pipe"
  t0=$(now)
  psql -X -q -d "$SRC" -c '\copy src to stdout' | psql -X -q -d "$DST" -c '\copy dst_psql from stdin'
  t1=$(now)
  psql_s=$(elapsed "$t0" "$t1")
  q -d "$DST" -c "CHECKPOINT" >/dev/null

  log "job-runner"
  run_id=$(q -d "$META" -c "INSERT INTO run (transfer_id, status, type, transfer_dump) VALUES (1, 'CREATED', 'MANUAL', '{}') RETURNING id")
  t0=$(now)
  ( cd "$WORK" && SYNCMASTER__DATABASE__URL="postgresql+asyncpg://$PGUSER@$PGHOST:$PGPORT/$META" \
      SYNCMASTER__ENCRYPTION__SECRET_KEY="$FERNET_KEY" SYNCMASTER_CONFIG_FILE="$WORK/absent.yml" \
      java ${BENCH_JAVA_OPTS:-} @"$RUNNER/jvm.options" -jar "$RUNNER/syncmaster-job-runner.jar" run --run-id "$run_id" \
      --termination-log "$WORK/termination-log" > "$WORK/runner-$rows.log" 2>&1 ) \
    || { cat "$WORK/runner-$rows.log" >&2; exit 1; }
  t1=$(now)
  runner_s=$(elapsed "$t0" "$t1")
  xfer_ms=$(sed -n 's/.*Transfer done: .* in \([0-9]*\) ms after Spark was ready.*/\1/p' "$WORK/runner-$rows.log")
  ready_ms=$(sed -n 's/.*Spark ready: session start [0-9]* ms, JVM uptime \([0-9]*\) ms.*/\1/p' "$WORK/runner-$rows.log")
  xfer_s=$(awk -v m="$xfer_ms" 'BEGIN { printf "%.2f", m / 1000 }')
  startup_s=$(awk -v m="$ready_ms" 'BEGIN { printf "%.2f", m / 1000 }')

  # Same rows in both targets (row text hashed, order-independent).
  check="SELECT count(*) || ' ' || sum(hashtext(t::text)::bigint) FROM %s t"
  a=$(q -d "$DST" -c "$(printf "$check" dst_psql)")
  b=$(q -d "$DST" -c "$(printf "$check" dst_runner)")
  [ "$a" = "$b" ] || { log "MISMATCH: psql target '$a' vs runner target '$b'"; exit 1; }

  printf '%-10s %12s %12s %10s %14s %10s %12s\n' "$rows" "$psql_s" "$runner_s" "$(ratio "$runner_s" "$psql_s")" \
    "$xfer_s" "$(ratio "$xfer_s" "$psql_s")" "$startup_s"
done
