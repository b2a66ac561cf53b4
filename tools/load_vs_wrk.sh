#!/usr/bin/env bash
# Request rate of `conform load --scenario ping` against wrk's, on one machine.
#
# Starts one release `conform serve`, then per round runs back to back against it, each for
# the same duration: wrk (-t2 -c32), conform load in the closed model (32 goose users),
# conform load in the open model at OPEN_RATE (above what the server can serve, so it
# measures the executor's ceiling), and the open model at SUSTAINED_SHARE of that round's
# wrk rate (a rate the server keeps up with). Prints one row per round: the ratios to that
# round's wrk; for the overloaded open run its corrected median beside what wrk2's queue
# model predicts (arrival i is served at i/C and was due at i/R, so the median waits
# T/2 * (R/C - 1), plus the uncorrected median); for the sustained run the late starts and
# the corrected and uncorrected p99.
#
#   tools/load_vs_wrk.sh [ROUNDS] [SECONDS] [OPEN_RATE]   (defaults 3, 10, 100000)
#   SUSTAINED_SHARE=0.3 tools/load_vs_wrk.sh          (the default share)
#   PIN=1 tools/load_vs_wrk.sh          server on core 0, the load generator on core 1
#
# Needs wrk, curl and jq, and a release build (cargo build --release). Prints `uptime` too:
# the numbers only mean something on an otherwise quiet machine.
set -euo pipefail

rounds=${1:-3}
seconds=${2:-10}
open_rate=${3:-100000}
sustained_share=${SUSTAINED_SHARE:-0.3}
port=${PORT:-18080}
root=$(cd "$(dirname "$0")/.." && pwd)
conform=${CONFORM:-$root/target/release/conform}
[ -x "$conform" ] || { echo "no $conform: run cargo build --release first" >&2; exit 2; }
for tool in wrk curl jq; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

if [ "${PIN:-0}" = 1 ]; then
    server_cpu=(taskset -c 0)
    client_cpu=(taskset -c 1)
    setup="pinned: server on core 0, load generator on core 1"
else
    server_cpu=()
    client_cpu=()
    setup="unpinned: server and load generator share both cores"
fi

work=$(mktemp -d)
"${server_cpu[@]}" "$conform" serve --listen "127.0.0.1:$port" --api-key loadkey --data "$work/data" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/v1/health/version" >/dev/null && break
    sleep 0.1
done

url="http://127.0.0.1:$port/v1"
# One `conform load` run's transactions per second, late starts in %, and ping's corrected
# and uncorrected p50 and p99 in ms.
conform_load() {
    local reports="$work/reports-$RANDOM"
    "${client_cpu[@]}" "$conform" load --scenario ping --endpoint "$url" --project conform --key loadkey \
        --duration "${seconds}s" --reports "$reports" -q "$@" >"$work/load.log" 2>&1 ||
        { cat "$work/load.log" >&2; exit 1; }
    local summary
    summary=$(find "$reports" -name summary.json | head -1)
    jq -r '[.throughput.transactions_per_sec, (if .scheduled > 0 then 100 * .late_starts / .scheduled else 0 end),
        .transactions.ping.corrected.p50_ms, .transactions.ping.uncorrected.p50_ms,
        .transactions.ping.corrected.p99_ms, .transactions.ping.uncorrected.p99_ms] | @tsv' "$summary"
}

echo "GET /v1/ping, ${seconds} s each, $setup"
echo "uptime before: $(uptime)"
printf '| round | wrk -t2 -c32 | closed, 32 users | ratio | open, --rate %s | ratio | corrected p50, measured / wrk2 model | sustained rate | late starts | p99 corrected / uncorrected |\n' "$open_rate"
echo '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
for round in $(seq "$rounds"); do
    wrk_rate=$("${client_cpu[@]}" wrk -t2 -c32 -d"${seconds}s" -H 'X-Appwrite-Project: conform' "$url/ping" |
        awk '/^Requests\/sec:/ {print $2}')
    read -r closed _ < <(conform_load --users 32)
    read -r open _ open_p50 open_u50 _ < <(conform_load --rate "$open_rate")
    model_p50=$(echo "$seconds * 1000 / 2 * ($open_rate / $open - 1) + $open_u50" | bc -l)
    sustained=$(echo "$wrk_rate * $sustained_share" | bc -l | cut -d. -f1)
    read -r _ late _ _ s_p99 s_u99 < <(conform_load --rate "$sustained")
    printf '| %s | %.0f | %.0f | **%.2f** | %.0f | **%.2f** | %.0f / %.0f ms | %s/s | %.2f %% | %.2f / %.2f ms |\n' "$round" "$wrk_rate" "$closed" \
        "$(echo "$closed / $wrk_rate" | bc -l)" "$open" "$(echo "$open / $wrk_rate" | bc -l)" "$open_p50" "$model_p50" \
        "$sustained" "$late" "$s_p99" "$s_u99"
done
echo "uptime after: $(uptime)"
