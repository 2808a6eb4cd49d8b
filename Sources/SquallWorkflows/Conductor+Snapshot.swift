import Foundation
import SquallModel

/// Everything a `Conductor` has learned from its events, as JSON: the runner saves it in the store
/// after each event, and a conductor restored from it (with the same spec) goes on as if it had
/// never stopped.
public struct ConductorSnapshot: Codable, Equatable, Sendable {
    struct Request: Codable, Equatable { var id: Int; var instance: Int; var item: Int? }
    struct Join: Codable, Equatable {
        var task: String; var arrivals: Int; var context: [String: JSONValue]
        /// Optional: a state saved before the conductor kept what was published has none.
        var published: [String: JSONValue]? = nil
    }
    struct Ended: Codable, Equatable { var index: Int; var result: JSONValue }

    var status: WorkflowStatus
    var errors: [JSONValue]
    var output: JSONValue
    var initialContext: [String: JSONValue]
    var suppliedInput: [String: JSONValue]
    var instances: [Conductor.TaskInstance]
    var requests: [Request]
    var nextRequestID: Int
    var joins: [Join]
    var taskStatuses: [String: String]
    var failing: Bool
    var terminalContexts: [[String: JSONValue]]
    /// Optional, as `Join.published`.
    var terminalPublished: [[String: JSONValue]?]?
    var routes: [String: Int]
    var endedWithoutAction: [Ended]
    /// Optional: a state saved before `task()` existed has none.
    var latestTasks: [String: LatestTask]?

    public var json: JSONValue {
        // Through JSONValue's own Codable: JSONSerialization would turn Int.max into a double.
        get throws { try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(self)) }
    }

    public init(json: JSONValue) throws {
        self = try JSONDecoder().decode(ConductorSnapshot.self, from: Data(json.jsonString().utf8))
    }

    init(status: WorkflowStatus, errors: [JSONValue], output: JSONValue, initialContext: [String: JSONValue],
         suppliedInput: [String: JSONValue], instances: [Conductor.TaskInstance], requests: [Request], nextRequestID: Int,
         joins: [Join], taskStatuses: [String: String], failing: Bool, terminalContexts: [[String: JSONValue]],
         routes: [String: Int], endedWithoutAction: [Ended], latestTasks: [String: LatestTask],
         terminalPublished: [[String: JSONValue]?]) {
        self.status = status; self.errors = errors; self.output = output; self.initialContext = initialContext
        self.suppliedInput = suppliedInput; self.instances = instances; self.requests = requests
        self.nextRequestID = nextRequestID; self.joins = joins; self.taskStatuses = taskStatuses; self.failing = failing
        self.terminalContexts = terminalContexts; self.routes = routes; self.endedWithoutAction = endedWithoutAction
        self.latestTasks = latestTasks
        self.terminalPublished = terminalPublished
    }
}

extension Conductor {
    public var snapshot: ConductorSnapshot {
        ConductorSnapshot(
            status: status, errors: errors, output: output, initialContext: initialContext, suppliedInput: suppliedInput,
            instances: instances,
            requests: requests.map { .init(id: $0.key, instance: $0.value.instance, item: $0.value.item) }.sorted { $0.id < $1.id },
            nextRequestID: nextRequestID,
            joins: joins.map { .init(task: $0.key, arrivals: $0.value.arrivals, context: $0.value.context, published: joinPublished[$0.key]) }
                .sorted { $0.task < $1.task },
            taskStatuses: taskStatuses, failing: failing, terminalContexts: terminalContexts, routes: routes,
            endedWithoutAction: endedWithoutAction.map { .init(index: $0.index, result: $0.result) }, latestTasks: latestTasks,
            terminalPublished: terminalPublished)
    }

    /// A conductor of `spec` that goes on from `snapshot` (taken from a conductor of the same spec).
    public init(spec: WorkflowSpec, restoring snapshot: ConductorSnapshot, expressions: WorkflowExpressions = WorkflowExpressions(),
                limits: Limits = Limits()) {
        self.init(spec: spec, input: snapshot.suppliedInput, expressions: expressions, limits: limits)
        status = snapshot.status
        errors = snapshot.errors
        output = snapshot.output
        initialContext = snapshot.initialContext
        instances = snapshot.instances
        requests = Dictionary(uniqueKeysWithValues: snapshot.requests.map { ($0.id, (instance: $0.instance, item: $0.item)) })
        nextRequestID = snapshot.nextRequestID
        joins = Dictionary(uniqueKeysWithValues: snapshot.joins.map { ($0.task, (arrivals: $0.arrivals, context: $0.context)) })
        joinPublished = Dictionary(uniqueKeysWithValues: snapshot.joins.compactMap { join in join.published.map { (join.task, $0) } })
        taskStatuses = snapshot.taskStatuses
        failing = snapshot.failing
        terminalContexts = snapshot.terminalContexts
        terminalPublished = snapshot.terminalPublished ?? Array(repeating: nil, count: terminalContexts.count)
        routes = snapshot.routes
        endedWithoutAction = snapshot.endedWithoutAction.map { (index: $0.index, result: $0.result) }
        latestTasks = snapshot.latestTasks ?? [:]
        routePaths = Self.routePaths(of: instances)
    }

    /// `saved` (a request this conductor asked for) with its action and input rendered again from
    /// its task's context: a restored run gets back the values its saved requests did not keep
    /// (secrets). Nil when the request is not outstanding or no longer renders.
    public func renderedAgain(_ saved: TaskRequest) -> TaskRequest? {
        guard let (index, item) = requests[saved.id], let again = try? renderAction(index, item: item) else { return nil }
        return TaskRequest(id: saved.id, taskName: saved.taskName, route: saved.route, itemID: saved.itemID,
                           action: again.action, input: again.input, delaySeconds: saved.delaySeconds)
    }

    /// The ids of the requests asked for and not completed yet.
    public var outstandingRequests: [Int] { requests.keys.sorted() }
}
