#!/usr/bin/env bash
# Benchmark: end-to-end execution cost against baselines measured in the same run.
set -euo pipefail
squall="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
# A fresh data dir outside /tmp, like the default one (~/.local/share/squall): a Python child binds its
# run directory (under the data dir) into its view, and one under /tmp would nest inside the child's
# private /tmp, which costs mountpoint directories on the host per launch (measured ~4 ms).
export SQUALL_DATA_DIR="${BENCH_DATA_DIR:-$(mktemp -d /var/tmp/squall-bench-XXXXXX)}"
if [ -z "${BENCH_DATA_DIR:-}" ]; then trap 'rm -rf "$SQUALL_DATA_DIR"' EXIT; fi
export SQUALL_PACKS_PATH="$root/Tests/Fixtures/packs"
# Build the bench pack's virtualenv before timing anything.
"$squall" run squall_bench.trivial >/dev/null
/usr/bin/python3 "$root/scripts/bench.py" "$squall" "$SQUALL_DATA_DIR" "${BENCH_RUNS:-40}"
echo
# How soon a running server has a fired trigger's rule enforced (CLI and database only: runs
# against an older build too, `scripts/bench_trigger_latency.py OLD-SQUALL DATA-DIR 30`, for A/B).
/usr/bin/python3 "$root/scripts/bench_trigger_latency.py" "$squall" "$SQUALL_DATA_DIR" "${BENCH_FIRES:-30}"
echo
# Warm per-pack hosts off and on through squall server (executions/s, one-at-a-time latency, host RSS).
/usr/bin/python3 "$root/scripts/bench_warm_hosts.py" "$squall" "$SQUALL_DATA_DIR" "${BENCH_WARM_EXECUTIONS:-300}"
echo
# `squall run` handed to a running server (warm host) against the CLI running it itself, same run.
/usr/bin/python3 "$root/scripts/bench_handoff.py" "$squall" "$SQUALL_DATA_DIR" "${BENCH_HANDOFF_RUNS:-40}"
# Warm host memory: host RSS, USS of one forked execution, idle-then-busy cycles (growth of RSS and fds).
/usr/bin/python3 "$root/scripts/bench_warm_memory.py" "$squall" "$SQUALL_DATA_DIR" "${BENCH_WARM_CYCLES:-1000}"
echo
# Per-child launch cost: the full sandbox against bare posix_spawn and bubblewrap, in one process.
if [ ! -x /usr/bin/bwrap ] && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null 2>&1 || echo "(bubblewrap not installed: no bwrap baseline)"
fi
"$squall" sandbox bench --runs "${BENCH_LAUNCHES:-300}"
echo
# The server's match-and-render path through 100 rules, and an idle Python sensor's memory.
"$squall" bench-server --instances "${BENCH_INSTANCES:-20000}" --rounds "${BENCH_ROUNDS:-5}" --sensor squall_tests.Passive
echo
# The HTTP API with wrk: a list route against a bare route on the same stack, and p99 under load.
/usr/bin/python3 "$root/scripts/bench_api.py" "$squall" "$SQUALL_DATA_DIR" "${BENCH_API_SECONDS:-10}"
# Orquesta workflows against their tasks' own executions (one engine, same run), and inspecting a large graph.
"$squall" bench-workflows --rounds "${BENCH_WORKFLOW_ROUNDS:-5}"
