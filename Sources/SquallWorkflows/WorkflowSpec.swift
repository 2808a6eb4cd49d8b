import SquallModel

/// An Orquesta workflow definition (`version: 1.0`), as read from its YAML.
public struct WorkflowSpec: Sendable {
    public var description: String?
    /// Input names in order, with the default expression of those that have one.
    public var input: [(name: String, defaultValue: JSONValue?)]
    /// `vars` in order: each may use the inputs and the vars before it.
    public var vars: [(name: String, value: JSONValue)]
    public var tasks: [String: TaskSpec]
    /// Task names in file order (for stable messages and start order).
    public var taskOrder: [String]
    /// `output` entries in order; nil when the workflow has no output section.
    public var output: [(name: String, value: JSONValue)]?

    /// Tasks no transition leads to: where the workflow starts.
    public var startTasks: [String] {
        let targets = Set(tasks.values.flatMap { $0.next.flatMap(\.targets) })
        return taskOrder.filter { !targets.contains($0) }
    }

    /// How many transitions lead to `task` (what `join: all` waits for).
    public func inboundCount(_ task: String) -> Int {
        tasks.values.reduce(0) { count, spec in count + spec.next.filter { $0.targets.contains(task) }.count }
    }
}

public struct TaskSpec: Sendable {
    public var name: String
    /// The action ref, nil for a task that runs no action.
    public var action: String?
    /// The task's input, inline `k=v` parameters of `action` merged in.
    public var input: [String: JSONValue]
    public var next: [TransitionSpec]
    public var join: JoinSpec?
    public var with: WithItemsSpec?
    public var retry: RetrySpec?
    /// Seconds to wait before the action starts.
    public var delay: JSONValue?
}

public enum JoinSpec: Sendable, Equatable {
    case all
    case count(Int)
}

public struct TransitionSpec: Sendable {
    /// The condition; nil means always.
    public var when: String?
    public var publish: [(name: String, value: JSONValue)]
    /// Task names and the engine commands `noop`, `fail`, `continue`.
    public var targets: [String]
}

public struct WithItemsSpec: Sendable {
    /// Item variable names (`x in ...`, `x, y in ...`); empty for a bare list expression.
    public var names: [String]
    /// The expression(s) giving the list(s); several are zipped.
    public var lists: [String]
    public var concurrency: JSONValue?
}

public struct RetrySpec: Sendable {
    public var count: JSONValue
    public var delay: JSONValue?
    public var when: String?
}

/// The engine commands a transition may name instead of a task; no task may take these names.
public enum EngineCommand: String, CaseIterable, Sendable {
    case noop, fail, `continue`, retry
}
