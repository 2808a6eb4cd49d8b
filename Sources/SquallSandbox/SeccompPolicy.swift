/// A seccomp filter as data. Compiled to BPF in the parent (see `SeccompFilterCache`);
/// architectures other than the native one (i386, x32) are always killed.
public struct SeccompPolicy: Sendable, Codable, Equatable, Hashable {
    /// `.errno(EPERM)` for the shipped allowlist; `.allow` makes the rules a denylist.
    public var defaultAction: SeccompAction
    public var rules: [SeccompRule]

    public init(defaultAction: SeccompAction, rules: [SeccompRule]) {
        self.defaultAction = defaultAction
        self.rules = rules
    }

    /// Every syscall that a rule without argument conditions answers with an errno.
    public var deniedSyscalls: [String: Int32] {
        var denied: [String: Int32] = [:]
        for rule in rules where rule.arguments.isEmpty {
            if case .errno(let number) = rule.action {
                for name in rule.syscalls { denied[name] = number }
            }
        }
        return denied
    }

    /// What the filter answers to `name` whatever its arguments: the first rule without argument
    /// conditions that names it, else the default action.
    public func action(for name: String) -> SeccompAction {
        rules.first { $0.arguments.isEmpty && $0.syscalls.contains(name) }?.action ?? defaultAction
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case defaultAction = "default_action"
        case rules
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaultAction = try container.decode(SeccompAction.self, forKey: .defaultAction)
        rules = try container.decodeIfPresent([SeccompRule].self, forKey: .rules) ?? []
    }
}

/// One action for a set of syscalls, optionally only when every argument condition holds.
public struct SeccompRule: Sendable, Codable, Equatable, Hashable {
    public var syscalls: [String]
    public var action: SeccompAction
    public var arguments: [SeccompArgumentCondition]
    public var comment: String?

    public init(syscalls: [String], action: SeccompAction,
                arguments: [SeccompArgumentCondition] = [], comment: String? = nil) {
        self.syscalls = syscalls
        self.action = action
        self.arguments = arguments
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case syscalls, action, arguments, comment
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        syscalls = try container.decode([String].self, forKey: .syscalls)
        action = try container.decode(SeccompAction.self, forKey: .action)
        arguments = try container.decodeIfPresent([SeccompArgumentCondition].self, forKey: .arguments) ?? []
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
    }
}

/// A comparison of one syscall argument (0...5). `maskedEqual` compares `argument & mask`
/// with `value`; a 32-bit mask makes the upper half irrelevant, as the kernel does for ioctl.
public struct SeccompArgumentCondition: Sendable, Codable, Equatable, Hashable {
    public enum Comparison: String, Sendable, Codable, Hashable {
        case equal = "eq", notEqual = "ne", less = "lt", lessOrEqual = "le"
        case greater = "gt", greaterOrEqual = "ge", maskedEqual = "masked_eq"
    }

    public var index: UInt32
    public var comparison: Comparison
    public var value: UInt64
    public var mask: UInt64?

    public init(index: UInt32, comparison: Comparison, value: UInt64, mask: UInt64? = nil) {
        self.index = index
        self.comparison = comparison
        self.value = value
        self.mask = mask
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case index, comparison = "op", value, mask
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(UInt32.self, forKey: .index)
        comparison = try container.decode(Comparison.self, forKey: .comparison)
        value = try container.decode(UInt64.self, forKey: .value)
        mask = try container.decodeIfPresent(UInt64.self, forKey: .mask)
        if index > 5 {
            throw DecodingError.dataCorruptedError(forKey: .index, in: container,
                                                   debugDescription: "argument index must be 0...5")
        }
        if (comparison == .maskedEqual) != (mask != nil) {
            throw DecodingError.dataCorruptedError(forKey: .mask, in: container,
                                                   debugDescription: "mask is required with masked_eq and only with it")
        }
    }
}
