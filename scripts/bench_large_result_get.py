"""`squall execution get` of a big stored result (issues 11 and 15): stores a result of SIZE bytes
(4 MiB by default, squall_bench.large_result) through a real Python child, then times `execution
get` of it, text and -j, interleaved, RUNS times each: wall p50, CPU p50 (on a loaded machine the
wall time is mostly waiting for a core), peak RSS (max over runs) and bytes printed. Several
binaries given as SQUALL[,SQUALL...] read the same record, side by side, and must print the same
bytes. Usage: bench_large_result_get.py SQUALL[,SQUALL...] DATA_DIR [SIZE] [RUNS]"""
import os
import resource
import shutil
import subprocess
import sys
import time
import json

binaries, data_dir = sys.argv[1].split(","), sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 4 << 20
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 9
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
packs = os.path.join(data_dir, "get-bench-packs")
shutil.rmtree(packs, ignore_errors=True)
os.makedirs(packs)
shutil.copytree(os.path.join(root, "Tests", "Fixtures", "packs", "squall_bench"), os.path.join(packs, "squall_bench"))
env = dict(os.environ, SQUALL_DATA_DIR=data_dir, SQUALL_PACKS_PATH=packs)

done = subprocess.run([binaries[0], "run", "squall_bench.large_result", "size=%d" % size, "-j"], env=env,
                      stdout=subprocess.PIPE, check=True)
execution_id = json.loads(done.stdout)["id"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


samples = {}
printed = {}
for _ in range(runs):
    for binary in binaries:
        for flag in ([], ["-j"]):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            shown = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "execution", "get", execution_id] + flag, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
            peak = int(shown.stderr.decode().strip().splitlines()[-1])
            key = (binary, " ".join(flag) or "text")
            samples.setdefault(key, []).append((wall, cpu, peak))
            printed.setdefault(key[1], set()).add(shown.stdout)

load = os.getloadavg()
print("`squall execution get` of a %d-byte result, p50 of %d interleaved runs (load %.2f %.2f %.2f)"
      % (size, runs, load[0], load[1], load[2]))
for (binary, form), values in samples.items():
    print("  %-40s %-4s wall %.3f s  CPU %.3f s  peak RSS %d kB"
          % (binary[-40:], form, percentile([v[0] for v in values], 0.5), percentile([v[1] for v in values], 0.5),
             max(v[2] for v in values)))
for form, outputs in printed.items():
    print("  %s: %s (%d bytes)" % (form, "same bytes from every binary" if len(outputs) == 1 else "OUTPUTS DIFFER",
                                   len(next(iter(outputs)))))
