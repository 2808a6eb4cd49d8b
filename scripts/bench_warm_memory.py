"""Memory of warm per-pack hosts through `squall server`: a host's RSS (goal <= 20 MB), the unique
memory (USS: Private_Clean + Private_Dirty of /proc/PID/smaps_rollup) of one forked execution while
its action sleeps (goal <= 5 MB; the host's direct child, PID 1 of its own namespaces), and
idle-then-busy cycles showing whether the server's RSS, the host's RSS or open descriptors grow.

Cycles, CYCLES of each kind, one execution at a time:
- "kept": the host stays up between executions (warm_host_idle_seconds 300);
- "stopped": warm_host_idle_seconds 0, so the idle host is stopped before each execution and a new
  one started for it (every start and stop path runs CYCLES times).
Usage: bench_warm_memory.py SQUALL DATA_DIR [CYCLES]"""
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time

squall, data_dir = sys.argv[1], sys.argv[2]
cycles = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixtures = os.path.join(root, "Tests", "Fixtures", "packs")
packs = os.path.join(data_dir, "warm-memory-packs")
shutil.rmtree(packs, ignore_errors=True)
os.makedirs(os.path.join(packs, "squall_tests", "rules"))
shutil.copy(os.path.join(fixtures, "squall_tests", "pack.yaml"), os.path.join(packs, "squall_tests"))
shutil.copytree(os.path.join(fixtures, "squall_tests", "triggers"), os.path.join(packs, "squall_tests", "triggers"))
shutil.copytree(os.path.join(fixtures, "squall_bench"), os.path.join(packs, "squall_bench"))
with open(os.path.join(packs, "squall_bench", "actions", "nap.py"), "w") as f:
    f.write("import time\nfrom st2common.runners.base_action import Action\n\n\n"
            "class Nap(Action):\n    def run(self, seconds):\n        time.sleep(float(seconds))\n        return 1\n")
with open(os.path.join(packs, "squall_bench", "actions", "nap.yaml"), "w") as f:
    f.write("name: nap\nrunner_type: python-script\nentry_point: nap.py\nparameters:\n  seconds:\n    type: string\n    required: true\n")
# The trigger's message is how long the action sleeps.
with open(os.path.join(packs, "squall_tests", "rules", "nap.yaml"), "w") as f:
    f.write("name: nap\npack: squall_tests\nenabled: true\ntrigger:\n  type: squall_tests.manual\n"
            "action:\n  ref: squall_bench.nap\n  parameters:\n    seconds: \"{{ trigger.message }}\"\n")
base_env = dict(os.environ, SQUALL_DATA_DIR=data_dir, SQUALL_PACKS_PATH=packs, SQUALL_WARM_HOSTS="1", SQUALL_API_LISTEN="off")
subprocess.run([squall, "run", "squall_bench.nap", "seconds=0"], env=base_env, stdout=subprocess.DEVNULL, check=True)


def status_kib(pid, field):
    try:
        with open("/proc/%d/status" % pid) as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None


def unique_kib(pid):
    """USS: what only this process maps (smaps_rollup's private pages), in KiB."""
    total = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid) as handle:
            for line in handle:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except OSError:
        return None
    return total


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def warm_processes():
    """pid -> parent pid of every process running squall_warm_host.py (the host and its forks)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as handle:
                argv = handle.read().split(b"\0")
            if len(argv) > 2 and argv[2].endswith(b"squall_warm_host.py"):
                with open("/proc/%s/stat" % entry) as handle:
                    found[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return found


def hosts():
    tree = warm_processes()
    return [pid for pid, parent in tree.items() if parent not in tree]


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


class Server:
    def __init__(self, idle_seconds):
        env = dict(base_env, SQUALL_WARM_HOST_IDLE_SECONDS=str(idle_seconds))
        self.process = subprocess.Popen([squall, "server", "--log-level", "error", "--concurrency", "2"], env=env,
                                        stderr=open(os.path.join(data_dir, "server-stderr.log"), "a"))
        self.database = sqlite3.connect(os.path.join(data_dir, "squall.db"), timeout=10)
        deadline = time.time() + 60
        while True:
            try:
                self.control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.control.connect(os.path.join(data_dir, "control.sock"))
                self.reader = self.control.makefile("rb")
                self.ask({"op": "ping"})
                break
            except OSError:
                if self.process.poll() is not None or time.time() > deadline:
                    sys.exit("server did not start")
                time.sleep(0.05)

    def ask(self, request):
        self.control.sendall(json.dumps(request).encode() + b"\n")
        answer = json.loads(self.reader.readline())
        if not answer.get("ok"):
            sys.exit("server refused %s: %s" % (request, answer))
        return answer

    def finished(self):
        return self.database.execute("SELECT COUNT(*) FROM executions WHERE action = 'squall_bench.nap' "
                                     "AND end_timestamp IS NOT NULL").fetchone()[0]

    def fire(self, seconds):
        self.ask({"op": "fire", "trigger": "squall_tests.manual", "payload": {"message": str(seconds)}})

    def run_one(self, seconds="0"):
        before = self.finished()
        self.fire(seconds)
        while self.finished() == before:
            time.sleep(0.002)

    def stop(self):
        self.control.close()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()
        self.database.close()


def figures(server, host):
    return {"server_rss": status_kib(server.process.pid, "VmRSS"), "server_fds": open_fds(server.process.pid),
            "host_rss": status_kib(host, "VmRSS") if host else None,
            "run_dirs": len(os.listdir(os.path.join(data_dir, "run")))}


load = os.getloadavg()
print("warm host memory through squall server (load %.2f %.2f %.2f)" % load)

# A host and one forked execution, the host kept between executions.
server = Server(idle_seconds=300)
try:
    server.run_one()
    host = hosts()[0]
    print("  host: RSS %d KiB, USS %d KiB (goal RSS <= 20480 KiB)" % (status_kib(host, "VmRSS"), unique_kib(host)))
    executions = []
    for _ in range(5):
        before = server.finished()
        server.fire("1.5")
        deadline = time.time() + 30
        execution = None
        while execution is None and time.time() < deadline:
            tree = warm_processes()
            execution = next((pid for pid, parent in tree.items() if parent == host), None)
            time.sleep(0.01)
        time.sleep(0.7)  # into the action's sleep: imports done, result not yet sent
        executions.append(unique_kib(execution) or 0)
        while server.finished() == before:
            time.sleep(0.01)
    print("  forked execution while its action sleeps: USS median %d KiB (of %s); goal <= 5120 KiB"
          % (median(executions), executions))

    # Idle-then-busy cycles with the host kept.
    for _ in range(20):
        server.run_one()  # settle caches before the first figure
    marks = sorted(set([0, min(100, cycles), cycles // 4, cycles // 2, 3 * cycles // 4, cycles]))
    seen = []
    for cycle in range(cycles + 1):
        if cycle in marks:
            seen.append((cycle, figures(server, hosts()[0] if hosts() else None)))
        if cycle < cycles:
            server.run_one()
    served = server.ask({"op": "status"})["status"].get("warm_hosts", [])
    print("  %d cycles, host kept (idle 300 s): served %s" % (cycles, [h["executions_served"] for h in served]))
    for cycle, f in seen:
        print("    after %5d: server RSS %6d KiB, server fds %3d, host RSS %6s KiB, run dirs %d"
              % (cycle, f["server_rss"], f["server_fds"], f["host_rss"], f["run_dirs"]))
finally:
    server.stop()

# Idle-then-busy cycles with each idle host stopped and a new one started for the next execution.
server = Server(idle_seconds=0)
try:
    for _ in range(20):
        server.run_one()
    seen = []
    for cycle in range(cycles + 1):
        if cycle in marks:
            seen.append((cycle, figures(server, None)))
        if cycle < cycles:
            server.run_one()
    started = server.ask({"op": "status"})["status"].get("warm_hosts_started")
    print("  %d cycles, idle host stopped each time (idle 0 s): %s hosts started" % (cycles, started))
    for cycle, f in seen:
        print("    after %5d: server RSS %6d KiB, server fds %3d, run dirs %d"
              % (cycle, f["server_rss"], f["server_fds"], f["run_dirs"]))
finally:
    server.stop()
load = os.getloadavg()
print("  (load at the end %.2f %.2f %.2f)" % load)
