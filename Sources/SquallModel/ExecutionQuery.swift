import Foundation

/// Which executions a list asks for, newest first: the filters st2's `execution list` and
/// `/api/v1/executions` offer, with offset paging. nil means "any".
public struct ExecutionQuery: Sendable, Hashable {
    public var action: String?
    public var status: ExecutionStatus?
    /// The user who started it (`context.user`).
    public var user: String?
    /// The parent execution's id (`context.parent.execution_id`, as st2 records workflow children).
    public var parent: String?
    /// The rule that started it (`context.rule.ref`).
    public var rule: String?
    /// The trigger instance whose rule started it (`context.trigger_instance.id`).
    public var triggerInstance: String?
    /// Started strictly after / before these times (st2's `timestamp_gt` / `timestamp_lt`).
    public var startedAfter: Date?
    public var startedBefore: Date?
    public var limit: Int
    public var offset: Int
    /// Only executions without a parent (st2's `parent=null`: no workflow task executions).
    public var topLevelOnly = false
    /// Whether the records carry their results. Lists that show none leave them out: the store
    /// then does not read them (a 40 MB result made `execution list -n 1` read 40 MB).
    public var includeResults = true

    public init(action: String? = nil, status: ExecutionStatus? = nil, user: String? = nil, parent: String? = nil,
                rule: String? = nil, triggerInstance: String? = nil, startedAfter: Date? = nil, startedBefore: Date? = nil,
                limit: Int = 50, offset: Int = 0) {
        self.action = action; self.status = status; self.user = user; self.parent = parent
        self.rule = rule; self.triggerInstance = triggerInstance
        self.startedAfter = startedAfter; self.startedBefore = startedBefore
        self.limit = limit; self.offset = offset
    }

    /// Whether `execution` passes every filter (paging aside): what a store without an index does.
    public func matches(_ execution: Execution) -> Bool {
        if let action, execution.action != action { return false }
        if let status, execution.status != status { return false }
        if let user, execution.context["user"]?.stringValue != user { return false }
        if let parent, execution.context["parent"]?["execution_id"]?.stringValue != parent { return false }
        if topLevelOnly, let parent = execution.context["parent"], !parent.isNull { return false }
        if let rule, execution.context["rule"]?["ref"]?.stringValue != rule { return false }
        if let triggerInstance, execution.context["trigger_instance"]?["id"]?.stringValue != triggerInstance { return false }
        if let startedAfter, !(execution.startTimestamp > startedAfter) { return false }
        if let startedBefore, !(execution.startTimestamp < startedBefore) { return false }
        return true
    }
}
