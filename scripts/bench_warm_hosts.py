"""Executions per second and latency through `squall server`, warm hosts off and on, side by side,
against two baselines measured in the same run: the pack venv's bare `python -c pass` started two
at a time (issue 11's yardstick, goal 5x) and a warmed interpreter that merely os.fork()s children
that exit at once, two at a time (the ceiling of a fork-per-execution design).

A rule runs the trivial Python action squall_bench.trivial for each of N trigger instances, fired
over one control-socket connection as fast as the server accepts them, with the server's default
settings (BENCH_WARM_CONCURRENCY sets --concurrency). Per setting: executions per second (N over
first start to last end, from the store), latency p50/p95 of one execution (fire to recorded end,
one at a time, LATENCY_RUNS of them), CPU per execution over the N (the whole tree and the
server alone: bench_tree_cpu) and the warm host's RSS. Last, a 4 MiB JSON result
(squall_bench.large_result) is stored and read back with `squall execution get` (goal < 0.2 s;
st2 issue 4798: ~20 s). Usage: bench_warm_hosts.py SQUALL DATA_DIR N [LATENCY_RUNS]"""
import json
import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

from bench_tree_cpu import TreeCPU, process_seconds

squall, data_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
latency_runs = int(sys.argv[4]) if len(sys.argv) > 4 else 40
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
packs = os.path.join(data_dir, "warm-bench-packs")
shutil.rmtree(packs, ignore_errors=True)
fixtures = os.path.join(root, "Tests", "Fixtures", "packs")
os.makedirs(os.path.join(packs, "squall_tests"))
shutil.copy(os.path.join(fixtures, "squall_tests", "pack.yaml"), os.path.join(packs, "squall_tests"))
shutil.copytree(os.path.join(fixtures, "squall_tests", "triggers"), os.path.join(packs, "squall_tests", "triggers"))
shutil.copytree(os.path.join(fixtures, "squall_bench"), os.path.join(packs, "squall_bench"))
os.makedirs(os.path.join(packs, "squall_tests", "rules"))
with open(os.path.join(packs, "squall_tests", "rules", "warm_bench.yaml"), "w") as f:
    f.write("name: warm_bench\npack: squall_tests\nenabled: true\n"
            "trigger:\n  type: squall_tests.manual\naction:\n  ref: squall_bench.trivial\n")
base_env = dict(os.environ, SQUALL_DATA_DIR=data_dir, SQUALL_PACKS_PATH=packs)
subprocess.run([squall, "run", "squall_bench.trivial"], env=base_env, stdout=subprocess.DEVNULL, check=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None


def warm_host_pids():
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as handle:
                    argv = handle.read().split(b"\0")
                    # The interpreter itself, not the squall-init above it.
                    if len(argv) > 2 and argv[2].endswith(b"squall_warm_host.py"):
                        found.append(int(entry))
            except OSError:
                pass
    return found


def measure(warm):
    env = dict(base_env, SQUALL_WARM_HOSTS="1" if warm else "0")
    status_file = os.path.join(data_dir, "server-status.json")
    if os.path.exists(status_file):
        os.remove(status_file)
    concurrency = ["--concurrency", os.environ["BENCH_WARM_CONCURRENCY"]] if os.environ.get("BENCH_WARM_CONCURRENCY") else []
    tree = TreeCPU("squall-bench-tree")
    server = subprocess.Popen([squall, "server", "--log-level", "error"] + concurrency, env=env,
                              stderr=open(os.path.join(data_dir, "server-stderr.log"), "a"), preexec_fn=tree.join)
    database = sqlite3.connect(os.path.join(data_dir, "squall.db"), timeout=10)
    try:
        deadline = time.time() + 60
        while not os.path.exists(status_file):
            if server.poll() is not None or time.time() > deadline:
                sys.exit("server did not start")
            time.sleep(0.05)
        connection = {}

        def fire():
            # One connection while firing; a new one after a pause (the server drops idle ones after 10 s).
            if time.time() - connection.get("used", 0) > 5:
                connection["socket"] = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                connection["socket"].connect(os.path.join(data_dir, "control.sock"))
                connection["reader"] = connection["socket"].makefile("rb")
            connection["used"] = time.time()
            control, reader = connection["socket"], connection["reader"]
            control.sendall(json.dumps({"op": "fire", "trigger": "squall_tests.manual", "payload": {"message": "b"}}).encode() + b"\n")
            answer = json.loads(reader.readline())
            if not answer.get("ok"):
                sys.exit("fire refused: %s" % answer)

        def finished():
            return database.execute("SELECT COUNT(*) FROM executions WHERE action = 'squall_bench.trivial' "
                                    "AND end_timestamp IS NOT NULL").fetchone()[0]

        # One unmeasured execution starts the warm host (or warms the caches).
        before = finished()
        fire()
        while finished() == before:
            time.sleep(0.01)
        marker = database.execute("SELECT MAX(start_timestamp) FROM executions").fetchone()[0]
        before = finished()
        tree_before, server_before = tree.seconds(), process_seconds(server.pid)
        for _ in range(count):
            fire()
        while finished() < before + count:
            time.sleep(0.02)
        # CPU per execution of the whole tree (server, hosts, forks or cold children) and of the server.
        tree_after, server_after = tree.seconds(), process_seconds(server.pid)
        cpu = (None if tree_after is None else 1000 * (tree_after - tree_before) / count,
               1000 * (server_after - server_before) / count)
        rows = database.execute("SELECT start_timestamp, end_timestamp, status FROM executions "
                                "WHERE action = 'squall_bench.trivial' AND start_timestamp > ?", (marker,)).fetchall()
        # Latency of one execution at a time: fire, wait for its end.
        latencies = []
        for _ in range(latency_runs):
            before = finished()
            started = time.perf_counter()
            fire()
            while finished() == before:
                time.sleep(0.0005)
            latencies.append((time.perf_counter() - started) * 1000)
        hosts = warm_host_pids()
        rss = [rss_kb(pid) for pid in hosts]
        with open(status_file) as handle:
            served = [h["executions_served"] for h in json.load(handle).get("warm_hosts", [])]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        database.close()
        tree.remove()
    # Timestamps are stored in microseconds.
    starts, ends = [r[0] for r in rows], [r[1] for r in rows]
    failed = sum(1 for r in rows if r[2] != "succeeded")
    span = (max(ends) - min(starts)) / 1e6
    return len(rows), failed, len(rows) / span, percentile(latencies, 0.5), percentile(latencies, 0.95), rss, served, cpu


def two_at_a_time(work, total):
    """Runs `work()` `total` times on two threads; returns how many per second."""
    left = [total]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            work()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total / (time.perf_counter() - started)


venv_python = os.path.join(data_dir, "virtualenvs", "squall_bench", "bin", "python")


def bare_python_rate(total=200):
    return two_at_a_time(lambda: subprocess.run([venv_python, "-c", "pass"], check=True), total)


FORK_LOOP = """import os, sys, time
count = int(sys.argv[1])
started = time.perf_counter()
for _ in range(count):
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
print(time.perf_counter() - started)
"""


def fork_ceiling_rate(per_interpreter=2000):
    # Two warmed interpreters side by side, each timing only its fork loop (not its own start).
    children = [subprocess.Popen([venv_python, "-c", FORK_LOOP, str(per_interpreter)], stdout=subprocess.PIPE)
                for _ in range(2)]
    seconds = [float(child.communicate()[0]) for child in children]
    return 2 * per_interpreter / max(seconds)


def large_result_read():
    """Stores a 4 MiB result through a real Python child, then times `execution get` of it (p50 of 5)."""
    done = subprocess.run([squall, "run", "squall_bench.large_result", "-j"], env=base_env, stdout=subprocess.PIPE, check=True)
    execution = json.loads(done.stdout)
    timings = {}
    for flag in ([], ["-j"]):
        runs, cpu = [], []
        for _ in range(5):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            shown = subprocess.run([squall, "execution", "get", execution["id"]] + flag, env=base_env,
                                   stdout=subprocess.PIPE, check=True)
            runs.append(time.perf_counter() - started)
            # CPU time too: on a loaded machine the wall time is mostly waiting for a core.
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
        timings[" ".join(flag) or "text"] = (percentile(runs, 0.5), percentile(cpu, 0.5), len(shown.stdout))
    return execution["status"], len(json.dumps(execution["result"]["result"])), timings


load = os.getloadavg()
print("warm hosts through squall server: %d executions of squall_bench.trivial, %s (load %.2f %.2f %.2f)"
      % (count, "--concurrency " + os.environ["BENCH_WARM_CONCURRENCY"] if os.environ.get("BENCH_WARM_CONCURRENCY") else "default settings",
         load[0], load[1], load[2]))
bare = bare_python_rate()
ceiling = fork_ceiling_rate()
print("  baselines: venv `python -c pass` two at a time %6.1f/s; warmed interpreter os.fork()+_exit two at a time %7.1f/s"
      % (bare, ceiling))
for warm in (False, True):
    n, failed, rate, p50, p95, rss, served, (tree_ms, server_ms) = measure(warm)
    print("  warm_hosts=%-5s %4d done (%d failed)  %6.1f executions/s (%.2fx python -c pass, %.1f%% of the fork ceiling)"
          "  one at a time, fire to completed: p50 %6.1f ms  p95 %6.1f ms  CPU per execution: tree %s ms, server %.2f ms%s"
          % ("on" if warm else "off", n, failed, rate, rate / bare, 100 * rate / ceiling, p50, p95,
             "n/a" if tree_ms is None else "%.2f" % tree_ms, server_ms,
             ("  host RSS %s KiB, forks served %s" % (rss, served)) if warm else ""))
status, size, timings = large_result_read()
load = os.getloadavg()
print("  large result: %d bytes of JSON stored (%s); `squall execution get` p50 of 5: %s (load %.2f)"
      % (size, status, ", ".join("%s %.3f s (CPU %.3f s, %d bytes out)" % (name, seconds, cpu, out)
                                 for name, (seconds, cpu, out) in timings.items()), load[0]))
