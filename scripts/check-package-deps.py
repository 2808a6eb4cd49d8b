#!/usr/bin/env python3
"""Checks that each Swift target of Package.swift lists exactly the modules its sources import.

Reads the manifest through `swift package dump-package` and every `import X` of each target's
Swift files. A declared dependency that no file imports, or an import that is not declared (and
is not a toolchain module), is reported; the exit status is 1 if there is any.
"""
import json
import os
import re
import subprocess
import sys

# Modules the toolchain provides: never declared in Package.swift.
TOOLCHAIN = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Musl", "Darwin",
             "Dispatch", "XCTest", "Synchronization", "Observation", "_Concurrency", "os", "Testing",
             "SwiftShims", "Android"}
# Modules a target may import without listing them, because no product offers them: each with why.
UNLISTABLE = {
    # Yams' libyaml, which Yams builds for itself: YAMLBudget walks its events before Yams composes.
    "CYaml": "SquallPacks",
}
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+"
                    r"(?:(?:class|struct|enum|func|protocol|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)",
                    re.MULTILINE)
# Multi-line string literals (tests embed Python and shell programs whose `import` lines are not Swift's).
STRING_BLOCK = re.compile(r'#*"""[\s\S]*?"""#*')


def target_directory(root, target):
    if target.get("path"):
        return os.path.join(root, target["path"])
    base = "Tests" if target["type"] == "test" else "Sources"
    return os.path.join(root, base, target["name"])


def imports_of(directory):
    found = set()
    for folder, _, files in os.walk(directory):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(folder, name), encoding="utf-8") as source:
                    found.update(IMPORT.findall(STRING_BLOCK.sub("", source.read())))
    return found


def declared_modules(target):
    modules = set()
    for dependency in target["dependencies"]:
        kind, value = next(iter(dependency.items()))
        modules.add(value[0])  # byName, target: the module; product: its (same-named) module
    return modules


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                         capture_output=True, text=True).stdout)
    # A test target may depend on an executable only to have it built (the tests run the binary).
    executables = {t["name"] for t in manifest["targets"] if t["type"] == "executable"}
    problems, checked = [], 0
    for target in manifest["targets"]:
        if target["type"] == "system-target":
            continue
        directory = target_directory(root, target)
        swift_files = [f for _, _, files in os.walk(directory) for f in files if f.endswith(".swift")]
        if not swift_files:
            continue  # a C target: its includes are not modules
        checked += 1
        imported = imports_of(directory) - TOOLCHAIN - {target["name"]}
        imported -= {module for module, owner in UNLISTABLE.items() if owner == target["name"]}
        declared = declared_modules(target)
        for module in sorted(declared - imported - executables):
            problems.append(f"{target['name']}: depends on {module}, which none of its files imports")
        for module in sorted(imported - declared):
            problems.append(f"{target['name']}: imports {module}, which Package.swift does not list")
    for line in problems:
        print("Package.swift: " + line, file=sys.stderr, flush=True)
    print(f"package dependencies: {checked} Swift targets checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
