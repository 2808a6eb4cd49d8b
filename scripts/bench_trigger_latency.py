"""Delay from launching `squall trigger fire` to the rule's enforcement row in the database.

Starts `squall server` on the given data directory with one rule (a fixture trigger type,
action core.noop), fires N times one after another, and for each measures from just before
launching `squall trigger fire` until a new row of that rule appears in `rule_enforcements`
(polled with sqlite3 every ~1 ms). A random pause of 0-200 ms before each fire keeps the fires
out of step with a server that polls on a period (the old file inbox: every 0.2 s). Uses only CLI commands and the database file, so it runs
against older squall builds too (A/B). Usage: bench_trigger_latency.py SQUALL DATA_DIR N"""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

squall, data_dir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rule_ref = "squall_tests.bench_latency"

# A packs path with the fixture pack's trigger types only: no sensors or other rules add load.
packs = os.path.join(data_dir, "latency-packs")
shutil.rmtree(packs, ignore_errors=True)
fixture = os.path.join(root, "Tests", "Fixtures", "packs", "squall_tests")
os.makedirs(os.path.join(packs, "squall_tests"))
shutil.copy(os.path.join(fixture, "pack.yaml"), os.path.join(packs, "squall_tests"))
shutil.copytree(os.path.join(fixture, "triggers"), os.path.join(packs, "squall_tests", "triggers"))
env = dict(os.environ, SQUALL_DATA_DIR=data_dir, SQUALL_PACKS_PATH=packs, SQUALL_API_LISTEN="off")


def squall_cli(*args, check=True):
    done = subprocess.run([squall, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if check and done.returncode != 0:
        sys.exit("squall %s failed: %s" % (" ".join(args), done.stderr.strip()))
    return done


rule_file = os.path.join(data_dir, "bench_latency.yaml")
with open(rule_file, "w") as f:
    f.write("name: bench_latency\npack: squall_tests\nenabled: true\n"
            "trigger:\n  type: squall_tests.manual\naction:\n  ref: core.noop\n")
squall_cli("rule", "delete", rule_ref, check=False)
squall_cli("rule", "create", rule_file)

status_file = os.path.join(data_dir, "server-status.json")
if os.path.exists(status_file):
    os.remove(status_file)
server = subprocess.Popen([squall, "server", "--log-level", "error"], env=env, stderr=subprocess.DEVNULL)
database = sqlite3.connect(os.path.join(data_dir, "squall.db"), timeout=10)


def enforcements():
    return database.execute("SELECT COUNT(*) FROM rule_enforcements WHERE rule = ?", (rule_ref,)).fetchone()[0]


def fire_and_wait(limit=30.0):
    """Milliseconds from launching `trigger fire` to the new enforcement row, and the CLI's own time."""
    before = enforcements()
    start = time.perf_counter()
    squall_cli("trigger", "fire", "squall_tests.manual", "--payload", '{"message": "latency"}')
    fired = time.perf_counter()
    while enforcements() == before:
        if time.perf_counter() - start > limit:
            sys.exit("no enforcement within %d s" % limit)
        time.sleep(0.001)
    end = time.perf_counter()
    return (end - start) * 1000, (fired - start) * 1000


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


try:
    # Up once it writes its status file; one unmeasured round trip warms everything up.
    deadline = time.time() + 60
    while not os.path.exists(status_file):
        if server.poll() is not None or time.time() > deadline:
            sys.exit("squall server did not start")
        time.sleep(0.01)
    fire_and_wait()
    samples = []
    for _ in range(runs):
        time.sleep(random.uniform(0, 0.2))
        samples.append(fire_and_wait())
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)
    squall_cli("rule", "delete", rule_ref, check=False)

delays = [s[0] for s in samples]
cli = [s[1] for s in samples]
print("trigger fire -> enforcement recorded, %d fires one after another (ms)" % runs)
print("%-48s %8s %8s" % ("case", "p50", "p95"))
print("%-48s %8.2f %8.2f" % ("fire launched -> enforcement row", percentile(delays, 0.5), percentile(delays, 0.95)))
print("%-48s %8.2f %8.2f" % ("  of which the `trigger fire` process", percentile(cli, 0.5), percentile(cli, 0.95)))
