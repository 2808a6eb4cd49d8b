import Foundation

/// How long records are kept: st2's garbage collector TTLs, in whole days (st2's
/// `[garbagecollector]` options of the same names). Unset keeps records forever, st2's default.
public struct Retention: Sendable, Equatable {
    public var triggerInstancesDays: Int?
    public var ruleEnforcementsDays: Int?
    public var actionExecutionsDays: Int?

    public init(triggerInstancesDays: Int? = nil, ruleEnforcementsDays: Int? = nil, actionExecutionsDays: Int? = nil) {
        self.triggerInstancesDays = triggerInstancesDays
        self.ruleEnforcementsDays = ruleEnforcementsDays
        self.actionExecutionsDays = actionExecutionsDays
    }

    /// Whether `squall server` has anything to collect.
    public var isEnabled: Bool { triggerInstancesDays != nil || ruleEnforcementsDays != nil || actionExecutionsDays != nil }

    /// st2's garbage collector runs every 600 seconds.
    public static let collectionInterval: TimeInterval = 600

    /// A TTL setting's value: a whole number of days, at least 1 (st2 refuses less, too).
    static func days(_ text: String?, key: SettingKey, origin: String) throws -> Int? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let days = Int(text), days >= 1 else {
            throw EngineError.badInput("\(key.rawValue): '\(text)' is not a whole number of days of at least 1 (\(origin))")
        }
        return days
    }
}

/// What one garbage collection deleted.
public struct PurgeCounts: Sendable, Equatable {
    public var triggerInstances = 0
    public var ruleEnforcements = 0
    public var executions = 0
    public init() {}
    public var total: Int { triggerInstances + ruleEnforcements + executions }
}

extension Engine {
    /// Deletes what `retention` no longer keeps (`squall server` does this every 600 seconds).
    public func collectGarbage(_ retention: Retention, now: Date = Date()) throws -> PurgeCounts {
        func cutoff(_ days: Int) -> Date { now.addingTimeInterval(-Double(days) * 86_400) }
        var purged = PurgeCounts()
        if let days = retention.triggerInstancesDays {
            purged.triggerInstances = try purge(.triggerInstances, olderThan: cutoff(days))
        }
        if let days = retention.ruleEnforcementsDays {
            purged.ruleEnforcements = try purge(.ruleEnforcements, olderThan: cutoff(days))
        }
        if let days = retention.actionExecutionsDays {
            purged.executions = try purge(.executions, olderThan: cutoff(days))
        }
        return purged
    }
}
