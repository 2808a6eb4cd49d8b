#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target (Fuzz/<target>) into a directory, from the test
fixtures: pack, rule and workflow YAML files, template and YAQL expressions found in them and in
the tests, st2's operator cases, one frame of each child message type, and JSON bodies.

Usage: scripts/fuzz-seeds.py TARGET DIRECTORY
"""
import glob
import hashlib
import json
import os
import re
import sys
import warnings

# Seeds keep a test literal's odd escapes as they come.
warnings.simplefilter("ignore", DeprecationWarning)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def files(*patterns):
    for pattern in patterns:
        yield from sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def yaml_files():
    return [read(p) for p in files("Tests/Fixtures/**/*.yaml", "Packs/**/*.yaml")]


def workflow_files():
    return [read(p) for p in files("Tests/Fixtures/orquesta/**/workflows/*.yaml", "Packs/**/workflows/*.yaml")]


def swift_string_literals(pattern):
    # Plain one-line "..." literals of the tests (escapes kept as written, close enough for seeds).
    for path in pattern:
        for literal in re.findall(r'"((?:[^"\\\n]|\\.)*)"', read(path)):
            yield literal.encode().decode("unicode_escape", errors="ignore")


def templates():
    found = set()
    for text in list(swift_string_literals(files("Tests/SquallTemplatesTests/*.swift"))) + yaml_files():
        found.update(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text))
    return sorted(found)


def yaql():
    found = set()
    for text in workflow_files():
        found.update(m.strip() for m in re.findall(r"<%(.*?)%>", text))
    found.update(swift_string_literals(files("Tests/SquallYAQLTests/YAQLGeneratedCases.swift")))
    return sorted(found)


def criteria():
    cases = json.loads(read(os.path.join(ROOT, "Tests/SquallRulesTests/Fixtures/operators.json")))
    return ["\0".join([c["op"], json.dumps(c.get("value")), json.dumps(c.get("pattern"))]) for c in cases]


def child_messages():
    return [json.dumps(m) for m in [
        {"type": "hello", "execution_id": "abc123", "pid": 42},
        {"type": "log", "level": "INFO", "logger": "action", "message": "hello"},
        {"type": "datastore", "id": 1, "op": "get_value", "args": {"name": "pack.key", "local": True}},
        {"type": "result", "status": True, "result": {"stdout": "x", "n": [1, 2.5, None]}},
        {"type": "result", "status": None, "result": "text"},
        {"type": "error", "exit_code": 220, "message": "status must be a bool"},
        {"type": "dispatch", "trigger": "pack.trigger", "payload": {"a": 1}, "trace_tag": "t"},
        {"type": "sensor_started"},
        {"type": "sensor_stopped"},
    ]]


def api_bodies():
    # JSON files of the fixtures, and the JSON bodies the API tests send (one-line literals that parse).
    found = {read(p) for p in files("Tests/**/*.json") if os.path.getsize(p) <= 8192}
    for literal in swift_string_literals(files("Tests/SquallIntegrationTests/*API*.swift", "Tests/SquallIntegrationTests/*HTTP*.swift",
                                               "Tests/SquallIntegrationTests/St2*.swift", "Tests/SquallModelTests/*.swift")):
        if literal.lstrip()[:1] in ("{", "["):
            try:
                json.loads(literal)
            except ValueError:
                continue
            found.add(literal)
    found.update(child_messages())
    return sorted(found)


def large_results():
    # Result values (the JSON bodies above, the child messages' results), bare and in a result
    # frame: the fuzz target reads its input both ways.
    values = set(api_bodies())
    values.update(json.dumps(json.loads(m).get("result")) for m in child_messages())
    # Cases the two paths could read differently: repeated and escaped members, a byte-order
    # mark, canonically equal keys, numbers at the edges.
    values.update(['{"\\u00e9": 1, "e\\u0301": 2, "\u00e9": [3]}', '"\\ud83d\\ude00"', "-0.0", "1E400",
                   "12345678901234567890123", '\ufeff{"a": 1}', '[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]'])
    found = set(values)
    found.update(['{"type": "result", "result": 1, "result": [2], "status": true}',
                  '{"type": "log", "type": "result", "result": [2]}',
                  '{"typ\\u0065": "result", "r\\u0065sult": {"x": [1]}, "status": null}',
                  '{"type": "result", "result": [1], "status": "x", "status": false}'])
    for value in values:
        found.add('{"type": "result", "status": true, "result": ' + value + "}")
    return sorted(found)


SEEDS = {
    "FuzzYAMLRules": yaml_files,
    "FuzzTemplates": templates,
    "FuzzCriteria": criteria,
    "FuzzChildMessage": child_messages,
    "FuzzYAQL": yaql,
    "FuzzWorkflows": workflow_files,
    "FuzzAPIBodies": api_bodies,
    "FuzzLargeResult": large_results,
}


def main():
    target, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    seeds = SEEDS[target]()
    for seed in seeds:
        data = seed.encode()
        with open(os.path.join(directory, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seeds)} seeds in {directory}")


if __name__ == "__main__":
    main()
