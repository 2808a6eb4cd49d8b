#!/usr/bin/env bash
# Benchmark: end-to-end execution cost against baselines measured in the same run.
set -euo pipefail
squall="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
export SQUALL_DATA_DIR="${BENCH_DATA_DIR:-$(mktemp -d /tmp/squall-bench-XXXXXX)}"
export SQUALL_PACKS_PATH="$root/Tests/Fixtures/packs"
# Build the bench pack's virtualenv before timing anything.
"$squall" run squall_bench.trivial >/dev/null
exec /usr/bin/python3 "$root/scripts/bench.py" "$squall" "$SQUALL_DATA_DIR" "${BENCH_RUNS:-40}"
