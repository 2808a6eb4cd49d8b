"""Executions per second and latency through `squall server`, warm hosts off and on, side by side.

A rule runs the trivial Python action squall_bench.trivial for each of N trigger instances, fired
over one control-socket connection as fast as the server accepts them. Per setting: executions
per second (N over first start to last end, from the store), latency p50/p95 of one execution
(fire to recorded end, one at a time, LATENCY_RUNS of them), and the warm host's RSS. Usage: bench_warm_hosts.py SQUALL DATA_DIR N [LATENCY_RUNS]"""
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time

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
    server = subprocess.Popen([squall, "server", "--log-level", "error", "--concurrency", "2"], env=env,
                              stderr=open(os.path.join(data_dir, "server-stderr.log"), "a"))
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
        for _ in range(count):
            fire()
        while finished() < before + count:
            time.sleep(0.02)
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
    # Timestamps are stored in microseconds.
    starts, ends = [r[0] for r in rows], [r[1] for r in rows]
    failed = sum(1 for r in rows if r[2] != "succeeded")
    span = (max(ends) - min(starts)) / 1e6
    return len(rows), failed, len(rows) / span, percentile(latencies, 0.5), percentile(latencies, 0.95), rss, served


load = os.getloadavg()
print("warm hosts through squall server: %d executions of squall_bench.trivial, --concurrency 2 (load %.2f %.2f %.2f)"
      % (count, load[0], load[1], load[2]))
for warm in (False, True):
    n, failed, rate, p50, p95, rss, served = measure(warm)
    print("  warm_hosts=%-5s %4d done (%d failed)  %6.1f executions/s  one at a time: p50 %6.1f ms  p95 %6.1f ms%s"
          % ("on" if warm else "off", n, failed, rate, p50, p95,
             ("  host RSS %s KiB, forks served %s" % (rss, served)) if warm else ""))
