import Foundation
import SquallModel
import SquallPacks
import SquallStore
import SquallWorkflows

/// What an orquesta workflow keeps in the store after each event: the conductor's state as parts
/// (`ConductorParts`: a header, and only the parts the event changed), the requests it asked for
/// that have not completed (one part each, `outstanding:ID`, to start or to find again on
/// resume), plus one `WorkflowTaskRecord` per ended request (keyed by request id) naming its child
/// execution, all in one store transaction per event. The first save of a run writes every part.
/// A state saved whole (before parts) is still read. No secret is saved in clear: the workflow's
/// secret values become tokens (`WorkflowSecrets`), and the secret parameters of a task's action
/// are masked in its saved request, whose input is rendered again from the restored context.
struct WorkflowDurability {
    let engine: Engine
    let workflowId: String
    let secrets: WorkflowSecrets
    /// Secret parameters a resume can derive again (`Engine.workflowParameters`).
    let derivableSecrets: Set<String>
    private(set) var outstanding: [Int: TaskRequest] = [:]
    /// Task rows of completions not yet saved: written with the next state, in one transaction.
    private var endedTasks: [WorkflowTaskRecord] = []
    /// Requests asked for since the last save (their parts go with it).
    private var askedSinceSave: [Int] = []
    /// Whether a save of this run reached the store: until then (and after a failed save) a save
    /// rewrites every part.
    private var saved = false
    /// A save handed to a task and not yet known to have reached the store.
    private var handedOff: WorkflowStateHandoff?

    init(engine: Engine, workflowId: String, secrets: WorkflowSecrets, derivableSecrets: Set<String>) {
        self.engine = engine; self.workflowId = workflowId; self.secrets = secrets; self.derivableSecrets = derivableSecrets
    }

    /// The saved run of this workflow, if any: a conductor restored from it, the requests that
    /// never got a child (to start now), those whose child is an open inquiry or a paused
    /// sub-workflow (waited on), those whose child is a running sub-workflow this process took over
    /// (to resume beside the other tasks, `resumeSubWorkflows`), and those whose child exists
    /// otherwise, with that child as it stands (abandoned if its process died before it completed).
    mutating func restore(spec: WorkflowSpec, expressions: WorkflowExpressions)
        -> (conductor: Conductor, toStart: [TaskRequest], awaiting: [TaskRequest], resuming: [(TaskRequest, Execution)],
            ended: [(TaskRequest, Execution)])? {
        guard let saved = try? Self.savedRun(of: workflowId, store: engine.store, secrets: secrets) else { return nil }
        // A request's child is found by its context (task name, route, item), among the children
        // no ended task row names: saving the link when the child is recorded cost a store write
        // per task. Among outstanding requests these three are unique.
        let linked = Set(((try? engine.store.workflowTasks(workflowId: workflowId)) ?? []).compactMap(\.executionId))
        var unlinked = ((try? engine.store.executions(matching: ExecutionQuery(parent: workflowId, limit: 1_000_000))) ?? [])
            .filter { !linked.contains($0.id) }
        var toStart: [TaskRequest] = []
        var awaiting: [TaskRequest] = []
        var resuming: [(TaskRequest, Execution)] = []
        var ended: [(TaskRequest, Execution)] = []
        let conductor = Conductor(spec: spec, restoring: saved.snapshot, expressions: expressions)
        for saved in saved.outstanding {
            let request = conductor.renderedAgain(saved) ?? saved
            outstanding[request.id] = request
            let index = unlinked.firstIndex(where: { Self.child($0, runs: request) })
            if let index, Self.awaited.contains(unlinked[index].status) {
                unlinked.remove(at: index)
                awaiting.append(request)
            } else if let index, engine.claimSubWorkflow(unlinked[index]) {
                resuming.append((request, unlinked.remove(at: index)))
            } else if let index, let record = engine.abandonIfUnfinished(unlinked.remove(at: index).id) {
                ended.append((request, record))
            } else {
                toStart.append(request)
            }
        }
        return (conductor, toStart, awaiting, resuming, ended)
    }

    /// The conductor's snapshot and outstanding requests saved for workflow `id` (secrets put
    /// back by `secrets`, or left as tokens), from its parts or from a state saved whole; nil
    /// when it has no orquesta state.
    static func savedRun(of id: String, store: any Store, secrets: WorkflowSecrets?) throws
        -> (snapshot: ConductorSnapshot, outstanding: [TaskRequest])? {
        guard let saved = try store.workflowState(executionId: id), saved.runner == RunnerType.orquesta.rawValue else { return nil }
        let unmask = { (json: JSONValue) in secrets?.unmask(json) ?? json }
        if let header = saved.state[Self.headerKey] {
            var parts = try store.workflowStateParts(executionId: id)
            if secrets?.isEmpty == false { parts = parts.mapValues(unmask) }
            let requests = try parts.filter { $0.key.hasPrefix(Self.outstandingPrefix) }.values.map { json in
                guard let request = TaskRequest(json: json) else { throw EngineError.badInput("saved workflow state: an outstanding request is unreadable") }
                return request
            }
            return (try ConductorSnapshot(header: unmask(header), parts: parts), requests.sorted { $0.id < $1.id })
        }
        // Saved whole, before parts.
        guard let conductor = saved.state["conductor"], let requests = saved.state["outstanding"]?.arrayValue else { return nil }
        return (try ConductorSnapshot(json: unmask(conductor)),
                try requests.map { json in
                    guard let request = TaskRequest(json: unmask(json)) else { throw EngineError.badInput("saved workflow state: an outstanding request is unreadable") }
                    return request
                })
    }

    mutating func asked(_ requests: [TaskRequest]) {
        for request in requests {
            outstanding[request.id] = request
            askedSinceSave.append(request.id)
        }
    }

    mutating func completed(_ id: Int, child: String?, status: ExecutionStatus) {
        guard let request = outstanding.removeValue(forKey: id) else { return }
        endedTasks.append(WorkflowTaskRecord(workflowId: workflowId, key: id, taskName: request.taskName, executionId: child, status: status))
    }

    /// Saves what changed in the conductor and the outstanding requests since the last save; a
    /// store failure is logged (the run goes on, it only could not be resumed from here).
    mutating func save(_ conductor: inout Conductor) {
        commit(takeSave(&conductor))
    }

    /// Writes `save` (from `takeSave`) in a transaction of its own.
    mutating func commit(_ save: WorkflowStateSave) {
        do {
            try engine.store.saveWorkflowState(save.record, parts: save.parts, tasks: save.tasks)
            saved = true
        } catch {
            saved = false
            engine.logger.error("workflow state not saved", metadata: ["execution": "\(workflowId)", "reason": "\(error)"])
        }
    }

    /// Hands `save` (from `takeSave`) to the task started next, whose child is recorded with it
    /// (`WorkflowStateHandoff`); the next `takeSave` waits for its outcome.
    mutating func hand(_ save: WorkflowStateSave) -> WorkflowStateHandoff {
        let handoff = WorkflowStateHandoff(save)
        handedOff = handoff
        saved = true
        return handoff
    }

    /// What changed in the conductor and the outstanding requests since the last save, as one
    /// save (everything when the last one did not reach the store), for `commit` or `hand`.
    mutating func takeSave(_ conductor: inout Conductor) -> WorkflowStateSave {
        if let handoff = handedOff {
            handedOff = nil
            saved = handoff.waitSaved()
            if !saved { engine.logger.error("workflow state not saved", metadata: ["execution": "\(workflowId)"]) }
        }
        let all = !saved
        let changes = conductor.takeParts(all: all)
        var upserted = secrets.isEmpty ? changes.upserted : changes.upserted.mapValues(secrets.mask)
        var removed = changes.removed
        for id in all ? Array(outstanding.keys) : askedSinceSave {
            if let request = outstanding[id] { upserted[Self.outstandingPrefix + String(id)] = savedForm(request) }
        }
        if !all { for task in endedTasks { removed.insert(Self.outstandingPrefix + String(task.key)) } }
        defer {
            endedTasks.removeAll()
            askedSinceSave.removeAll()
        }
        return WorkflowStateSave(record: WorkflowStateRecord(executionId: workflowId, runner: RunnerType.orquesta.rawValue,
                                                             state: [Self.headerKey: secrets.mask(changes.header),
                                                                     "derivable_secrets": .array(derivableSecrets.sorted().map(JSONValue.string))]),
                                 parts: WorkflowStatePartChanges(replacingAll: all, upserted: upserted, removed: removed),
                                 tasks: endedTasks)
    }

    /// The header's key in the saved state (the conductor's header; its parts are saved apart).
    static let headerKey = "conductor_parts"
    static let outstandingPrefix = "outstanding:"

    /// A child the workflow waits on rather than abandons: an open inquiry, a paused sub-workflow.
    static let awaited: Set<ExecutionStatus> = [.pending, .paused]

    /// A request as saved: its action's secret parameters masked, the workflow's secrets as tokens.
    private func savedForm(_ request: TaskRequest) -> JSONValue {
        var json = request.json
        if case .object(var object) = json, case .object(var input)? = object["input"],
           let action = engine.catalog.actions[request.action] {
            for name in action.secretParameterNames where input[name] != nil { input[name] = .string(maskedSecret) }
            object["input"] = .object(input)
            json = .object(object)
        }
        return secrets.mask(json)
    }

    private static func child(_ execution: Execution, runs request: TaskRequest) -> Bool {
        guard let orquesta = execution.context["orquesta"] else { return false }
        return orquesta["task_name"]?.stringValue == request.taskName && orquesta["task_route"]?.intValue == request.route
            && orquesta["item_id"]?.intValue == request.itemID
    }
}
