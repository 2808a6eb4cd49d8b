import Foundation
import SquallModel
import SquallPacks
import SquallStore
import SquallWorkflows

/// What an orquesta workflow keeps in the store after each event: the conductor's snapshot and
/// the requests it asked for that have not completed (to start or to find again on resume), plus
/// one `WorkflowTaskRecord` per ended request (keyed by request id) naming its child execution,
/// all in one store transaction per event. No secret is saved in clear: the workflow's secret
/// values become tokens (`WorkflowSecrets`), and the secret parameters of a task's action are
/// masked in its saved request, whose input is rendered again from the restored context.
struct WorkflowDurability {
    let engine: Engine
    let workflowId: String
    let secrets: WorkflowSecrets
    /// Secret parameters a resume can derive again (`Engine.workflowParameters`).
    let derivableSecrets: Set<String>
    private(set) var outstanding: [Int: TaskRequest] = [:]
    /// Task rows of completions not yet saved: written with the next state, in one transaction.
    private var endedTasks: [WorkflowTaskRecord] = []

    init(engine: Engine, workflowId: String, secrets: WorkflowSecrets, derivableSecrets: Set<String>) {
        self.engine = engine; self.workflowId = workflowId; self.secrets = secrets; self.derivableSecrets = derivableSecrets
    }

    /// The saved run of this workflow, if any: a conductor restored from it, the requests that
    /// never got a child (to start now), those whose child is an open inquiry or a paused
    /// sub-workflow (waited on), and those whose child exists otherwise, with that child as it
    /// stands (abandoned if its process died before it completed).
    mutating func restore(spec: WorkflowSpec, expressions: WorkflowExpressions)
        -> (conductor: Conductor, toStart: [TaskRequest], awaiting: [TaskRequest], ended: [(TaskRequest, Execution)])? {
        guard let saved = try? engine.store.workflowState(executionId: workflowId), saved.runner == RunnerType.orquesta.rawValue,
              let conductorJSON = saved.state["conductor"], let snapshot = try? ConductorSnapshot(json: secrets.unmask(conductorJSON)),
              let requestsJSON = saved.state["outstanding"],
              let requests = try? JSONDecoder().decode([TaskRequest].self, from: Data(requestsJSON.jsonString().utf8)) else { return nil }
        // A request's child is found by its context (task name, route, item), among the children
        // no ended task row names: saving the link when the child is recorded cost a store write
        // per task. Among outstanding requests these three are unique.
        let linked = Set(((try? engine.store.workflowTasks(workflowId: workflowId)) ?? []).compactMap(\.executionId))
        var unlinked = ((try? engine.store.executions(matching: ExecutionQuery(parent: workflowId, limit: 1_000_000))) ?? [])
            .filter { !linked.contains($0.id) }
        var toStart: [TaskRequest] = []
        var awaiting: [TaskRequest] = []
        var ended: [(TaskRequest, Execution)] = []
        let conductor = Conductor(spec: spec, restoring: snapshot, expressions: expressions)
        for saved in requests {
            let request = conductor.renderedAgain(saved) ?? saved
            outstanding[request.id] = request
            let index = unlinked.firstIndex(where: { Self.child($0, runs: request) })
            if let index, Self.awaited.contains(unlinked[index].status) {
                unlinked.remove(at: index)
                awaiting.append(request)
            } else if let index, let record = engine.abandonIfUnfinished(unlinked.remove(at: index).id) {
                ended.append((request, record))
            } else {
                toStart.append(request)
            }
        }
        return (conductor, toStart, awaiting, ended)
    }

    mutating func asked(_ requests: [TaskRequest]) {
        for request in requests { outstanding[request.id] = request }
    }

    mutating func completed(_ id: Int, child: String?, status: ExecutionStatus) {
        guard let request = outstanding.removeValue(forKey: id) else { return }
        endedTasks.append(WorkflowTaskRecord(workflowId: workflowId, key: id, taskName: request.taskName, executionId: child, status: status))
    }

    /// Saves the conductor and the outstanding requests; a store failure is logged (the run goes
    /// on, it only could not be resumed from here).
    mutating func save(_ conductor: Conductor) {
        defer { endedTasks.removeAll() }
        do {
            let requests = try outstanding.values.sorted { $0.id < $1.id }.map(savedForm)
            try engine.store.saveWorkflowState(WorkflowStateRecord(executionId: workflowId, runner: RunnerType.orquesta.rawValue,
                                                                   state: ["conductor": secrets.mask(try conductor.snapshot.json),
                                                                           "outstanding": .array(requests),
                                                                           "derivable_secrets": .array(derivableSecrets.sorted().map(JSONValue.string))]),
                                             tasks: endedTasks)
        } catch {
            engine.logger.error("workflow state not saved", metadata: ["execution": "\(workflowId)", "reason": "\(error)"])
        }
    }

    /// A child the workflow waits on rather than abandons: an open inquiry, a paused sub-workflow.
    static let awaited: Set<ExecutionStatus> = [.pending, .paused]

    /// A request as saved: its action's secret parameters masked, the workflow's secrets as tokens.
    private func savedForm(_ request: TaskRequest) throws -> JSONValue {
        var json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(request))
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
