import SquallSandbox

/// The warm host's own sandbox policy: its pack's, plus what it needs to fork each execution
/// straight into new namespaces (Runners/python/squall_namespace_fork.py): clone with the
/// namespace flags its forks use, and mount and capset, which the forks use to build their
/// /proc, /tmp and /dev/shm and drop their capabilities. Each fork attaches the pack's strict
/// filter (the cold child's) before it runs anything of the action's, which takes them away again.
enum WarmHostPolicy {
    /// CLONE_NEWNS, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET: the kernel's values.
    static let forkNamespaceFlags: Set<UInt64> = [0x0002_0000, 0x0400_0000, 0x0800_0000, 0x1000_0000, 0x2000_0000, 0x4000_0000]

    static func policy(forHostOf pack: SandboxPolicy) -> SandboxPolicy {
        var host = pack
        host.seccomp.rules.removeAll(where: isForkNamespaceDenial)
        host.seccomp.rules.append(SeccompRule(syscalls: ["mount", "capset"], action: .allow))
        return host
    }

    /// A rule refusing clone with one of the namespace flags the host's forks need.
    private static func isForkNamespaceDenial(_ rule: SeccompRule) -> Bool {
        guard rule.syscalls == ["clone"], rule.arguments.count == 1, let condition = rule.arguments.first else { return false }
        return condition.index == 0 && condition.comparison == .maskedEqual && condition.mask == condition.value
            && forkNamespaceFlags.contains(condition.value)
    }
}
