#if canImport(Glibc)
import Glibc
#endif

/// The merge rules documented on `PackPolicyResolver`.
enum PackPolicyMerge {
    static func apply(_ overlay: PackPolicyOverlay, to site: SandboxPolicy) -> SandboxPolicy {
        var policy = site
        if let network = overlay.network { policy.network = network }
        if !overlay.readOnlyPaths.isEmpty {
            var filesystem = policy.filesystem ?? FilesystemPolicy.minimal
            filesystem.readOnly = appendingNew(overlay.readOnlyPaths, to: filesystem.readOnly)
            policy.filesystem = filesystem
        }
        policy.writablePaths = appendingNew(overlay.writablePaths, to: policy.writablePaths)
        if let limits = overlay.limits { policy.limits = merge(limits, over: policy.limits) }
        policy.seccomp = deny(overlay.deniedSyscalls, in: allow(overlay.allowedSyscalls, in: policy.seccomp))
        return policy
    }

    static func merge(_ pack: ResourceLimits, over site: ResourceLimits) -> ResourceLimits {
        ResourceLimits(cpuSeconds: pack.cpuSeconds ?? site.cpuSeconds,
                       addressSpaceBytes: pack.addressSpaceBytes ?? site.addressSpaceBytes,
                       fileSizeBytes: pack.fileSizeBytes ?? site.fileSizeBytes,
                       openFiles: pack.openFiles ?? site.openFiles,
                       pids: pack.pids ?? site.pids,
                       memoryBytes: pack.memoryBytes ?? site.memoryBytes,
                       cpuPercent: pack.cpuPercent ?? site.cpuPercent)
    }

    static func allow(_ names: [String], in seccomp: SeccompPolicy) -> SeccompPolicy {
        guard !names.isEmpty else { return seccomp }
        var result = seccomp
        result.rules = seccomp.rules.compactMap { rule in
            guard rule.arguments.isEmpty, rule.action != .allow else { return rule }
            return removing(names, from: rule)
        }
        if result.defaultAction != .allow {
            result.rules.append(SeccompRule(syscalls: names, action: .allow, comment: "allowed for this pack by the operator"))
        }
        return result
    }

    static func deny(_ names: [String], in seccomp: SeccompPolicy) -> SeccompPolicy {
        guard !names.isEmpty else { return seccomp }
        var result = seccomp
        result.rules = seccomp.rules.compactMap { removing(names, from: $0) }
        let denial = SeccompAction.errno(EPERM)
        if result.defaultAction != denial {
            result.rules.append(SeccompRule(syscalls: names, action: denial, comment: "denied for this pack by the operator"))
        }
        return result
    }

    /// The rule without `names`, or nil when nothing of it is left.
    private static func removing(_ names: [String], from rule: SeccompRule) -> SeccompRule? {
        var rule = rule
        rule.syscalls.removeAll(where: names.contains)
        return rule.syscalls.isEmpty ? nil : rule
    }

    private static func appendingNew(_ extra: [String], to list: [String]) -> [String] {
        var result = list
        for path in extra where !result.contains(path) { result.append(path) }
        return result
    }
}
