#!/usr/bin/env bash
# Fuzzes one target of Fuzz/ (or "all") with libFuzzer for SECONDS each; exits non-zero on the
# first crash, trap, leak, timeout or out-of-memory, leaving the input in .build-fuzz/crashes/.
#
# Usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer options...]
#
# The targets are SwiftPM executables that exist only with SQUALL_FUZZ=1 (see Package.swift),
# built in their own scratch path so every module they use is compiled with libFuzzer's coverage
# instrumentation and AddressSanitizer, without disturbing .build. Not -sanitize=fuzzer: SwiftPM
# renames an executable's main (for testable executables) and -sanitize=fuzzer links libFuzzer's
# own main whole, so the link fails either way; instead the same instrumentation
# (-sanitize-coverage as -fsanitize=fuzzer sets it) plus libFuzzer without its main, which each
# target's main calls (LLVMFuzzerRunDriver). Release: WMO-optimized code fuzzes several times faster.
# The corpus grows in .build-fuzz/corpus/TARGET across runs; seeds come from the test fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin" SQUALL_FUZZ=1
# A trap goes straight to libFuzzer (the Swift backtracer, reading memory under ASan, muddles the report).
export SWIFT_BACKTRACE=enable=no
# No LeakSanitizer at exit either (see -detect_leaks below).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

TARGETS=(FuzzYAMLRules FuzzTemplates FuzzCriteria FuzzChildMessage FuzzYAQL FuzzWorkflows FuzzAPIBodies FuzzLargeResult)
[[ $# -ge 2 ]] || { echo "usage: $0 TARGET|all SECONDS [libFuzzer options]" >&2; exit 2; }
what=$1 seconds=$2; shift 2
if [[ $what == all ]]; then targets=("${TARGETS[@]}"); else targets=("$what"); fi

SCRATCH=.build-fuzz
LIBFUZZER=$(ls /opt/swift/usr/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -1)
mkdir -p "$SCRATCH"
build=(swift build -c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=address
       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xlinker "$LIBFUZZER" -Xlinker -lstdc++)
for target in "${targets[@]}"; do
    [[ -d Fuzz/$target ]] || { echo "fuzz.sh: no target Fuzz/$target (have: ${TARGETS[*]})" >&2; exit 2; }
    "${build[@]}" --product "$target" >"$SCRATCH/build.log" 2>&1 \
        || { grep -E "error" "$SCRATCH/build.log" >&2; echo "fuzz.sh: cannot build $target" >&2; exit 1; }
done
bin=$("${build[@]}" --show-bin-path)

for target in "${targets[@]}"; do
    corpus=$SCRATCH/corpus/$target seeds=$SCRATCH/seeds/$target crashes=$SCRATCH/crashes/$target/
    mkdir -p "$corpus" "$crashes"
    scripts/fuzz-seeds.py "$target" "$seeds"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one taking 2 GB is a blow-up.
    # Both are failures, as the issue asks: no input may hang or exhaust a squall process.
    # -detect_leaks=0: LeakSanitizer reports the Swift runtime's and the template cache's
    # allocations as leaks of whichever input came first; a leak is not what this hunts.
    "$bin/$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$crashes" "$@" 2>"$SCRATCH/$target.log" \
        || { tail -60 "$SCRATCH/$target.log"; echo "fuzz.sh: $target failed; input saved in $crashes" >&2; exit 1; }
    grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$SCRATCH/$target.log" | sed "s/^/$target: /"
done
