#!/usr/bin/env bash
# Public pages per second on ONE gunicorn worker (one core), measured with wrk (Debian's package): each page
# served from its cached copy (Redis), then rendered at every request (copies off). docs/scaling.md gives
# the figures. On the bench's database (manage.py bench_scale --keep):
#   DATABASE_URL=postgres://…/concerto_bench REDIS_URL=redis://127.0.0.1:6379/12 \
#     bash deploy/bench-public-wrk.sh bench-scale [seconds]
# The Redis database given is emptied before each part.
set -euo pipefail
cd "$(dirname "$0")/.."
code="${1:?a program code, e.g. bench-scale}"
seconds="${2:-20}"
: "${DATABASE_URL:?set DATABASE_URL to the bench database}" "${REDIS_URL:?set REDIS_URL to a Redis database to empty}"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-bench-only-$RANDOM$RANDOM}" DJANGO_ALLOWED_HOSTS=127.0.0.1
port=8765
.venv/bin/python manage.py collectstatic --noinput -v0
for mode in cached rendered; do
  if [ "$mode" = cached ]; then export CONCERTO_PUBLIC_CACHE_SECONDS=600; else export CONCERTO_PUBLIC_CACHE_SECONDS=0; fi
  redis-cli -u "$REDIS_URL" flushdb >/dev/null
  .venv/bin/gunicorn config.wsgi -w 1 -b "127.0.0.1:$port" --log-level warning &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  sleep 4
  for path in /public/ "/public/$code/"; do
    # The load balancer's header: the pages are served over HTTPS in production.
    curl -s -o /dev/null -w "$mode $path: %{http_code}, %{size_download} bytes\n" -H "X-Forwarded-Proto: https" \
      "http://127.0.0.1:$port$path"
    wrk -t1 -c4 -d"${seconds}s" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port$path" \
      | grep -E "Requests/sec|Latency|Non-2xx"
  done
  kill "$server"
  wait "$server" 2>/dev/null || true
done
uptime
