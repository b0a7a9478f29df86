#!/usr/bin/env bash
# Load benchmark of the Thaw service (issue 6 item 7): an ML-1M MeLU model behind `thaw serve`
# (SQLite store), USERS users with RATINGS ratings each, then wrk on loopback for DURATION seconds
# against GET /v1/users/{id}/recommendations (rotating over the users), optionally interleaving
# one rating write for a random user every WRITE_EVERY requests (each invalidates that user's cached adaptation).
# Prints a table (stderr) and JSON (stdout); everything goes to OUT (default runs/service-load-<time>).
#
#   bench/service-load.sh [--model DIR] [--users 200] [--ratings 5] [--duration 60] [--threads 1]
#                         [--connections 8] [--write-every 0] [--seed 2019] [--out DIR]
#
# Without --model it trains one first: ./thaw melu train --preset TUNED --seconds 60 on $THAW_DATA (ML-1M).
# Needs wrk (Debian: apt-get install wrk) and python3. Not part of scripts/test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="" users=200 ratings=5 duration=60 threads=1 connections=8 write_every=0 seed=2019 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    --ratings) ratings="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --write-every) write_every="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "service-load: unknown option '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "service-load: wrk not found (Debian: apt-get install wrk)" >&2; exit 1; }
out="${out:-$root/runs/service-load-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
if [ -z "$model" ]; then
  echo "service-load: no --model; training MeLU on ML-1M for 60 s into $out/train" >&2
  "$root/thaw" melu train --preset TUNED --seconds 60 --out "$out/train" --json > "$out/train.json"
  model="$out/train/model"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
api_key="bench-$RANDOM$RANDOM"
"$root/thaw" serve --model "$model" --port "$port" --store "sqlite:$out/store.db" --api-key "$api_key" \
  > "$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 240); do
  curl -fs "$url/ready" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "service-load: the server exited; see $out/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$url/ready" >/dev/null || { echo "service-load: the server was not ready after 120 s; see $out/server.log" >&2; exit 1; }

echo "service-load: creating $users users with $ratings ratings each..." >&2
python3 "$root/bench/service_load.py" setup "$url" "$out" "$users" "$ratings" "$seed" "$api_key"
echo "service-load: wrk -t$threads -c$connections -d${duration}s, one write every $write_every requests (0: none)..." >&2
server_cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }  # user + system clock ticks
cpu_before=$(server_cpu)
log_lines_before=$(wc -l < "$out/server.log")
TIMEFORMAT='%U %S'
{ time USERS_FILE="$out/users.txt" ITEMS_FILE="$out/items.txt" K=10 WRITE_EVERY="$write_every" API_KEY="$api_key" \
  wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 5s -s "$root/bench/service-load.lua" "$url" \
  > "$out/wrk.txt"; } 2> "$out/wrk-cpu.txt"
server_cpu_s=$(awk -v a="$cpu_before" -v b="$(server_cpu)" -v hz="$(getconf CLK_TCK)" 'BEGIN {print (b - a) / hz}')
wrk_cpu_s=$(awk '{print $1 + $2}' "$out/wrk-cpu.txt")
tail -n 1 "$out/wrk.txt" > "$out/wrk.json"
config=$(printf '{"model":"%s","users":%d,"ratings_per_user":%d,"duration_s":%d,"wrk_threads":%d,"connections":%d,"write_every":%d,"seed":%d,"store":"sqlite","k":10}' \
  "$model" "$users" "$ratings" "$duration" "$threads" "$connections" "$write_every" "$seed")
python3 "$root/bench/service_load.py" report "$out" "$config" "$server_cpu_s" "$wrk_cpu_s" "$log_lines_before"
