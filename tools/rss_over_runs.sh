#!/usr/bin/env bash
# Prints the reference server's resident memory (RSS) after each of N whole-suite runs
# against one long-lived `conform serve`, to show whether its memory stays flat.
#   tools/rss_over_runs.sh [RUNS]        (default 10; uses target/release/conform if built, else target/debug/conform)
# Env: CONFORM_BIN (the conform binary to use), PORT (default 18765).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
bin="${CONFORM_BIN:-}"
if [ -z "$bin" ]; then
  if [ -x target/release/conform ]; then bin=target/release/conform; else bin=target/debug/conform; fi
fi
[ -x "$bin" ] || { echo "no conform binary at $bin: run cargo build --release first" >&2; exit 2; }
port="${PORT:-18765}"
work="$(mktemp -d)"
key="rss-$(date +%s)-$$"
"$bin" serve --listen "127.0.0.1:$port" --api-key "$key" --data "$work/data" --rate-limit-window-scale 0.2 >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/v1/ping" -H 'X-Appwrite-Project: conform' >/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$server/status"; }
echo "binary $bin; server pid $server; RSS at start: $(rss)"
for run in $(seq "$runs"); do
  start=$(date +%s)
  set +e
  "$bin" run --quiet --endpoint "http://127.0.0.1:$port/v1" --project conform --key "$key" \
    --capability fast-rate-windows --capability email-delivery --capability large-files \
    --reports "$work/reports" >"$work/run.log" 2>&1
  status=$?
  set -e
  passed=$(grep -o '"passed": *[0-9]*' "$work/reports/latest/summary.json" | head -1 | grep -o '[0-9]*$' || echo '?')
  echo "run $run: exit $status, $passed passed, $(( $(date +%s) - start )) s; RSS $(rss); data $(du -sm "$work/data" | cut -f1) MB"
done
