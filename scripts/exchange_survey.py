#!/usr/bin/env python3
"""Issue 14's Exchange figures for a directory of pack checkouts (one directory per pack).

For each pack, in a fresh data directory of its own run:
  1. `squall pack install DIR` unchanged (dependencies skipped unless --with-dependencies: they
     come from the pack index, which needs the network);
  2. the import check: every Python action's and sensor's entry point imported inside squall's
     sandbox, with the pack's venv, actions/lib and the st2 runtime layer as a real action sees
     them. A probe action is written into the installed copy (never into DIR) and run with
     `squall run`; it imports each file and reports the exception of those that fail;
  3. `squall pack test` when the pack has tests/.
Prints one line per pack and the tally the issue uses; --json FILE keeps everything.

  scripts/exchange_survey.py /tmp/exchange --squall .build/release/squall [--only aws,st2]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

PROBE_NAME = "squall_survey_import_probe"
PROBE_SOURCE = r'''
import importlib.util
import sys
import traceback

from st2common.runners.base_action import Action


def _sensor_in_its_own_process(path):
    """st2's sensor container runs each sensor alone, with the sensors' directory first and no
    actions/: a fresh interpreter with this one's path, so an action's `lib` cannot shadow the sensor's."""
    import os
    import subprocess
    directory = path.rsplit("/", 1)[0]
    actions = os.getcwd()
    search = [directory] + [entry for entry in sys.path if entry and entry != actions]
    program = ("import importlib.util, traceback\n"
               "try:\n"
               "    spec = importlib.util.spec_from_file_location('squall_survey_sensor', %r)\n"
               "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
               "    print('ok')\n"
               "except BaseException as error:\n"
               "    print(traceback.format_exception_only(type(error), error)[-1].strip()[:300])\n") % path
    done = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path[:0] = %r\n" % search + program],
                          capture_output=True, text=True, cwd=directory, timeout=300)
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else (done.stderr.strip().splitlines() or ["no output"])[-1][:300]


class Probe(Action):
    def run(self, files, sensors=()):
        outcome = {path: _sensor_in_its_own_process(path) for path in sensors}
        for index, path in enumerate(files):
            directory = path.rsplit("/", 1)[0]
            sys.path.insert(0, directory)
            try:
                spec = importlib.util.spec_from_file_location("squall_survey_%d" % index, path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                outcome[path] = "ok"
            except BaseException as error:  # SystemExit and KeyboardInterrupt from module code too
                last = traceback.format_exception_only(type(error), error)[-1].strip()
                outcome[path] = last[:300]
            finally:
                sys.path.remove(directory)
        return outcome
'''
PROBE_METADATA = {
    "name": PROBE_NAME, "runner_type": "python-script", "entry_point": PROBE_NAME + ".py",
    "description": "exchange_survey.py's import check (not part of the pack)",
    "parameters": {"files": {"type": "array", "required": True}, "sensors": {"type": "array", "default": []},
                   "timeout": {"default": 900}},
}


def read_yaml(path):
    try:
        with open(path) as handle:
            return yaml.safe_load(handle)
    except Exception:
        return None


def entry_points(pack_dir):
    """(kind, metadata file, entry point path) of every Python action and sensor."""
    found = []
    for kind, sub in (("action", "actions"), ("sensor", "sensors")):
        directory = os.path.join(pack_dir, sub)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if not name.endswith((".yaml", ".yml")):
                continue
            meta = read_yaml(os.path.join(directory, name))
            if not isinstance(meta, dict) or not meta.get("entry_point"):
                continue
            if kind == "action" and meta.get("runner_type") not in ("python-script", "run-python"):
                continue
            if not str(meta["entry_point"]).endswith(".py"):
                continue
            found.append((kind, name, os.path.join(directory, meta["entry_point"])))
    return found


def run(command, env, timeout):
    started = time.time()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stdout, done.stderr, time.time() - started
    except subprocess.TimeoutExpired as expired:
        return None, expired.stdout or "", f"timed out after {timeout}s", time.time() - started


def first_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return ((errors or lines or [""])[-1])[:200]


def survey(checkout, squall, work, args):
    pack_yaml = read_yaml(os.path.join(checkout, "pack.yaml")) or {}
    ref = pack_yaml.get("ref") or pack_yaml.get("name") or os.path.basename(checkout)
    data = os.path.join(work, os.path.basename(checkout))
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    if args.shared_runtime:
        os.makedirs(args.shared_runtime, exist_ok=True)
        os.symlink(args.shared_runtime, os.path.join(data, "runtime"))
    env = dict(os.environ, SQUALL_DATA_DIR=data, SQUALL_PACKS_PATH=os.path.join(data, "packs"))
    report = {"pack": os.path.basename(checkout), "ref": ref}

    install = [squall, "pack", "install", checkout] + ([] if args.with_dependencies else ["--skip-dependencies"])
    code, out, err, seconds = run(install, env, args.install_timeout)
    report["install"] = {"ok": code == 0, "seconds": round(seconds), "error": None if code == 0 else first_line(err or out)}
    installed = os.path.join(data, "packs", ref)
    points = entry_points(installed if code == 0 else checkout)
    report["actions"] = sum(1 for kind, _, _ in points if kind == "action")
    report["sensors"] = sum(1 for kind, _, _ in points if kind == "sensor")
    report["actions_importing"] = report["sensors_importing"] = 0
    if code != 0:
        return report

    with open(os.path.join(installed, "actions", PROBE_NAME + ".py"), "w") as handle:
        handle.write(PROBE_SOURCE)
    with open(os.path.join(installed, "actions", PROBE_NAME + ".yaml"), "w") as handle:
        yaml.safe_dump(PROBE_METADATA, handle)
    files = sorted({path for kind, _, path in points if kind == "action"})
    sensors = sorted({path for kind, _, path in points if kind == "sensor"})
    code, out, err, seconds = run([squall, "run", f"{ref}.{PROBE_NAME}", "files=" + json.dumps(files),
                                   "sensors=" + json.dumps(sensors), "--json"],
                                  env, args.run_timeout)
    try:
        execution = json.loads(out)
        imported = execution["result"]["result"]
        if not isinstance(imported, dict):
            raise ValueError(f"probe result: {imported!r}")
    except Exception:
        detail = first_line(err) or first_line(out)
        try:
            detail = json.loads(out)["result"].get("stderr", "").strip().splitlines()[-1][:200]
        except Exception:
            pass
        report["probe_error"] = detail
        imported = {}
    failures = {}
    for kind, meta, path in points:
        verdict = imported.get(path, "not imported (probe failed)")
        if verdict == "ok":
            report[kind + "s_importing"] += 1
        else:
            failures[os.path.relpath(path, installed)] = verdict
    report["import_failures"] = failures
    os.remove(os.path.join(installed, "actions", PROBE_NAME + ".py"))
    os.remove(os.path.join(installed, "actions", PROBE_NAME + ".yaml"))

    if os.path.isdir(os.path.join(installed, "tests")) and not args.skip_tests:
        code, out, err, seconds = run([squall, "pack", "test", ref], env, args.test_timeout)
        summary = [line for line in out.splitlines() if " passed" in line or " failed" in line or " error" in line]
        report["tests"] = {"ok": code == 0, "exit": code, "seconds": round(seconds),
                           "summary": (summary[-1] if summary else first_line(err or out))[:200]}
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("packs", help="directory holding one checkout per pack")
    parser.add_argument("--squall", default=shutil.which("squall") or "squall")
    parser.add_argument("--work", help="where the per-pack data directories go (default: a new temporary directory)")
    parser.add_argument("--shared-runtime", help="a directory for the st2 runtime layer shared by every pack's data dir "
                        "(built once instead of once per pack)")
    parser.add_argument("--only", help="comma-separated pack directory names, in this order")
    parser.add_argument("--with-dependencies", action="store_true")
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--install-timeout", type=int, default=1800)
    parser.add_argument("--run-timeout", type=int, default=900)
    parser.add_argument("--test-timeout", type=int, default=1800)
    parser.add_argument("--json", help="write every pack's report here (rewritten after each pack)")
    args = parser.parse_args()

    names = args.only.split(",") if args.only else sorted(
        name for name in os.listdir(args.packs) if os.path.isfile(os.path.join(args.packs, name, "pack.yaml")))
    work = args.work or tempfile.mkdtemp(prefix="squall-exchange-")
    reports = []
    for name in names:
        checkout = os.path.join(args.packs, name)
        if not os.path.isfile(os.path.join(checkout, "pack.yaml")):
            print(f"{name}: no pack.yaml in {checkout}", file=sys.stderr)
            continue
        report = survey(checkout, os.path.abspath(args.squall), work, args)
        reports.append(report)
        tests = report.get("tests")
        print(f"{name}: install {'ok' if report['install']['ok'] else 'FAILED: ' + str(report['install']['error'])}"
              f" | actions {report['actions_importing']}/{report['actions']}"
              f" sensors {report['sensors_importing']}/{report['sensors']}"
              + (f" | tests {'pass' if tests['ok'] else 'FAIL'} ({tests['summary']})" if tests else "")
              + (f" | probe: {report['probe_error']}" if report.get("probe_error") else ""), flush=True)
        if args.json:
            with open(args.json, "w") as handle:
                json.dump(reports, handle, indent=1)

    with_tests = [r for r in reports if r.get("tests")]
    print(f"\npacks: {len(reports)}")
    print(f"install unchanged: {sum(r['install']['ok'] for r in reports)}/{len(reports)}")
    print(f"python actions importing: {sum(r['actions_importing'] for r in reports)}/{sum(r['actions'] for r in reports)}"
          f" (of installed packs: {sum(r['actions_importing'] for r in reports if r['install']['ok'])}"
          f"/{sum(r['actions'] for r in reports if r['install']['ok'])})")
    print(f"sensors importing: {sum(r['sensors_importing'] for r in reports)}/{sum(r['sensors'] for r in reports)}"
          f" (of installed packs: {sum(r['sensors_importing'] for r in reports if r['install']['ok'])}"
          f"/{sum(r['sensors'] for r in reports if r['install']['ok'])})")
    print(f"pack tests passing: {sum(r['tests']['ok'] for r in with_tests)}/{len(with_tests)} (packs with tests/ that installed)")


if __name__ == "__main__":
    main()
