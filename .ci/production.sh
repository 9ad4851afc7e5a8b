#!/usr/bin/env bash
# The production shape on this machine: Django's deployment check, collectstatic with the manifest storage,
# gunicorn and a Celery worker with production settings against PostgreSQL and Redis; /health/ and pages
# answer 200; schemathesis against the OpenAPI schema; a bounded load test while two reports are ingested;
# a PostgreSQL backup restored into a new database still holds the published report.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${CI_PRODUCTION_PORT:-8790}"
DB="${CI_PRODUCTION_DB:-ci_production}"
RESTORED="${DB}_restored"
WORK="$(mktemp -d)"
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY="ci-$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export CELERY_BROKER_URL="${CI_PRODUCTION_BROKER_URL:-redis://127.0.0.1:6379/14}"
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
PY=.venv/bin/python
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  dropdb -h 127.0.0.1 -U postgres --if-exists "$RESTORED" || true
  dropdb -h 127.0.0.1 -U postgres --if-exists "$DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== production: manage.py check --deploy"
$PY manage.py check --deploy --fail-level WARNING

# Plain HTTP on the loopback from here on (TLS is the proxy's). The load test's 50 readers share one address, so
# neither API throttle (anonymous and per-user, both keyed by address for anonymous readers) applies to them.
export SECURE_SSL_REDIRECT=false API_THROTTLE_ANON=1000000/minute API_THROTTLE_USER=1000000/minute

echo "== production: collectstatic (manifest storage), migrate"
$PY manage.py collectstatic --noinput -v 0
dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
$PY manage.py migrate --noinput -v 0
$PY -m celery -A config purge -f >/dev/null

echo "== production: gunicorn and a Celery worker"
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 3 --timeout 60 --log-level warning &
PIDS+=($!)
$PY -m celery -A config worker --concurrency 1 --loglevel warning >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/" && break
  sleep 1
done
for path in /health/ / /compare/ /api/reports/ /api/schema/ /api/docs/ /static/vendor/chartjs/chart.umd.min.js; do
  status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")"
  echo "GET $path -> $status"
  [ "$status" = 200 ] || { echo "production: $path answered $status" >&2; exit 1; }
done

echo "== production: a published report"
$PY manage.py shell -c "
from pathlib import Path
from disclosures.services import report_publish
from ingestion.services import ingest_path
job = ingest_path(path=Path('samples/pdfs/hongshan-2024-budget.pdf'))
report_publish(report=job.report)
print('published report', job.report.pk)
"
report_id="$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select min(id) from disclosures_report where status = 'published'")"

echo "== production: schemathesis against /api/schema/"
.venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/schema/" --checks not_a_server_error \
  --max-examples "${CI_SCHEMATHESIS_EXAMPLES:-15}" --request-timeout 30 --no-color

echo "== production: load test while two reports are ingested"
$PY manage.py shell -c "
from pathlib import Path
from ingestion.services import job_create_from_path
for name in ('jiangan-2023-final.pdf', 'hanyang-2023-final.pdf'):
    print('queued', job_create_from_path(path=Path('samples/pdfs') / name).job.pk)
"
$PY .ci/load_test.py "http://127.0.0.1:$PORT" --readers 50 --seconds "${CI_LOAD_SECONDS:-60}" \
  / "/reports/$report_id/" /compare/ /api/reports/ "/api/reports/$report_id/" /api/line-items/?page_size=50 /search/?q=洪山
for _ in $(seq 1 120); do
  unfinished="$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select count(*) from ingestion_ingestionjob where status in ('pending', 'running')")"
  [ "$unfinished" = 0 ] && break
  sleep 1
done
ingested="$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select count(*) from ingestion_ingestionjob where status = 'succeeded'")"
echo "jobs succeeded: $ingested of 3"
[ "$ingested" = 3 ] || { echo "production: the reports ingested under load did not all succeed" >&2; exit 1; }

echo "== production: backup and restore of PostgreSQL"
pg_dump -h 127.0.0.1 -U postgres -Fc -f "$WORK/backup.dump" "$DB"
dropdb -h 127.0.0.1 -U postgres --if-exists "$RESTORED"
createdb -h 127.0.0.1 -U postgres "$RESTORED"
pg_restore -h 127.0.0.1 -U postgres --no-owner -d "$RESTORED" "$WORK/backup.dump"
fingerprint="select r.id, r.status, count(v.id), coalesce(sum(v.amount), 0)
  from disclosures_report r
  join disclosures_disclosuretable t on t.report_id = r.id
  join disclosures_lineitem l on l.table_id = t.id
  join disclosures_linevalue v on v.line_id = l.id
  where r.id = $report_id group by r.id, r.status"
before="$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "$fingerprint")"
after="$(psql -h 127.0.0.1 -U postgres -d "$RESTORED" -tAc "$fingerprint")"
echo "published report before: $before; after restore: $after"
[ -n "$before" ] && [ "$before" = "$after" ] || { echo "backup/restore lost the published report" >&2; exit 1; }
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$RESTORED" $PY manage.py shell -c "
from disclosures.models import Report
report = Report.objects.get(pk=$report_id)
assert report.status == 'published', report.status
print('restored:', report)
"
echo "production: all checks passed"
