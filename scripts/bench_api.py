"""The HTTP API's throughput and latency, with wrk, against a bare route on the same stack.

Starts `squall server` with `api_bench_routes` on (adds `GET /bench/hello`: the same Hummingbird
stack, middleware included, and no work), records executions to list, then measures with wrk:
  1. requests/s of GET /bench/hello and GET /api/v1/executions?limit=50 (goal: >= 50% of hello);
  2. the same list with 50 workflows on the page (each page looks up every workflow's children)
     among 20,000 recorded executions, with and without the v9 parent index (dropped mid-run);
  3. webhook POSTs against a registered webhook (a rule whose criteria never match, so no
     execution starts): requests/s, and trigger instances recorded per second (goal 10,000/s);
  4. p50/p99 latency of GET /api/v1/actions while 100 executions (a shell `sleep`) run.
Prints `uptime` before and after: the figures mean little on a loaded machine.
Usage: bench_api.py SQUALL DATA_DIR [SECONDS]"""
import json
import os
import sqlite3
import tempfile
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

squall, data_dir = sys.argv[1], sys.argv[2]
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if shutil.which("wrk") is None:
    if os.getuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                       stdout=subprocess.DEVNULL, check=False)
    if shutil.which("wrk") is None:
        sys.exit("bench_api: wrk is not installed (apt-get install wrk)")

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
base = "http://127.0.0.1:%d" % port
env = dict(os.environ, SQUALL_DATA_DIR=data_dir, SQUALL_PACKS_PATH=os.path.join(root, "Tests", "Fixtures", "packs"),
           SQUALL_API_LISTEN="127.0.0.1:%d" % port, SQUALL_API_BENCH_ROUTES="true", NO_PROXY="*", no_proxy="*")
password = "bench password"
subprocess.run([squall, "user", "delete", "bench"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.run([squall, "user", "create", "bench", "--password-stdin", "--admin"], env=env, input=password, text=True,
               stdout=subprocess.DEVNULL, check=True)
server = subprocess.Popen([squall, "server", "--log-level", "error", "--concurrency", "4"], env=env, stderr=subprocess.DEVNULL)
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    with opener.open(request, timeout=60) as reply:
        return json.loads(reply.read() or b"null")


try:
    for _ in range(200):
        try:
            opener.open(base + "/bench/hello", timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    import base64
    basic = base64.b64encode(("bench:" + password).encode()).decode()
    token = call("POST", "/auth/v1/tokens", {}, {"Authorization": "Basic " + basic})["token"]
    auth = {"X-Auth-Token": token}

    def wait_all(ids):
        for execution in ids:
            while call("GET", "/api/v1/executions/" + execution, headers=auth)["status"] not in ("succeeded", "failed", "timeout", "canceled", "abandoned"):
                time.sleep(0.1)

    # Executions to list: 60 finished ones (each list page is 50 full documents).
    wait_all([call("POST", "/api/v1/executions", {"action": "core.noop"}, auth)["id"] for _ in range(60)])

    def wrk(path, header=None, script=None):
        arguments = ["wrk", "-t2", "-c16", "-d%ds" % seconds, "--latency", base + path]
        if header:
            arguments[1:1] = ["-H", header]
        if script:
            arguments[1:1] = ["-s", script]
        out = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        latency = {p: m for p, m in re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M)}
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return rate, latency, int(errors.group(1)) if errors else 0

    print("API bench (wrk -t2 -c16, %d s each), load before: %s" % (seconds, subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()))
    hello, hello_latency, _ = wrk("/bench/hello")
    listing, listing_latency, listing_errors = wrk("/api/v1/executions?limit=50", "X-Auth-Token: " + token)
    print("  GET /bench/hello                    %8.0f req/s  p50 %s  p99 %s" % (hello, hello_latency.get("50"), hello_latency.get("99")))
    print("  GET /api/v1/executions?limit=50     %8.0f req/s  p50 %s  p99 %s  (%.0f%% of hello; goal >= 50%%)%s"
          % (listing, listing_latency.get("50"), listing_latency.get("99"), 100 * listing / hello,
             "  NON-2xx: %d" % listing_errors if listing_errors else ""))

    # 2. Workflows on the page: rows copied from a recorded execution, straight into the database
    # (as 20,000 runs would leave it): 19,850 older executions, 50 workflows with 2 children each.
    database = sqlite3.connect(os.path.join(data_dir, "squall.db"), timeout=60)
    columns = [row[1] for row in database.execute("PRAGMA table_info(executions)")]
    template = dict(zip(columns, database.execute("SELECT * FROM executions LIMIT 1").fetchone()))
    base_start = template["start_timestamp"] - 10_000_000_000
    rows = []
    for index in range(19_850):
        rows.append(dict(template, id="benchold%016x" % index, start_timestamp=base_start + index))
    for index in range(50):
        workflow = "benchflow%015x" % index
        rows.append(dict(template, id=workflow, runner="orquesta", start_timestamp=template["start_timestamp"] + 1_000_000 + index))
        for child in range(2):
            rows.append(dict(template, id="benchkid%08x%08x" % (index, child), start_timestamp=base_start - 1000 + child,
                             context=json.dumps({"user": "bench", "parent": {"execution_id": workflow}})))
    with database:
        database.executemany("INSERT INTO executions (%s) VALUES (%s)" % (",".join(columns), ",".join("?" * len(columns))),
                             [[row[c] for c in columns] for row in rows])
    flows, flows_latency, flows_errors = wrk("/api/v1/executions?limit=50", "X-Auth-Token: " + token)
    with database:
        database.execute("DROP INDEX IF EXISTS executions_by_parent")
    unindexed, unindexed_latency, _ = wrk("/api/v1/executions?limit=50", "X-Auth-Token: " + token)
    with database:
        database.execute("CREATE INDEX executions_by_parent ON executions (json_extract(context, '$.parent.execution_id'), start_timestamp, id)")
    print("  GET /api/v1/executions?limit=50, 50 workflows on the page, 20,000 executions:")
    print("      with the parent index            %8.0f req/s  p50 %s  p99 %s%s" % (flows, flows_latency.get("50"), flows_latency.get("99"),
                                                                                 "  NON-2xx: %d" % flows_errors if flows_errors else ""))
    print("      without it (before v9)           %8.0f req/s  p50 %s  p99 %s" % (unindexed, unindexed_latency.get("50"), unindexed_latency.get("99")))

    # 3. Webhooks: one registered url; the rule's criteria never match, so only trigger instances are recorded.
    call("POST", "/api/v1/rules", {"name": "bench_hook", "pack": "squall_tests", "enabled": True,
                                   "trigger": {"type": "core.st2.webhook", "parameters": {"url": "bench"}},
                                   "criteria": {"trigger.body.never": {"type": "equals", "pattern": "matches"}},
                                   "action": {"ref": "core.noop"}}, auth)
    def instances():
        return database.execute("SELECT COUNT(*) FROM trigger_instances WHERE trigger = 'core.st2.webhook'").fetchone()[0]
    before_hooks = instances()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write('wrk.method = "POST"\nwrk.body = \'{"event": "bench", "value": 1}\'\n'
                     'wrk.headers["Content-Type"] = "application/json"\nwrk.headers["X-Auth-Token"] = "%s"\n' % token)
    started = time.time()
    hooks, hooks_latency, hooks_errors = wrk("/api/v1/webhooks/bench", script=script.name)
    # Recorded: wait until the count stops growing (the queue drained).
    recorded, last = instances(), -1
    while recorded != last:
        time.sleep(1)
        last, recorded = recorded, instances()
    elapsed = time.time() - started - 1
    os.unlink(script.name)
    print("  POST /api/v1/webhooks/bench         %8.0f req/s  p50 %s  p99 %s%s; %d trigger instances recorded, %.0f/s (goal >= 10,000/s)"
          % (hooks, hooks_latency.get("50"), hooks_latency.get("99"), "  NON-2xx: %d" % hooks_errors if hooks_errors else "",
             recorded - before_hooks, (recorded - before_hooks) / elapsed))

    running = [call("POST", "/api/v1/executions", {"action": "core.local", "parameters": {"cmd": "sleep %d" % (seconds + 30)}}, auth)["id"]
               for _ in range(100)]
    quiet, quiet_latency, _ = wrk("/api/v1/actions", "X-Auth-Token: " + token)
    active = sum(1 for execution in running if call("GET", "/api/v1/executions/" + execution, headers=auth)["status"] == "running")
    print("  GET /api/v1/actions, 100 executions started (%d still running after): %8.0f req/s  p50 %s  p99 %s"
          % (active, quiet, quiet_latency.get("50"), quiet_latency.get("99")))
    for execution in running:
        call("DELETE", "/api/v1/executions/" + execution, headers=auth)
    print("  load after: %s" % subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
finally:
    server.terminate()
    server.wait(timeout=120)
