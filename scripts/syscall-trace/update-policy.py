#!/usr/bin/python3
"""Rewrites the allowlist rule of Sandbox/policy/default.json from a traced syscall list.

    scripts/syscall-trace/update-policy.py Sandbox/policy/traced-syscalls.txt [policy.json]

allowed = traced names + ADDED (common needs the workloads happened not to make), minus NEVER
(kernel, mount, tracing and keyring surfaces no action may reach even if a workload tried) and
minus SPECIAL (syscalls the policy's other rules answer: clone3 -> ENOSYS). ioctl, socket and
clone are allowed here and narrowed by the argument rules that follow in the same file.
"""
import json
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

ADDED = {
    # the kernel restarts interrupted sleeps with it; raise(), abort() and pthread_kill use tgkill
    "restart_syscall", "tgkill",
    # variants glibc or other libcs pick instead of the traced ones
    "ppoll", "pwrite64", "ftruncate", "signalfd", "signalfd4", "timerfd_create", "timerfd_settime", "memfd_create",
    "pipe", "dup3", "readv", "writev", "preadv", "pwritev", "preadv2", "pwritev2", "select", "nanosleep",
    "stat", "lstat", "fstat", "getdents", "readlinkat", "mkdirat", "linkat", "renameat", "fchownat",
    "faccessat", "chown", "lchown", "utimes", "utime", "futimesat", "epoll_pwait", "epoll_pwait2", "eventfd",
    "accept", "sendmsg", "recvmmsg", "waitid", "tkill", "fork", "dup", "time", "gettimeofday", "clock_getres",
    # process and signal management shells and daemons use
    "getpgid", "getsid", "setsid", "alarm", "pause", "getitimer", "rt_sigtimedwait", "rt_sigpending",
    "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_open", "pidfd_send_signal", "pidfd_getfd",
    "getresuid", "getresgid", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
    "setgroups", "setfsuid", "setfsgid", "capget", "capset", "getrlimit", "setrlimit", "getcpu",
    "sched_yield", "sched_setaffinity", "sched_setparam", "sched_get_priority_max",
    "sched_get_priority_min", "sched_rr_get_interval", "ioprio_get", "ioprio_set", "membarrier",
    # files, memory and timers
    "fallocate", "sync", "syncfs", "sync_file_range", "msync", "mincore", "mlock", "mlock2", "munlock",
    "mlockall", "munlockall", "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
    "timerfd_gettime", "timer_gettime", "timer_getoverrun", "timer_delete", "tee", "vmsplice",
    "removexattr", "lremovexattr", "fremovexattr", "setxattr", "lsetxattr", "fsetxattr", "flistxattr", "llistxattr",
    "fgetxattr", "openat2", "fchmodat2", "futex_waitv", "get_robust_list", "process_mrelease",
    # System V IPC (private to the child with the ipc namespace)
    "shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semctl", "semtimedop",
    "msgget", "msgsnd", "msgrcv", "msgctl",
}


def main():
    traced_file = sys.argv[1]
    policy_file = sys.argv[2] if len(sys.argv) > 2 else "Sandbox/policy/default.json"
    with open(traced_file) as handle:
        traced = {line.strip() for line in handle if line.strip()}
    allowed = sorted((traced | ADDED) - NEVER - SPECIAL)
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
    print(f"{policy_file}: {len(allowed)} syscalls allowed ({len(traced)} traced, {len(NEVER & traced)} traced but never allowed)")


if __name__ == "__main__":
    main()
