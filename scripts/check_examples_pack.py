#!/usr/bin/env python3
"""Installs StackStorm's own `examples` pack (contrib/examples of a st2 checkout) into a scratch
data dir and runs every orquesta and action-chain workflow in it that needs no network or outside
service, comparing each outcome with what st2 gives (the expectations below come from the
workflows themselves, orquesta's semantics and st2's integration tests' documented results).

usage: scripts/check_examples_pack.py ST2_CHECKOUT [--squall PATH] [--keep] [--only NAME,...]

ST2_CHECKOUT is a st2 work tree or a bare git directory (its HEAD is read). Prints one line per
workflow (PASS, FAIL with why, SKIP with why) and the tally; exits 1 when any workflow fails.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# How each workflow is run and what st2 would end with. Keys: `input` (parameters), `status`
# (default succeeded), `output` (the workflow's output, compared whole), `errors` (messages of
# the errors, in order), `tasks` (a chain's node names and states), `stdout` (task -> stdout of a
# chain node), `scenario`: `ask` (answer each inquiry from its schema), `waitfile` (the inputs
# named in `files` are temp files the tasks wait on: removed once the workflow runs), `pause`
# and `cancel` (as waitfile, paused or canceled while the first task waits), `rerun` (fails,
# then a re-run of the named tasks succeeds), `skip` (why it cannot run offline).
GREETING = "Thanos, All your base are belong to us!"
DATA_OUTPUT = {
    "data_json_str_1": '{"foo": {"bar": "foobar"}}', "data_json_str_2": '{"foo": {"bar": "foobar"}}',
    "data_json_str_3": '{"foo": {"bar": "foobar"}}', "data_json_obj_1": {"foo": {"bar": "foobar"}},
    "data_json_obj_2": {"foo": {"bar": "foobar"}}, "data_json_obj_3": {"foo": {"bar": "foobar"}},
    "data_json_obj_4": {"foo": {"bar": "foobar"}}, "data_yaml_str_1": "foo:\n  bar: foobar\n",
    "data_yaml_str_2": "foo:\n  bar: foobar\n", "data_query_1": ["foobar"],
    "data_none_str": "%*****__%NONE%__*****%", "data_str": "foobar",
}
VERSION_OUTPUT = {
    "compare_equal": 0, "compare_more_than": -1, "compare_less_than": 1, "equal": True, "more_than": False,
    "less_than": False, "match": True, "bump_major": "1.0.0", "bump_minor": "0.11.0", "bump_patch": "0.10.1",
    "strip_patch": "0.10",
}
TASK_OUTPUT = {"last_task4_result": "False", "task9__1__parent": "task8__1", "task9__2__parent": "task8__2",
               "that_task_by_name": "task1", "this_task_by_name": "task1", "this_task_no_arg": "task1"}
REGEX_OUTPUT = {"match": True, "replace": "wxyz", "search": True, "substring": "668 Infinite Dr"}
FAILED_TASK1 = "Execution failed. See result for details."
NETWORK = "needs the network or a remote host"

CASES = {
    # action-chain
    "action_chain_streaming_demo": {"scenario": "skip", "why": "task8-9 run remote actions over SSH (" + NETWORK + ")"},
    "chain-sequential": {"tasks": [("task1", "succeeded"), ("task2", "succeeded"), ("task3", "succeeded")]},
    "chain-test-cancel": {"scenario": "cancel", "files": ["tempfile"], "input": {"message": "hi"}, "status": "canceled"},
    "chain-test-cancel-with-subworkflow": {"scenario": "cancel", "files": ["tempfile"], "input": {"message": "hi"}, "status": "canceled"},
    "chain-test-inquiry": {"scenario": "ask", "tasks": [("task1", "succeeded"), ("task2", "succeeded")],
                           "stdout": {"task2": "We can now authenticate to foo service with yes"}},
    "chain-test-inquiry-parent": {"scenario": "ask"},
    "chain-test-pause-resume": {"scenario": "pause", "files": ["tempfile"], "input": {"message": "hi"},
                                "stdout": {"task2": "hi"}},
    "chain-test-pause-resume-with-subchain": {"scenario": "pause", "files": ["tempfile"], "input": {"message": "hi"}},
    "chain-test-pause-resume-with-subworkflow": {"scenario": "pause", "files": ["tempfile"], "input": {"message": "hi"}},
    "data_jinja_filter": {},
    "decrypt_kv_jinja_filter": {},
    "echochain": {},
    "echochain-param": {"input": {"input1": "hello"}},
    # Its second node fails on purpose and the chain has no on-failure: st2 ends it failed.
    "echochain_task_failure": {"status": "failed"},
    # A node names an unknown next node on purpose: st2 ends the chain failed with that error.
    "echochain_top_level_failure": {"status": "failed"},
    "forloop_chain": {"scenario": "skip", "why": "reads GitHub pages (" + NETWORK + ")"},
    "json_escape_jinja_filter": {"scenario": "skip", "why": "posts to Slack (slack pack and " + NETWORK + ")"},
    "publish_data": {"scenario": "skip", "why": "calls core.http (" + NETWORK + ")"},
    # Its replace_string node echoes `<redacted>` unquoted: the shell reads a missing file `redacted`
    # (bash under st2 as sh under squall), so the node and the chain fail in st2 too.
    "regex_jinja_filter": {"status": "failed", "tasks": [("is_match", "succeeded"), ("replace_string", "failed")]},
    "time_jinja_filter": {},
    "version_jinja_filter": {},
    # orquesta
    "orquesta-ask-basic": {"scenario": "ask"},
    "orquesta-ask-consecutive": {"scenario": "ask"},
    "orquesta_ask_multiple_parameters": {"scenario": "ask"},
    "orquesta-ask-nested": {"scenario": "ask"},
    "orquesta-ask-parallel": {"scenario": "ask"},
    "orquesta-basic": {"input": {"cmd": "echo hi"}},
    "orquesta-data-flow-large-data": {"scenario": "skip", "why": "needs st2's test fixture file (file_path) and examples.load_and_print_fixture's st2tests fixtures"},
    "orquesta-data-flow": {"input": {"a1": "fee fi fo fum"}, "output": {"a5": "fee fi fo fum", "b5": "fee fi fo fum"}},
    "orquesta-delay": {"input": {"name": "Thanos", "delay": 1}, "output": {"greeting": GREETING}},
    "orquesta-error-handling-continue": {"input": {"cmd": "exit 1"}, "status": "failed", "output": {"message": "$%#&@#$!!!"},
                                         "errors": [FAILED_TASK1]},
    "orquesta-error-handling-fail-manually": {"input": {"cmd": "exit 1"}, "status": "failed", "output": {"message": "$%#&@#$!!!"},
                                              "errors": [FAILED_TASK1, FAILED_TASK1]},
    "orquesta-error-handling-noop": {"input": {"cmd": "exit 1"}, "output": {"message": "$%#&@#$!!!"}},
    "orquesta-examples": {},
    "orquesta-fail-input-rendering": {"status": "failed", "output": None, "errors": [
        "YaqlEvaluationException: Unable to evaluate expression '<% abs(8).value %>'. NoFunctionRegisteredException: Unknown function \"#property#value\""]},
    "orquesta-fail-inspection-task-contents": {"status": "failed", "output": None, "errors": [
        'The action reference "echo" is not formatted correctly.', 'The action "core.echoz" is not registered in the database.',
        'Action "core.echo" is missing required input "message".', 'Action "core.echo" has unexpected input "messages".']},
    "orquesta-fail-inspection": {"status": "failed", "output": None, "errors": [
        'The action "std.noop" is not registered in the database.', 'Variable "foobar" is referenced before assignment.',
        "Parse error: unexpected '<' at position 0 of expression '<% succeeded()'",
        "[{'cmd': 'echo <% ctx().macro %>'}] is not valid under any of the given schemas"]},
    "orquesta-fail-manually": {"status": "failed"},
    "orquesta-fail-output-rendering": {"status": "failed", "output": None, "errors": [
        "YaqlEvaluationException: Unable to evaluate expression '<% abs(8).value %>'. NoFunctionRegisteredException: Unknown function \"#property#value\""]},
    "orquesta-fail-start-task": {"status": "failed", "output": None, "errors": [
        "YaqlEvaluationException: Unable to evaluate expression '<% ctx().name.value %>'. NoFunctionRegisteredException: Unknown function \"#property#value\"",
        "YaqlEvaluationException: Unable to resolve key 'greeting' in expression '<% ctx().greeting %>' from context."]},
    "orquesta-fail-task-publish": {"status": "failed", "output": {"greeting": None}, "errors": [
        "YaqlEvaluationException: Unable to resolve key 'value' in expression '<% result().value %>' from context."]},
    "orquesta-fail-task-transition": {"status": "failed", "output": {"greeting": None}, "errors": [
        "YaqlEvaluationException: Unable to resolve key 'value' in expression '<% succeeded() and result().value %>' from context."]},
    "orquesta-fail-vars-rendering": {"status": "failed", "output": None, "errors": [
        "YaqlEvaluationException: Unable to evaluate expression '<% abs(8).value %>'. NoFunctionRegisteredException: Unknown function \"#property#value\""]},
    "orquesta-join": {"output": {"messages": ["Fee fi fo fum", "I smell the blood of an English man",
                                              "Be alive, or be he dead", "I'll grind his bones to make my bread"]}},
    "orquesta-mock-create-vm": {"input": {"vm_name": "demo1", "meta": {"demo1.itests.org": "10.3.41.99"}}},
    "orquesta-output-on-error": {"status": "failed", "output": {"progress": 25}, "errors": [FAILED_TASK1]},
    "orquesta-remediate-then-fail": {"status": "failed", "output": None, "errors": [FAILED_TASK1, FAILED_TASK1]},
    "orquesta-rollback-retry": {"output": None},
    "orquesta-sequential": {"input": {"name": "Thanos"}, "output": {"greeting": GREETING}},
    "orquesta-st2-ctx": {"scenario": "st2ctx"},
    # Its output names both values (value_from_yaql, value_from_jinja).
    "orquesta-st2kv-default": {"input": {"key_name": "system.examples_absent_key", "default": "stone"},
                               "output": {"value_from_yaql": "stone", "value_from_jinja": "stone"}},
    "orquesta-st2kv": {"scenario": "st2kv", "input": {"key_name": "system.examples_check_key"}, "output": {"value": "foobar"}},
    "orquesta-streaming-demo": {"scenario": "skip", "why": "runs remote actions over SSH (" + NETWORK + ")"},
    "orquesta-subworkflow": {},
    "orquesta-task-retry-exhausted": {"status": "failed"},
    "orquesta-task-retry": {},
    "orquesta-test-action-less-tasks": {"input": {"name": "Thanos"}, "output": {"greeting": GREETING.upper()}},
    "orquesta-test-cancel-subworkflow": {"scenario": "cancel", "files": ["tempfile"], "input": {"message": "hi"}, "status": "canceled"},
    "orquesta-test-cancel-subworkflows": {"scenario": "cancel", "files": ["file1", "file2"], "status": "canceled"},
    "orquesta-test-cancel": {"scenario": "cancel", "files": ["tempfile"], "input": {"message": "hi"}, "status": "canceled"},
    "orquesta-test-field-escaping": {"output": {
        "wf.hostname.with.periods": {"hostname.domain.tld": "vars.value.with.periods",
                                     "hostname2.domain.tld": {"stdout": "vars.nested.value.with.periods"}},
        "wf.output.with.periods": "vars.nested.value.with.periods"}},
    "orquesta-test-jinja-data-functions": {"output": dict(DATA_OUTPUT, data_pipe_str_1='{"foo": {"bar": "foobar"}}',
                                                          data_list_str="- a: 1\n  b: 2\n- x: 3\n  y: 4\n")},
    "orquesta-test-jinja-path-functions": {"output": {"basename": "file.txt", "dirname": "/path/to/some"}},
    "orquesta-test-jinja-regex-functions": {"output": REGEX_OUTPUT},
    "orquesta-test-jinja-task-functions": {"output": TASK_OUTPUT},
    "orquesta-test-jinja-task-nonexistent": {"status": "failed", "output": None, "errors": [
        "JinjaEvaluationException: Unable to evaluate expression '{{ task(\"task0\") }}'. ExpressionEvaluationException: Unable to find task execution for \"task0\"."]},
    "orquesta-test-jinja-time-functions": {"output": {"time": "3h25m45s"}},
    "orquesta-test-jinja-version-functions": {"output": VERSION_OUTPUT},
    "orquesta-test-pause-resume": {"scenario": "pause", "files": ["tempfile"], "input": {"message": "hi"}},
    "orquesta-test-pause-subworkflow": {"scenario": "pause", "files": ["tempfile"]},
    "orquesta-test-pause-subworkflows": {"scenario": "pause", "files": ["file1", "file2"]},
    "orquesta-test-pause": {"scenario": "pause", "files": ["tempfile"]},
    "orquesta-test-rerun-with-items": {"scenario": "rerun", "files": ["tempfile"], "tasks": "task1"},
    "orquesta-test-rerun": {"scenario": "rerun", "files": ["tempfile"], "tasks": "task2"},
    "orquesta-test-subworkflow-empty-with-items": {},
    "orquesta-test-with-items-failure": {"status": "failed"},
    "orquesta-test-with-items": {"scenario": "waitfile", "files": ["tempfiles"], "list_files": 3, "input": {"concurrency": 2}},
    "orquesta-test-yaql-data-functions": {"output": DATA_OUTPUT},
    "orquesta-test-yaql-path-functions": {"output": {"basename": "file.txt", "dirname": "/path/to/some"}},
    "orquesta-test-yaql-regex-functions": {"output": REGEX_OUTPUT},
    "orquesta-test-yaql-task-functions": {"output": TASK_OUTPUT},
    "orquesta-test-yaql-task-nonexistent": {"status": "failed", "output": None, "errors": [
        "YaqlEvaluationException: Unable to evaluate expression '<% task(\"task0\") %>'. ExpressionEvaluationException: Unable to find task execution for \"task0\"."]},
    "orquesta-test-yaql-time-functions": {"output": {"time": "3h25m45s"}},
    "orquesta-test-yaql-version-functions": {"output": VERSION_OUTPUT},
    "orquesta-with-items-concurrency": {"input": {"members": ["a", "b", "c", "d"], "concurrency": 2},
                                        "output": {"items": [f"{m}, resistance is futile!" for m in "abcd"]}},
    "orquesta-with-items": {"input": {"members": ["Lakshmi", "Lindsay", "Tomaz"]},
                            "output": {"items": [f"{m}, resistance is futile!" for m in ["Lakshmi", "Lindsay", "Tomaz"]]}},
    "render_config_context": {"scenario": "skip", "why": "its task names fixtures.render_config_context, an action of st2's test fixtures pack"},
}


class Squall:
    def __init__(self, binary, data_dir):
        self.binary = binary
        self.data_dir = data_dir
        self.env = dict(os.environ, SQUALL_DATA_DIR=data_dir, SQUALL_HOME=ROOT)

    def __call__(self, *arguments, check=True):
        done = subprocess.run([self.binary, *arguments], env=self.env, capture_output=True, text=True, timeout=600)
        if check and done.returncode not in (0, 1):
            raise RuntimeError(f"squall {' '.join(arguments)}: {done.stderr.strip() or done.stdout.strip()}")
        return done

    def json(self, *arguments):
        return json.loads(self(*arguments, "--json").stdout)

    def execution(self, execution_id):
        return self.json("execution", "get", execution_id)

    def wait(self, execution_id, done, what, seconds=300):
        deadline = time.time() + seconds
        while time.time() < deadline:
            record = self.execution(execution_id)
            if done(record):
                return record
            time.sleep(0.2)
        raise RuntimeError(f"timed out waiting for {what}")

    def wait_for_running_child(self, execution_id, seconds=120):
        # The first task waits on its file: a running child (or grandchild) with a child process.
        deadline = time.time() + seconds
        pending = [execution_id]
        while time.time() < deadline:
            children = []
            for parent in pending:
                children += self.json("execution", "list", "--parent", parent)
            if any((child.get("action") or {}).get("runner_type") == "local-shell-cmd" and child["status"] == "running" for child in children):
                time.sleep(0.3)
                return
            pending = [execution_id] + [child["id"] for child in children]
            time.sleep(0.2)
        raise RuntimeError("timed out waiting for the first task to run")


def parameter_text(value):
    return value if isinstance(value, str) else json.dumps(value)


def answer_for(schema):
    """An answer that fits the inquiry's schema: st2's tests answer `approved: true`."""
    sample = {"boolean": True, "string": "yes", "integer": 1, "number": 1, "array": [], "object": {}}
    return {name: sample.get(spec.get("type"), "yes") for name, spec in (schema.get("properties") or {}).items()}


def run_case(squall, name, case, scratch):
    scenario = case.get("scenario", "run")
    ref = f"examples.{name}"
    inputs = dict(case.get("input", {}))
    files = []
    waits = os.path.join(scratch, "waits")
    for parameter in case.get("files", []):
        count = case.get("list_files")
        paths = [os.path.join(waits, f"{name}-{parameter}-{i}") for i in range(count or 1)]
        for path in paths:
            with open(path, "w") as handle:
                handle.write("1" if scenario == "rerun" else "")
        files += paths
        inputs[parameter] = paths if count else paths[0]
    arguments = [f"{key}={parameter_text(value)}" for key, value in inputs.items()]
    if scenario == "st2kv":
        squall("key", "set", "examples_check_key", "foobar")
    if scenario == "run" or scenario == "st2kv":
        done = squall("run", ref, *arguments, "--json", check=False)
        if done.returncode not in (0, 1):
            return None, done.stderr.strip()
        return json.loads(done.stdout), None
    started = squall("run", ref, *arguments, "--async", "--json", check=False)
    if started.returncode != 0:
        return None, started.stderr.strip()
    execution_id = json.loads(started.stdout)["id"]
    if scenario == "ask":
        for _ in range(10):
            record = squall.wait(execution_id, lambda r: r["status"] in ("paused", "succeeded", "failed", "canceled", "timeout"),
                                 "the workflow to pause")
            if record["status"] != "paused":
                return record, None
            for inquiry in squall.json("inquiry", "list"):
                squall("inquiry", "respond", inquiry["id"], json.dumps(answer_for(inquiry.get("schema") or {})))
            squall.wait(execution_id, lambda r: r["status"] != "paused", "the workflow to resume")
        return squall.execution(execution_id), "still paused after 10 answers"
    if scenario in ("pause", "cancel"):
        squall.wait_for_running_child(execution_id)
        squall("execution", "pause" if scenario == "pause" else "cancel", execution_id)
    for path in files:
        if scenario != "rerun":
            os.remove(path)
    if scenario == "pause":
        squall.wait(execution_id, lambda r: r["status"] == "paused", "the workflow to pause")
        squall("execution", "resume", execution_id)
    ended = squall.wait(execution_id, lambda r: r["status"] in ("succeeded", "failed", "canceled", "timeout"), "the workflow to end")
    if scenario == "rerun":
        if ended["status"] != "failed":
            return ended, f"the first run should fail with the file holding 1, it ended {ended['status']}"
        for path in files:
            with open(path, "w") as handle:
                handle.write("0")
        again = squall("execution", "re-run", execution_id, "--tasks", case["tasks"], "--json", check=False)
        if again.returncode not in (0, 1):
            return None, "re-run: " + again.stderr.strip()
        rerun_id = json.loads(again.stdout)["id"]
        ended = squall.wait(rerun_id, lambda r: r["status"] in ("succeeded", "failed", "canceled", "timeout"), "the re-run to end")
    return ended, None


def compare(case, record):
    problems = []
    expected = case.get("status", "succeeded")
    result = record.get("result") or {}
    if record["status"] != expected:
        detail = json.dumps(result.get("errors") or result.get("error") or result)[:400]
        problems.append(f"status {record['status']}, st2 gives {expected}: {detail}")
    if "output" in case and result.get("output") != case["output"]:
        problems.append(f"output {json.dumps(result.get('output'))[:400]}, st2 gives {json.dumps(case['output'])[:400]}")
    if "errors" in case:
        messages = [error.get("message") for error in result.get("errors") or []]
        if messages != case["errors"]:
            problems.append(f"errors {json.dumps(messages)[:500]}, st2 gives {json.dumps(case['errors'])[:500]}")
    if "tasks" in case and isinstance(case["tasks"], list):
        got = [(task.get("name"), task.get("state")) for task in result.get("tasks") or []]
        if got != [tuple(t) for t in case["tasks"]]:
            problems.append(f"tasks {got}, st2 gives {case['tasks']}")
    for task, stdout in case.get("stdout", {}).items():
        got = [t.get("result", {}).get("stdout") for t in result.get("tasks") or [] if t.get("name") == task]
        if got != [stdout]:
            problems.append(f"{task} stdout {got}, st2 gives {stdout!r}")
    return problems


def examples_directory(checkout, scratch):
    if os.path.isdir(os.path.join(checkout, "contrib", "examples")):
        return os.path.join(checkout, "contrib", "examples")
    # A bare git directory: take contrib/examples from its HEAD.
    archive = subprocess.run(["git", "--git-dir", checkout, "archive", "HEAD", "contrib/examples"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", scratch], input=archive.stdout, check=True)
    return os.path.join(scratch, "contrib", "examples")


def allow_waits(data_dir, waits):
    """squall's children have a private /tmp: core.local's tasks see the files they wait on
    through a pack policy that binds their directory read-only (README "Sandbox policy")."""
    os.makedirs(waits, exist_ok=True)
    policies = os.path.join(data_dir, "policy", "packs")
    os.makedirs(policies, mode=0o700, exist_ok=True)
    path = os.path.join(policies, "core.json")
    with open(path, "w") as handle:
        json.dump({"version": 1, "read_only_paths": [waits]}, handle)
    os.chmod(path, 0o600)


def workflow_actions(examples):
    names = []
    actions = os.path.join(examples, "actions")
    for entry in sorted(os.listdir(actions)):
        if not entry.endswith((".yaml", ".yml")):
            continue
        name, runner = None, None
        with open(os.path.join(actions, entry)) as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key == "name":
                    name = value.strip().strip("'\"")
                elif key == "runner_type":
                    runner = value.strip().strip("'\"")
        if runner in ("orquesta", "action-chain") and name:
            names.append((name, runner))
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout")
    parser.add_argument("--squall", default=os.path.join(ROOT, ".build", "debug", "squall"))
    parser.add_argument("--keep", action="store_true", help="keep the scratch data dir")
    parser.add_argument("--only", help="comma-separated workflow names")
    options = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="squall-examples-")
    squall = Squall(os.path.abspath(options.squall), os.path.join(scratch, "data"))
    try:
        examples = examples_directory(os.path.abspath(options.checkout), scratch)
        installed = squall("pack", "install", examples, check=False)
        print(f"pack install: exit {installed.returncode}")
        for line in (installed.stdout + installed.stderr).splitlines():
            if "warning" in line.lower() or "error" in line.lower():
                print("  " + line)
        if installed.returncode != 0:
            print("examples: not installed")
            return 1
        allow_waits(squall.data_dir, os.path.join(scratch, "waits"))
        workflows = workflow_actions(examples)
        only = set(options.only.split(",")) if options.only else None
        tally = {"PASS": [], "FAIL": [], "SKIP": []}
        for name, runner in workflows:
            if only and name not in only:
                continue
            case = CASES.get(name)
            if case is None:
                verdict, why = "FAIL", "no expectation recorded in this script"
            elif case.get("scenario") == "skip":
                verdict, why = "SKIP", case["why"]
            elif case.get("scenario") == "st2ctx":
                record, error = run_case(squall, name, {}, scratch)
                output = ((record or {}).get("result") or {}).get("output") or {}
                # st2 gives its public API URL (`http://127.0.0.1:9101/v1` by default); squall gives
                # its own, where st2client reaches it (`/api/v1` on api_listen).
                wanted = f"http://127.0.0.1:9101/api/v1/executions/{(record or {}).get('id')}"
                verdict, why = ("PASS", "") if record and record["status"] == "succeeded" and output.get("callback") == wanted \
                    else ("FAIL", error or f"output {output}, st2 gives callback {wanted}")
            else:
                try:
                    record, error = run_case(squall, name, case, scratch)
                except (RuntimeError, subprocess.TimeoutExpired) as failure:
                    record, error = None, str(failure)
                problems = [error] if error else compare(case, record)
                verdict, why = ("FAIL", "; ".join(problems)) if problems else ("PASS", "")
            tally[verdict].append(name)
            print(f"{verdict} {runner:12} {name}" + (f": {why}" if why else ""), flush=True)
        ran = len(tally["PASS"]) + len(tally["FAIL"])
        print(f"\nexamples installed; {ran} of {ran + len(tally['SKIP'])} workflows run offline: "
              f"{len(tally['PASS'])} pass, {len(tally['FAIL'])} fail, {len(tally['SKIP'])} skipped")
        return 1 if tally["FAIL"] else 0
    finally:
        if options.keep:
            print(f"scratch kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
