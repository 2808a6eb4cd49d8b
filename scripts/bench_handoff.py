"""`squall run` handed to a running server (its warm host) against the CLI running it itself.

With one `squall server` on the data directory, interleaved: `squall run squall_bench.trivial`
and `squall run core.noop` handed to the server, and both again with `run_via_server` off (the CLI
runs them itself, as with no server). Prints p50/p95 per case and the issue's figure: the handed
trivial Python action against core.noop. Usage: bench_handoff.py SQUALL DATA_DIR RUNS"""
import os
import shutil
import socket
import subprocess
import sys
import time

squall, data_dir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
packs = os.path.join(data_dir, "handoff-bench-packs")
shutil.rmtree(packs, ignore_errors=True)
shutil.copytree(os.path.join(root, "Tests", "Fixtures", "packs", "squall_bench"), os.path.join(packs, "squall_bench"))
env = dict(os.environ, SQUALL_DATA_DIR=data_dir, SQUALL_PACKS_PATH=packs)
local_env = dict(env, SQUALL_RUN_VIA_SERVER="false")
subprocess.run([squall, "run", "squall_bench.trivial"], env=local_env, stdout=subprocess.DEVNULL, check=True)


def server_answers():
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(os.path.join(data_dir, "control.sock"))
            conn.sendall(b'{"op": "ping"}\n')
            return b'"ok":true' in conn.recv(4096).replace(b" ", b"")
    except OSError:
        return False


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


server = subprocess.Popen([squall, "server", "--log-level", "warning"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    deadline = time.time() + 120
    while not server_answers():
        if server.poll() is not None or time.time() > deadline:
            sys.exit("bench_handoff: the server did not start")
        time.sleep(0.05)
    cases = {
        "handed to the server: squall_bench.trivial": ([squall, "run", "squall_bench.trivial"], env),
        "handed to the server: core.noop": ([squall, "run", "core.noop"], env),
        "CLI itself: squall_bench.trivial": ([squall, "run", "squall_bench.trivial"], local_env),
        "CLI itself: core.noop": ([squall, "run", "core.noop"], local_env),
    }
    # The first handed run starts the pack's warm host: not timed.
    for argv, case_env in cases.values():
        subprocess.run(argv, env=case_env, stdout=subprocess.DEVNULL, check=True)
    samples = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, case_env) in cases.items():
            start = time.perf_counter()
            completed = subprocess.run(argv, env=case_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed = (time.perf_counter() - start) * 1000
            if completed.returncode != 0:
                sys.exit("bench_handoff: case failed: %s (exit %d)" % (name, completed.returncode))
            samples[name].append(elapsed)
finally:
    server.terminate()
    server.wait()

p50 = {name: percentile(values, 0.50) for name, values in samples.items()}
p95 = {name: percentile(values, 0.95) for name, values in samples.items()}
print("squall run through a running server: %d runs each, interleaved (ms), load %.1f" % (runs, os.getloadavg()[0]))
print("%-48s %8s %8s" % ("case", "p50", "p95"))
for name in cases:
    print("%-48s %8.2f %8.2f" % (name, p50[name], p95[name]))
handed = "handed to the server: squall_bench.trivial"
print()
print("handed trivial python - CLI itself core.noop:  %+6.2f ms p50, %+6.2f ms p95 (goal <= 2 ms)"
      % (p50[handed] - p50["CLI itself: core.noop"], p95[handed] - p95["CLI itself: core.noop"]))
print("handed trivial python - handed core.noop:      %+6.2f ms p50" % (p50[handed] - p50["handed to the server: core.noop"]))
print("handed trivial python / CLI itself trivial:     %5.2fx p50" % (p50[handed] / p50["CLI itself: squall_bench.trivial"]))
