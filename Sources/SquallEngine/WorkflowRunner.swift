import Foundation
import SquallModel
import SquallPacks
import SquallRunners
import SquallStore
import SquallWorkflows

/// The `orquesta` runner: reads and inspects the workflow, then drives its `Conductor`, running
/// each task's action as a child execution through the engine's own prepare -> record -> execute
/// path (`context.parent` and `context.orquesta` set as st2 sets them), concurrently where the
/// graph allows. The conductor's state is saved in the store after each event (`WorkflowDurability`),
/// and a server resumes from it a workflow whose process died.
final class WorkflowRunner: ActionRunner, @unchecked Sendable {
    private weak var engine: Engine?
    /// Task actions of one workflow in flight at once (the graph may allow more).
    let maxConcurrentTasks: Int
    /// Workflows that passed inspection, reused while their file and actions stay the same.
    private let inspected = InspectedWorkflowCache()

    init(engine: Engine, maxConcurrentTasks: Int = 8) {
        self.engine = engine
        self.maxConcurrentTasks = maxConcurrentTasks
    }

    func run(_ job: RunnerJob, events: any RunnerEvents) throws -> RunnerOutcome {
        guard let engine else { throw RunnerError("the engine is shutting down") }
        // A workflow that calls itself (directly or not) would nest without end.
        if engine.workflowNestingDepth(of: job.executionId, limit: Self.maxNesting) > Self.maxNesting {
            return RunnerOutcome(status: .failed, result: ["output": .null, "errors": [
                ["type": "error", "message": .string("Workflows are nested more than \(Self.maxNesting) deep (a workflow that calls itself?).")]]])
        }
        let spec: WorkflowSpec
        do {
            spec = try loadWorkflow(job.action, catalog: engine.catalog)
        } catch let problems as InspectionErrors {
            return RunnerOutcome(status: .failed, result: ["errors": .array(problems.errors.map(\.entry)), "output": .null])
        }
        let store = engine.store
        let parameters: [String: JSONValue]
        let derivableSecrets: Set<String>
        do {
            (parameters, derivableSecrets) = try engine.workflowParameters(job, saved: try? store.workflowState(executionId: job.executionId))
        } catch {
            return RunnerOutcome(status: .failed, result: ["output": .null, "errors": [["type": "error", "message": .string("\(error)")]]])
        }
        var input: [String: JSONValue] = [:]
        // A declared parameter without a value arrives as null and beats the workflow's default (as in st2).
        for name in job.action.parameters.keys { input[name] = parameters[name] ?? .null }
        // st2's st2kv('system.name', decrypt=...): squall keeps system-scoped keys only (no user
        // scope). As in st2, a secret is its stored ciphertext unless decrypt is asked for.
        let secrets = SecretValues(cipher: engine.secretCipher)
        let st2kv: @Sendable (String, Bool) throws -> JSONValue = { key, decrypt in
            if key.hasPrefix("system."), let pair = try store.value(scope: "system", name: String(key.dropFirst("system.".count))) {
                return .string(decrypt ? try secrets.decrypted(pair).value : pair.value)
            }
            throw ExpressionError(message: "The key \"\(key)\" does not exist in the StackStorm datastore.")
        }
        let expressions = WorkflowExpressions(templates: ParameterRenderer.st2Environment(cipher: engine.secretCipher), st2kv: st2kv)
        var durability = WorkflowDurability(engine: engine, workflowId: job.executionId,
                                            secrets: WorkflowSecrets(action: job.action, parameters: parameters),
                                            derivableSecrets: derivableSecrets)
        var conductor: Conductor
        // Requests wait here until a slot frees: a thread exists only for a running task.
        var waiting: [TaskRequest]
        // A task whose inquiry is open (or a sub-workflow paused): the workflow pauses until it
        // is answered (as st2's does).
        var awaitingInquiry = false
        var resumingSubWorkflows: [(TaskRequest, Execution)] = []
        if let restored = durability.restore(spec: spec, expressions: expressions) {
            // A process that ran this workflow died: go on from its saved state. A task whose
            // child was running is abandoned (as st2 does) and its failure transitions apply.
            conductor = restored.conductor
            waiting = restored.toStart
            awaitingInquiry = !restored.awaiting.isEmpty
            resumingSubWorkflows = restored.resuming
            for (request, child) in restored.ended {
                durability.completed(request.id, child: child.id, status: child.status)
                let next = conductor.complete(request.id, succeeded: child.status == .succeeded, result: child.result ?? .null)
                durability.asked(next)
                waiting += next
            }
        } else if let rerun = (try? engine.store.execution(id: job.executionId))?.context["re-run"], let tasks = rerun["tasks"]?.arrayValue {
            // A re-run of a failed workflow from some of its tasks (Engine+WorkflowRerun).
            do {
                conductor = try engine.failedRun(of: rerun["ref"]?.stringValue ?? "", action: job.action.ref,
                                                 secrets: durability.secrets, expressions: expressions)
                waiting = try conductor.rerun(tasks: tasks.compactMap(\.stringValue),
                                              reset: Set(rerun["reset"]?.arrayValue?.compactMap(\.stringValue) ?? []))
            } catch {
                return RunnerOutcome(status: .failed, result: ["output": .null, "errors": [["type": "error", "message": .string("\(error)")]]])
            }
            durability.asked(waiting)
        } else {
            conductor = Conductor(spec: spec, input: input, expressions: expressions, hostContext: engine.workflowSt2Context(job))
            waiting = conductor.start()
            durability.asked(waiting)
        }
        // Saved with the next task's child when one task starts next, else alone (below).
        var unsaved: WorkflowStateSave? = durability.takeSave(&conductor)
        let completions = TaskCompletions()
        var nextWaiting = 0
        var running = resumingSubWorkflows.count
        engine.resumeSubWorkflows(resumingSubWorkflows, posting: completions)
        var canceled = false
        var pausing = awaitingInquiry
        while true {
            // A cancel (Engine.cancel marks the workflow `canceling` and cancels its running
            // children) starts nothing more; the tasks already running end first. So does a
            // pause, whose waiting requests stay outstanding in the saved state for the resume.
            // A lone task started on this thread reads the status in the transaction that records
            // its child, and is held back by those two: no read of its own then.
            let startsInline = !canceled && !pausing && running == 0 && nextWaiting + 1 == waiting.count
                && waiting[nextWaiting].delaySeconds == 0 && runsInline(waiting[nextWaiting], engine: engine)
            let own = startsInline ? nil : try? engine.store.executionStatus(id: job.executionId)
            if !canceled, own == .canceling {
                canceled = true
                waiting.removeAll()
                nextWaiting = 0
            }
            if own == .pausing { pausing = true }
            // One task to start: it records its child with the save (a request that is refused
            // saves it alone). Several: the save goes first, so no child exists that a resume
            // would not find asked for. A delayed task would hold the save back.
            let startsOne = !canceled && !pausing && running < maxConcurrentTasks && nextWaiting + 1 == waiting.count
                && waiting[nextWaiting].delaySeconds == 0
            if let save = unsaved, !startsOne { durability.commit(save) }
            var handoff = startsOne ? unsaved.map { durability.hand($0) } : nil
            unsaved = nil
            while !canceled, !pausing, running < maxConcurrentTasks, nextWaiting < waiting.count {
                let request = waiting[nextWaiting]
                let saving = handoff
                handoff = nil
                nextWaiting += 1
                running += 1
                if running == 1, nextWaiting == waiting.count, runsInline(request, engine: engine) {
                    // The only task to run: this thread would only wait for it (a thread per task
                    // made every step of a child slower, measured in `squall bench-workflows`).
                    let done = engine.runWorkflowTask(request, workflow: job, handoff: saving,
                                                      heldBy: startsInline ? Self.statusesHoldingTasks : [])
                    if done.child == nil, Self.statusesHoldingTasks.contains(done.status) {
                        // Held back: the request stays outstanding in the state saved with it.
                        running -= 1
                        if done.status == .canceling { canceled = true } else { pausing = true }
                        break
                    }
                    completions.post(request.id, child: done.child, status: done.status, result: done.result)
                    break
                }
                Thread { [job] in
                    let done = engine.runWorkflowTask(request, workflow: job, handoff: saving)
                    completions.post(request.id, child: done.child, status: done.status, result: done.result)
                }.start()
            }
            if nextWaiting == waiting.count { waiting.removeAll(keepingCapacity: true); nextWaiting = 0 }
            guard running > 0 else { break }
            // Every completion that arrived is handled before one save: with many tasks at once
            // (with-items) a save per completion rewrote the state once per task.
            for done in completions.takeAll() {
                running -= 1
                if done.status == .pending || done.status == .paused {
                    // An open inquiry, or a sub-workflow paused on one: stays outstanding in the saved
                    // state; the resume after the answer completes it.
                    pausing = true
                    continue
                }
                durability.completed(done.id, child: done.child, status: done.status)
                let next = conductor.complete(done.id, succeeded: done.status == .succeeded, result: done.result)
                durability.asked(next)
                waiting += next
            }
            unsaved = durability.takeSave(&conductor)
        }
        if canceled { return RunnerOutcome(status: .canceled, result: ["output": .null]) }
        if pausing, conductor.status == .running { return RunnerOutcome(status: .paused, result: ["output": .null]) }
        return RunnerOutcome(status: conductor.status == .succeeded ? .succeeded : .failed, result: conductor.result)
    }

    static let maxNesting = 32

    /// A workflow's statuses that start no more tasks: a cancel or a pause asked for.
    static let statusesHoldingTasks: Set<ExecutionStatus> = [.canceling, .pausing]

    /// Whether a lone task may run on the workflow's own thread: not a nested workflow, whose
    /// runner would stack on this thread's stack once per level.
    private func runsInline(_ request: TaskRequest, engine: Engine) -> Bool {
        guard let runner = engine.catalog.actions[request.action]?.runnerType else { return false }
        return runner != RunnerType.orquesta.rawValue && runner != RunnerType.actionChain.rawValue
    }

    /// Reads, parses and inspects the entry point; every problem comes back as inspection errors.
    func loadWorkflow(_ action: Action, catalog: PackCatalog) throws -> WorkflowSpec {
        if let spec = inspected.spec(action, catalog: catalog) { return spec }
        // `squall run` loads only the action's own pack; a workflow may name any pack's actions.
        if let engine, let document = try? Self.document(action), let spec = WorkflowReader.readPartially(document).spec,
           spec.tasks.values.compactMap(\.action).contains(where: { ExpressionText.language(of: $0) == nil && catalog.actions[$0] == nil }) {
            return try Self.readAndInspect(action, catalog: engine.reloadPacks())
        }
        return try inspected.readAndInspect(action, catalog: catalog)
    }

    static func readAndInspect(_ action: Action, catalog: PackCatalog) throws -> WorkflowSpec {
        let (spec, problems) = WorkflowInspector.inspectDocument(try document(action)) { ref in
            catalog.actions[ref].map { action in
                ActionSignature(parameters: Set(action.parameters.keys),
                                required: Set(action.parameters.values.filter { $0.required && $0.defaultValue == nil }.map(\.name)))
            }
        }
        guard let spec else { throw InspectionErrors(errors: problems) }
        return spec
    }

    static func document(_ action: Action) throws -> JSONValue {
        guard let path = action.entryPointPath else {
            throw InspectionErrors(errors: [.syntax("The action names no workflow file.", at: "entry_point")])
        }
        let document: JSONValue
        do {
            document = try YAMLDocument.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        } catch {
            throw InspectionErrors(errors: [.syntax("\(error)", at: "")])
        }
        return document
    }

    /// One line per problem of each workflow action of `pack` (for `pack register`), naming the
    /// workflow file and the spec path.
    static func problems(pack: String, catalog: PackCatalog) -> [String] {
        catalog.actions.values.filter { $0.pack == pack && $0.runnerType == RunnerType.orquesta.rawValue }
            .sorted { $0.ref < $1.ref }
            .flatMap { action -> [String] in
                do {
                    _ = try readAndInspect(action, catalog: catalog)
                    return []
                } catch let problems as InspectionErrors {
                    let file = action.entryPointPath ?? action.metadataFile
                    return problems.errors.map { problem in
                        // A YAML error already names the file.
                        if problem.message.hasPrefix(file) { return problem.message }
                        return "\(file): \(problem.specPath.isEmpty ? "" : problem.specPath + ": ")\(problem.message)"
                    }
                } catch {
                    return ["\(action.entryPointPath ?? action.metadataFile): \(error)"]
                }
            }
    }
}

/// Completions posted by task threads, taken by the workflow's loop as they arrived.
final class TaskCompletions: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [(id: Int, child: String?, status: ExecutionStatus, result: JSONValue)] = []

    func post(_ id: Int, child: String?, status: ExecutionStatus, result: JSONValue) {
        condition.lock()
        queue.append((id, child, status, result))
        condition.signal()
        condition.unlock()
    }

    /// Every completion posted so far (at least one: waits for it).
    func takeAll() -> [(id: Int, child: String?, status: ExecutionStatus, result: JSONValue)] {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        defer { queue.removeAll(keepingCapacity: true) }
        return queue
    }
}
