"""Times whole commands side by side, interleaved so that machine noise hits every case alike,
and prints p50/p95 per case and the ratios the issues set targets for."""
import os
import subprocess
import sys
import time

squall, data_dir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
venv_python = os.path.join(data_dir, "virtualenvs", "squall_bench", "bin", "python")

cases = {
    "bare fork+exec true": ["/bin/true"],
    "venv python -c pass": [venv_python, "-c", "pass"],
    "squall run core.noop (CLI start-up + record)": [squall, "run", "core.noop"],
    "squall run core.local cmd=true": [squall, "run", "core.local", "cmd=true"],
    "squall run squall_bench.trivial (python)": [squall, "run", "squall_bench.trivial"],
}

samples = {name: [] for name in cases}
for _ in range(runs):
    for name, argv in cases.items():
        start = time.perf_counter()
        completed = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = (time.perf_counter() - start) * 1000
        if completed.returncode != 0:
            sys.exit("benchmark case failed: %s (exit %d)" % (name, completed.returncode))
        samples[name].append(elapsed)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


p50 = {name: percentile(values, 0.50) for name, values in samples.items()}
p95 = {name: percentile(values, 0.95) for name, values in samples.items()}
print("%d runs each, interleaved (ms)" % runs)
print("%-48s %8s %8s" % ("case", "p50", "p95"))
for name in cases:
    print("%-48s %8.2f %8.2f" % (name, p50[name], p95[name]))

python_case = "squall run squall_bench.trivial (python)"
bare_python = "venv python -c pass"
noop = "squall run core.noop (CLI start-up + record)"
local = "squall run core.local cmd=true"
true_case = "bare fork+exec true"
print()
print("python action / bare venv python:            %5.2fx  (target <= 5x; st2's wrapper alone ~17x)"
      % (p50[python_case] / p50[bare_python]))
print("python action minus CLI start-up / bare python: %5.2fx" % ((p50[python_case] - p50[noop]) / p50[bare_python]))
overhead = p50[local] - (p50[noop] + p50[true_case])
print("core.local true - (CLI start-up + bare true):  %+6.2f ms (target <= 3 ms)" % overhead)
