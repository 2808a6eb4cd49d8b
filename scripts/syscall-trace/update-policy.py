#!/usr/bin/python3
"""Rewrites the allowlist rule of Sandbox/policy/default.json from a traced syscall list.

    scripts/syscall-trace/update-policy.py Sandbox/policy/traced-syscalls.txt [policy.json]

allowed = traced names + Sandbox/policy/added-syscalls.txt (each with the reason a real program
or library needs it although no workload made it), minus NEVER
(kernel, mount, tracing and keyring surfaces no action may reach even if a workload tried) and
minus SPECIAL (syscalls the policy's other rules answer: clone3 -> ENOSYS). ioctl, socket and
clone are allowed here and narrowed by the argument rules that follow in the same file.
"""
import json
import os
import sys

NEVER = {
    # mounts and namespaces: the view is built by the launcher, never by the child
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",
    # kernel code, tracing, other processes' memory, keyrings
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "bpf",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "keyctl", "add_key", "request_key",
    "userfaultfd", "perf_event_open", "io_uring_setup", "io_uring_enter", "io_uring_register",
    # file handles bypass path checks (the "shocker" escape)
    "name_to_handle_at", "open_by_handle_at",
    # host administration
    "swapon", "swapoff", "reboot", "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "syslog", "iopl", "ioperm", "quotactl", "vhangup", "sethostname", "setdomainname", "lookup_dcookie",
    # new filters are the launcher's job (the traced supervisor attaches them, children do not)
    "seccomp",
}

SPECIAL = {"clone3"}


def added_with_reasons(path):
    """Sandbox/policy/added-syscalls.txt: `name  reason`, one a line; # starts a comment."""
    added = {}
    with open(path) as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition(" ")
            if not reason.strip():
                sys.exit(f"{path}:{number}: {name} has no reason")
            added[name] = reason.strip()
    return added


def main():
    traced_file = sys.argv[1]
    policy_file = sys.argv[2] if len(sys.argv) > 2 else "Sandbox/policy/default.json"
    with open(traced_file) as handle:
        traced = {line.strip() for line in handle if line.strip()}
    added = added_with_reasons(os.path.join(os.path.dirname(traced_file), "added-syscalls.txt"))
    for name in sorted(set(added) & traced):
        print(f"note: {name} is traced now; its entry in added-syscalls.txt can go")
    allowed = sorted((traced | set(added)) - NEVER - SPECIAL)
    with open(policy_file) as handle:
        policy = json.load(handle)
    rules = policy["seccomp"]["rules"]
    allowlist = [rule for rule in rules if rule["action"] == "allow" and not rule.get("arguments")]
    if len(allowlist) != 1:
        sys.exit(f"{policy_file}: expected exactly one unconditional allow rule, found {len(allowlist)}")
    allowlist[0]["syscalls"] = allowed
    with open(policy_file, "w") as handle:
        json.dump(policy, handle, indent=2)
        handle.write("\n")
    print(f"{policy_file}: {len(allowed)} syscalls allowed ({len(traced)} traced, {len(set(added) - traced)} added with a reason, "
          f"{len(NEVER & traced)} traced but never allowed)")


if __name__ == "__main__":
    main()
