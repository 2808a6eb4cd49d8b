"""Prints the sorted, unique syscall names in `strace -f -o FILE` output.

--supervisor PATH (repeatable): count a process only after it executes something other than these
programs (and its threads and forks after that), so a traced squall CLI contributes only its
children's calls: the launcher's own steps run before the filter is attached and need no entry.
"""
import argparse
import re
import sys

CALL = re.compile(r"^(\d+)\s+(?:<\.\.\. )?([a-z_][a-z0-9_]*)(?:\(| resumed>)")
CHILD_PID = re.compile(r"=\s+(\d+)(?:\s|$)")
EXECVE_PATH = re.compile(r'execve\("([^"]*)"')
SUCCEEDED = re.compile(r"\)\s+=\s+0(?:\s|$)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("traces", nargs="+")
    parser.add_argument("--supervisor", action="append", default=[])
    arguments = parser.parse_args()
    names = set()
    for trace in arguments.traces:
        names |= names_in(trace, set(arguments.supervisor))
    sys.stdout.write("".join(name + "\n" for name in sorted(names)))


def names_in(trace, supervisors):
    parent_of = {}
    exec_line = {}  # pid -> index of its first execve of a non-supervisor program
    exec_path = {}  # pid -> the program of its execve in progress (strace splits calls across lines)
    calls = []
    with open(trace, errors="replace") as lines:
        for index, line in enumerate(lines):
            match = CALL.match(line)
            if not match:
                continue
            pid, name = int(match.group(1)), match.group(2)
            if name.startswith("syscall_0x"):
                # strace's name for a number no kernel has, e.g. -1 for a thread cut off by
                # exit_group in the middle of a call (Go programs show it): not a call to allow.
                continue
            calls.append((index, pid, name))
            if name in ("clone", "clone3", "fork", "vfork"):
                child = CHILD_PID.search(line.rstrip().rsplit(")", 1)[-1])
                if child:
                    parent_of[int(child.group(1))] = pid
            if name == "execve":
                path = EXECVE_PATH.search(line)
                if path:
                    exec_path[pid] = path.group(1)
                if SUCCEEDED.search(line) and pid not in exec_line and exec_path.get(pid) not in supervisors | {None}:
                    exec_line[pid] = index

    root = calls[0][1] if calls else None

    def is_child(pid, seen=()):
        if not supervisors or pid in exec_line:
            return True
        parent = parent_of.get(pid)
        if parent is None:
            # clone() inside a pid namespace returns the namespace's pid, which names no host
            # process: only a child's threads and forks are created there; the root is the CLI.
            return pid != root
        return parent not in seen and is_child(parent, seen + (pid,))

    names = set()
    for index, pid, name in calls:
        if not supervisors:
            names.add(name)
        elif pid in exec_line:
            if index >= exec_line[pid]:
                names.add(name)
        elif is_child(pid):
            names.add(name)
    return names


if __name__ == "__main__":
    main()
