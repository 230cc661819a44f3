#!/usr/bin/env bash
# The platform speed benchmark (issue 3): one platform on loopback with an SQLite store in a temp dir, and
# `mcscale load` against it on the same machine. Prints throughput, latency and each side's CPU per request.
#
#   bench/platform-load.sh [USERS] [SECONDS]        e.g. bench/platform-load.sh 32 20
#
# Environment: PORT (18736), WARM_UP (20: a separate load run that warms the platform's JIT first),
# LOAD_WARM_UP (10: `load --warm-up`, which warms the load generator's JIT; its figures are dropped),
# PLATFORM_ARGS (extra `mcscale platform` options, e.g. "--workers 4").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
users=${1:-32}
seconds=${2:-20}
port=${PORT:-18736}
url="http://127.0.0.1:$port"
data="$(mktemp -d)"
out="$(mktemp -d)"
trap 'kill "$platform" 2>/dev/null || true; rm -rf "$data" "$out"' EXIT

# --user-quota: each user has at most one job queued, but the default quota would still be checked; keep it out of the way.
"$root/bin/mcscale" platform --host 127.0.0.1 --port "$port" --data-dir "$data" --user-quota 1000 ${PLATFORM_ARGS:-} \
  >"$out/platform.log" 2>&1 &
platform=$!
for _ in $(seq 1 150); do curl -sf "$url/api/health" >/dev/null && break; sleep 0.2; done
curl -sf "$url/api/health" >/dev/null || { echo "the platform did not start; see its log:" >&2; cat "$out/platform.log" >&2; exit 1; }

# The platform's own CPU (utime + stime, in clock ticks) and the requests it answered, from /proc and /metrics.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$(pgrep -f "port $port" | head -1)/stat"; }
answered() { curl -s "$url/metrics" | awk '/^mcscale_http_request_duration_seconds_count/ {n += $2} END {printf "%d", n}'; }

"$root/bin/mcscale" load --url "$url" --users "$users" --duration "${WARM_UP:-20}" --paths 1000 --poll-ms 10 --json >/dev/null
ticks0=$(cpu_ticks); answered0=$(answered)
# bash's `times` in a subshell: the user and system CPU of the load generator alone (the subshell's children).
( "$root/bin/mcscale" load --url "$url" --users "$users" --warm-up "${LOAD_WARM_UP:-10}" --duration "$seconds" \
    --paths 1000 --poll-ms 10 --json >"$out/load.json"; times >"$out/load-cpu" )
ticks1=$(cpu_ticks); answered1=$(answered)

python3 - "$out" "$ticks0" "$ticks1" "$answered0" "$answered1" "$(getconf CLK_TCK)" <<'PY'
import json, re, sys
out, t0, t1, a0, a1, hz = sys.argv[1], *map(int, sys.argv[2:])
children = open(out + "/load-cpu").read().splitlines()[1]  # e.g. "0m15.470s 0m5.340s"
user, system = (int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", children))
report = json.load(open(out + "/load.json"))
latency = report["latency_ms"]
answered = a1 - a0
print(f"{report['requests_per_second']:.0f} requests/s ({report['requests']} requests, {report['submitted']} submits), "
      f"{report['succeeded']} simulations, {report['errors']} errors, {report['lost']} lost, {report['throttled']} throttled")
for kind in ("all", "poll", "submit"):
    s = latency[kind]
    print(f"  {kind:6s} ms  p50 {s['p50']:.2f}  p90 {s['p90']:.2f}  p99 {s['p99']:.2f}  p99.9 {s['p999']:.2f}  max {s['max']:.1f}")
print(f"CPU per request (warm-up included, {answered} requests): platform {(t1 - t0) / hz * 1e6 / answered:.0f} us, "
      f"load generator {(user + system) * 1e6 / answered:.0f} us")
PY
