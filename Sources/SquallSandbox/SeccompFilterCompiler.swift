import CSeccomp
import CSquallLauncher
#if canImport(Glibc)
import Glibc
#endif

/// A policy that libseccomp refuses; `field` is relative to the `seccomp` object.
struct SeccompCompileError: Error, CustomStringConvertible {
    var field: String
    var message: String
    var description: String { "\(field): \(message)" }
}

/// The BPF programs (bytes of `struct sock_filter[]`) a child attaches: `main` always,
/// `argumentFilter` first when not empty (see `SeccompFilterCompiler.compile`).
struct SeccompPrograms: Equatable {
    var main: [UInt8]
    var argumentFilter: [UInt8] = []

    /// No filter at all (the feature probes).
    static let none = SeccompPrograms(main: [])
}

/// Turns a `SeccompPolicy` into BPF programs with libseccomp. Runs in the parent; the child only
/// attaches the bytes.
enum SeccompFilterCompiler {
    // libseccomp's action values are C macros, which Swift cannot import.
    private static let actionAllow: UInt32 = 0x7fff_0000
    private static let actionLog: UInt32 = 0x7ffc_0000
    private static let actionKillProcess: UInt32 = 0x8000_0000
    private static func actionErrno(_ number: Int32) -> UInt32 { 0x0005_0000 | (UInt32(number) & 0xffff) }

    static func rawAction(_ action: SeccompAction) -> UInt32 {
        switch action {
        case .allow: return actionAllow
        case .log: return actionLog
        case .killProcess: return actionKillProcess
        case .errno(let number): return actionErrno(number)
        }
    }

    /// An allowlist (default not `allow`) cannot carry argument-conditioned denials of syscalls it
    /// allows outright: libseccomp refuses to mix both for one syscall. Those rules go into a second
    /// filter with default `allow`; the kernel takes the strictest answer of the two.
    static func compile(_ policy: SeccompPolicy) throws -> SeccompPrograms {
        let indexed = Array(policy.rules.enumerated())
        let separate = policy.defaultAction != .allow
        let isArgumentDenial = { (rule: SeccompRule) in separate && !rule.arguments.isEmpty && rule.action != .allow }
        let main = try compile(defaultAction: policy.defaultAction, rules: indexed.filter { !isArgumentDenial($0.element) })
        let denials = indexed.filter { isArgumentDenial($0.element) }
        let argumentFilter = denials.isEmpty ? [] : try compile(defaultAction: .allow, rules: denials)
        return SeccompPrograms(main: main, argumentFilter: argumentFilter)
    }

    /// `rules` keep their index in the policy, so errors name the rule as the file has it.
    private static func compile(defaultAction: SeccompAction, rules: [(offset: Int, element: SeccompRule)]) throws -> [UInt8] {
        guard let context = seccomp_init(rawAction(defaultAction)) else {
            throw SeccompCompileError(field: "default_action", message: "libseccomp refused the default action")
        }
        defer { seccomp_release(context) }

        // Only the native architecture is in the filter, so i386 (int $0x80) and x32 (nr | 0x40000000)
        // calls hit the bad-architecture action: kill the whole process, not just the thread.
        try check(seccomp_attr_set(context, SCMP_FLTATR_ACT_BADARCH, actionKillProcess), field: "(architecture)")

        for (ruleIndex, rule) in rules {
            let ruleField = "rules[\(ruleIndex)]"
            if rule.action == defaultAction {
                throw SeccompCompileError(field: ruleField + ".action",
                                          message: "same as the default action, so the rule would do nothing")
            }
            let conditions = rule.arguments.map(argumentComparison)
            for (syscallIndex, name) in rule.syscalls.enumerated() {
                let field = "\(ruleField).syscalls[\(syscallIndex)]"
                let number = seccomp_syscall_resolve_name(name)
                guard number >= 0 else {
                    throw SeccompCompileError(field: field, message: "unknown syscall '\(name)' on this architecture")
                }
                let result = conditions.withUnsafeBufferPointer { buffer in
                    seccomp_rule_add_array(context, rawAction(rule.action), number,
                                           UInt32(buffer.count), buffer.baseAddress)
                }
                try check(result, field: field)
            }
        }
        return try export(context)
    }

    private static func argumentComparison(_ condition: SeccompArgumentCondition) -> scmp_arg_cmp {
        let operation: scmp_compare
        var first = condition.value
        var second: UInt64 = 0
        switch condition.comparison {
        case .equal: operation = SCMP_CMP_EQ
        case .notEqual: operation = SCMP_CMP_NE
        case .less: operation = SCMP_CMP_LT
        case .lessOrEqual: operation = SCMP_CMP_LE
        case .greater: operation = SCMP_CMP_GT
        case .greaterOrEqual: operation = SCMP_CMP_GE
        case .maskedEqual:
            operation = SCMP_CMP_MASKED_EQ
            first = condition.mask ?? 0
            second = condition.value
        }
        return scmp_arg_cmp(arg: condition.index, op: operation, datum_a: first, datum_b: second)
    }

    private static func check(_ result: Int32, field: String) throws {
        if result < 0 {
            throw SeccompCompileError(field: field, message: "libseccomp: " + String(cString: strerror(-result)))
        }
    }

    /// libseccomp 2.5 can only export to an fd: use a memfd and read it back.
    private static func export(_ context: scmp_filter_ctx) throws -> [UInt8] {
        let fd = squall_memfd_create("squall-seccomp")
        guard fd >= 0 else {
            throw SeccompCompileError(field: "(export)", message: "memfd_create: " + String(cString: strerror(errno)))
        }
        defer { close(fd) }
        try check(seccomp_export_bpf(context, fd), field: "(export)")
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0, lseek(fd, 0, SEEK_SET) == 0 else {
            throw SeccompCompileError(field: "(export)", message: "empty BPF program")
        }
        var program = [UInt8](repeating: 0, count: Int(size))
        var offset = 0
        while offset < program.count {
            let got = program.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                throw SeccompCompileError(field: "(export)", message: "short read of the BPF program")
            }
            offset += got
        }
        return program
    }
}
