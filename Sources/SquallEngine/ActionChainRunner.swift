import Foundation
import SquallModel
import SquallPacks
import SquallRunners
import SquallStore
import SquallWorkflows

/// The `action-chain` runner (st2's older workflows): runs the chain's nodes one after another,
/// each as a child execution (`context.parent`, and `context.chain` holding the node as st2
/// records it), following `on-success` / `on-failure`. Parameters and `publish` are Jinja over the
/// chain's parameters, earlier results by node name and in `__results`, published variables,
/// `st2kv`, `action_context` and `config_context`. The result is st2's: `tasks` (one entry per
/// node run) and `published` (when `display_published`), plus `error`/`traceback` when the chain
/// itself broke (unknown action, template error, unknown next node).
final class ActionChainRunner: ActionRunner, @unchecked Sendable {
    private weak var engine: Engine?
    static let runnerParameters: Set<String> = Set(RunnerType.actionChain.parameters.keys)

    init(engine: Engine) { self.engine = engine }

    func run(_ job: RunnerJob, events: any RunnerEvents) throws -> RunnerOutcome {
        guard let engine else { throw RunnerError("the engine is shutting down") }
        if engine.workflowNestingDepth(of: job.executionId, limit: WorkflowRunner.maxNesting) > WorkflowRunner.maxNesting {
            return Self.broken("Workflows are nested more than \(WorkflowRunner.maxNesting) deep (a chain that calls itself?).")
        }
        let spec: ActionChainSpec
        do {
            spec = try Self.read(job.action)
        } catch {
            return Self.broken("\(error)")
        }
        let displayPublished = job.parameters["display_published"]?.boolValue ?? true
        let saved = try? engine.store.workflowState(executionId: job.executionId)
        // Secrets are saved as tokens and derived again on resume, as for orquesta (WorkflowSecrets).
        let derived: (parameters: [String: JSONValue], derivable: Set<String>)
        do {
            derived = try engine.workflowParameters(job, saved: saved)
        } catch {
            return Self.broken("\(error)")
        }
        let secrets = WorkflowSecrets(action: job.action, parameters: derived.parameters)
        let parameters = derived.parameters.filter { !Self.runnerParameters.contains($0.key) }
        var chain = ChainRun(spec: spec, displayPublished: displayPublished)
        do {
            let datastore = try engine.datastoreContext()
            let config = try engine.catalog.packs[job.action.pack].map { try engine.templateInputs(datastore: datastore).config(for: $0) } ?? .object([:])
            let own = (try? engine.store.execution(id: job.executionId))?.context ?? [:]
            // st2: the chain's own context with its execution id, as each node's `context.parent`.
            var parent: [String: JSONValue] = ["user": .string(job.user), "pack": .string(job.action.pack)]
            parent.merge(own) { _, recorded in recorded }
            parent["execution_id"] = .string(job.executionId)
            var templates = ChainTemplates(renderer: engine.renderer, parameters: parameters, datastore: datastore,
                                           config: config, actionContext: ["parent": .object(parent)])
            if let saved, saved.runner == RunnerType.actionChain.rawValue, chain.restore(secrets.unmask(saved.state)) {
                templates.parameters = chain.parameters
            } else {
                chain.parameters = parameters
                chain.next = spec.start
                do {
                    chain.vars = try templates.renderVars(spec.vars)
                } catch {
                    return chain.outcome(status: .failed, error: "Failed initializing ``vars`` in chain.. \(error)")
                }
            }
            return run(&chain, job: job, engine: engine, templates: templates, parent: .object(parent),
                       savedForm: { snapshot in
                           guard case .object(var state) = secrets.mask(snapshot) else { return snapshot }
                           state["derivable_secrets"] = .array(derived.derivable.sorted().map(JSONValue.string))
                           return .object(state)
                       })
        } catch {
            return chain.outcome(status: .failed, error: "Failed to start the chain.. \(error)")
        }
    }

    private func run(_ chain: inout ChainRun, job: RunnerJob, engine: Engine, templates: ChainTemplates, parent: JSONValue,
                     savedForm: @escaping (JSONValue) -> JSONValue) -> RunnerOutcome {
        let save = { (chain: ChainRun) in
            do {
                try engine.store.saveWorkflowState(WorkflowStateRecord(executionId: job.executionId, runner: RunnerType.actionChain.rawValue,
                                                                       state: savedForm(chain.snapshot)))
            } catch {
                engine.logger.error("workflow state not saved", metadata: ["execution": "\(job.executionId)", "reason": "\(error)"])
            }
        }
        let saveTask = { (key: Int, node: String, child: String?, status: ExecutionStatus) in
            try? engine.store.saveWorkflowTask(WorkflowTaskRecord(workflowId: job.executionId, key: key, taskName: node, executionId: child, status: status))
        }
        // A node that was running when the process running the chain died: its child is
        // abandoned (as st2 does) and the chain follows its on-failure.
        if let running = chain.running, let node = chain.spec.node(named: running.node) {
            // A node waiting on an inquiry or a paused sub-workflow still waits: paused again.
            if let id = running.executionId, let waiting = try? engine.store.execution(id: id), waiting.isAwaited {
                return chain.waitingOutcome(node, child: waiting, createdAt: running.createdAt)
            }
            if let id = running.executionId, let child = engine.abandonIfUnfinished(id) {
                saveTask(chain.tasks.count, node.name, id, child.status)
                chain.running = nil
                // `.none` spelled out: a bare `nil` beside a JSONValue would be JSONValue's own nil literal
                // (`.null`), which would hide the abandoned child's result (its `error`) from the next node.
                let awaitedResult: JSONValue? = running.awaited ? ChainRun.resumedResult(child.result) : .none
                if let outcome = finish(&chain, node: node, child: child, error: nil, createdAt: running.createdAt, templates: templates,
                                        contextResult: awaitedResult) { return outcome }
                save(chain)
            } else {
                // Never recorded: it never ran, so it runs now.
                chain.running = nil
                chain.next = node.name
            }
        }
        save(chain)
        while let name = chain.next {
            guard let node = chain.spec.node(named: name) else { return chain.outcome(status: .failed, error: "Unable to find node with name \"\(name)\".") }
            let createdAt = Date()
            guard engine.catalog.actions[node.ref] != nil || engine.reloadPacks().actions[node.ref] != nil else {
                return chain.outcome(status: .failed, error: "Failed to run task \"\(node.name)\". Action with reference \"\(node.ref)\" doesn't exist.. Task :: \(node.name) - Action with ref \(node.ref) not registered.")
            }
            let params: [String: JSONValue]
            do {
                params = try templates.renderParams(node, results: chain.results, vars: chain.vars)
            } catch {
                return chain.outcome(status: .failed, error: "Failed to run task \"\(node.name)\". Parameter rendering failed.. \(error)")
            }
            let request = ExecutionRequest(actionRef: node.ref, parameters: params, user: job.user,
                                           context: ["parent": parent, "chain": node.contextEntry])
            let key = chain.tasks.count
            var child: Execution?
            var error: JSONValue?
            do {
                child = try engine.runChildExecution(request, workflowId: job.executionId) { recorded in
                    chain.running = ChainRun.Running(node: node.name, executionId: recorded.id, createdAt: createdAt)
                    saveTask(key, node.name, recorded.id, .requested)
                    save(chain)
                }
            } catch let refused {
                error = Self.errorEntry("Failed running task \"\(node.name)\".. \(refused)")
            }
            // st2: a pending (inquiry) or paused child pauses the chain; the resume takes in how it ended.
            if let waiting = child, waiting.isAwaited {
                chain.running = ChainRun.Running(node: node.name, executionId: waiting.id, createdAt: createdAt, awaited: true)
                saveTask(key, node.name, waiting.id, waiting.status)
                save(chain)
                return chain.waitingOutcome(node, child: waiting, createdAt: createdAt)
            }
            chain.running = nil
            saveTask(key, node.name, child?.id, child?.status ?? .failed)
            if let outcome = finish(&chain, node: node, child: child, error: error, createdAt: createdAt, templates: templates) { return outcome }
            save(chain)
            if let own = try? engine.store.execution(id: job.executionId) {
                if own.status == .canceling || own.status == .canceled { return chain.outcome(status: .canceled, error: nil) }
                // Paused between nodes: the saved state names the next one for the resume.
                if own.status == .pausing, chain.next != nil { return chain.outcome(status: .paused, error: nil) }
            }
        }
        return chain.outcome(status: chain.status, error: nil)
    }

    /// Records how a node ended (its `tasks` entry, results, published variables) and picks the
    /// next node; returns the chain's outcome when the chain ends here with an error or canceled.
    private func finish(_ chain: inout ChainRun, node: ChainNode, child: Execution?, error refused: JSONValue?,
                        createdAt: Date, templates: ChainTemplates, contextResult: JSONValue? = nil) -> RunnerOutcome? {
        var error = refused
        if let child {
            chain.results[node.name] = contextResult ?? child.result ?? .null
            // As st2: a publish that fails to render marks the entry failed, but the next
            // node still follows from the child's own status.
            do {
                chain.publish(try templates.renderPublish(node, result: child.result ?? .null, results: chain.results, vars: chain.vars))
            } catch let publishError {
                error = Self.errorEntry("Failed running task \"\(node.name)\".. \(publishError)")
            }
        } else {
            chain.results[node.name] = error
        }
        chain.tasks.append(Self.taskEntry(node, child: child, error: error, createdAt: createdAt))
        let childStatus = child?.status ?? .failed
        let following: String?
        switch childStatus {
        case .succeeded:
            chain.status = .succeeded
            following = node.onSuccess
        case .canceled:
            return chain.outcome(status: .canceled, error: nil)
        default:
            // failed, timeout, abandoned: st2 keeps `timeout` as the chain's status.
            chain.status = childStatus == .timeout ? .timeout : .failed
            following = node.onFailure
        }
        chain.next = nil
        if let name = following, !name.isEmpty {
            guard chain.spec.node(named: name) != nil else { return chain.outcome(status: .failed, error: Self.unknownNext(node, name)) }
            chain.next = name
        }
        return nil
    }

    private static func unknownNext(_ node: ChainNode, _ name: String) -> String {
        "Failed to get next node \"\(node.name)\". Unable to find node with name \"\(name)\"."
    }

    /// st2's `_format_error`: the message plus a traceback (squall has no Python traceback to give).
    static func errorEntry(_ message: String) -> JSONValue {
        ["error": .string(message), "traceback": .string("")]
    }

    /// A chain st2 refuses before running any node (its pre-run error).
    static func broken(_ message: String) -> RunnerOutcome {
        RunnerOutcome(status: .failed, result: errorEntry(message))
    }

    /// st2's `_format_action_exec_result`.
    static func taskEntry(_ node: ChainNode, child: Execution?, error: JSONValue?, createdAt: Date) -> JSONValue {
        let id = child.map { JSONValue.string($0.id) } ?? .null
        return .object([
            "id": .string(node.name), "name": .string(node.name),
            "execution_id": id, "liveaction_id": id, "workflow": .null,
            "created_at": .string(Timestamps.format(createdAt)), "updated_at": .string(Timestamps.format(Date())),
            "state": .string(error != nil || child == nil ? ExecutionStatus.failed.rawValue : child!.status.rawValue),
            "result": error ?? child?.result ?? .null,
        ])
    }

    static func read(_ action: Action) throws -> ActionChainSpec {
        guard let path = action.entryPointPath else { throw ActionChainError("The action names no chain file (entry_point).") }
        do {
            return try ActionChainReader.read(try YAMLDocument.parse(try String(contentsOfFile: path, encoding: .utf8), file: path))
        } catch let error as ActionChainError {
            throw ActionChainError("Failed to parse action chain definition from \"\(path)\": \(error.message)")
        } catch {
            throw ActionChainError("Failed to parse action chain definition from \"\(path)\": \(error)")
        }
    }
}

/// What one chain run has built so far: results by node name, variables, the `tasks` entries,
/// the node to run next and the one running. Its `snapshot` is what the store keeps after each
/// step, so a restarted process goes on from it.
struct ChainRun {
    struct Running: Equatable {
        var node: String
        var executionId: String?
        var createdAt: Date
        /// The chain paused waiting on this child (ActionChainRunner+Waiting).
        var awaited = false
    }

    let spec: ActionChainSpec
    let displayPublished: Bool
    var parameters: [String: JSONValue] = [:]
    var results: [String: JSONValue] = [:]
    var vars: [String: JSONValue] = [:]
    var published: [String: JSONValue] = [:]
    var tasks: [JSONValue] = []
    var next: String?
    var running: Running?
    var status: ExecutionStatus = .succeeded

    init(spec: ActionChainSpec, displayPublished: Bool) { self.spec = spec; self.displayPublished = displayPublished }

    mutating func publish(_ values: [String: JSONValue]) {
        vars.merge(values) { _, new in new }
        published.merge(values) { _, new in new }
    }

    func outcome(status: ExecutionStatus, error: String?) -> RunnerOutcome {
        var result: [String: JSONValue] = ["tasks": .array(tasks)]
        if displayPublished { result["published"] = .object(published) }
        if let error, case .object(let entry) = ActionChainRunner.errorEntry(error) { result.merge(entry) { _, new in new } }
        return RunnerOutcome(status: status, result: .object(result))
    }

    var snapshot: JSONValue {
        var object: [String: JSONValue] = [
            "parameters": .object(parameters), "results": .object(results), "vars": .object(vars),
            "published": .object(published), "tasks": .array(tasks), "status": .string(status.rawValue),
            "next": next.map(JSONValue.string) ?? .null, "running": .null,
        ]
        if let running {
            object["running"] = ["node": .string(running.node), "execution_id": running.executionId.map(JSONValue.string) ?? .null,
                                 "created_at": .double(running.createdAt.timeIntervalSince1970), "awaited": .bool(running.awaited)]
        }
        return .object(object)
    }

    /// Takes the state a snapshot holds; false (nothing changed) when it is not one.
    mutating func restore(_ snapshot: JSONValue) -> Bool {
        guard let parameters = snapshot["parameters"]?.objectValue, let results = snapshot["results"]?.objectValue,
              let vars = snapshot["vars"]?.objectValue, let published = snapshot["published"]?.objectValue,
              let tasks = snapshot["tasks"]?.arrayValue,
              let status = snapshot["status"]?.stringValue.flatMap(ExecutionStatus.init(rawValue:)) else { return false }
        self.parameters = parameters; self.results = results; self.vars = vars; self.published = published
        self.tasks = tasks; self.status = status
        next = snapshot["next"]?.stringValue
        if let running = snapshot["running"], let node = running["node"]?.stringValue {
            let created = running["created_at"]?.doubleValue ?? running["created_at"]?.intValue.map(Double.init) ?? Date().timeIntervalSince1970
            self.running = Running(node: node, executionId: running["execution_id"]?.stringValue,
                                   createdAt: Date(timeIntervalSince1970: created),
                                   awaited: running["awaited"]?.boolValue ?? false)
        }
        return true
    }
}

/// The Jinja contexts st2's action-chain runner renders with (`_resolve_params`,
/// `_render_publish_vars`, `_get_rendered_vars`), in its order of precedence.
struct ChainTemplates {
    let renderer: ParameterRenderer
    var parameters: [String: JSONValue]
    let datastore: JSONValue
    let config: JSONValue
    let actionContext: JSONValue

    func renderVars(_ vars: [String: JSONValue]) throws -> [String: JSONValue] {
        var context: [String: JSONValue] = ["st2kv": datastore]
        context.merge(parameters) { _, new in new }
        return try render(vars, context: context, what: "vars", node: nil)
    }

    func renderParams(_ node: ChainNode, results: [String: JSONValue], vars: [String: JSONValue]) throws -> [String: JSONValue] {
        var context = parameters
        context.merge(results) { _, new in new }
        context.merge(vars) { _, new in new }
        context["__results"] = .object(results)
        context["system"] = datastore["system"] ?? .object([:])
        context["st2kv"] = datastore
        context["action_context"] = actionContext
        context["config_context"] = config
        return try render(node.params, context: context, what: "action parameter", node: node.name)
    }

    func renderPublish(_ node: ChainNode, result: JSONValue, results: [String: JSONValue], vars: [String: JSONValue]) throws -> [String: JSONValue] {
        guard !node.publish.isEmpty else { return [:] }
        var context = parameters
        context[node.name] = result
        context.merge(results) { _, new in new }
        context.merge(vars) { _, new in new }
        context["__results"] = .object(results)
        context["system"] = datastore["system"] ?? .object([:])
        context["st2kv"] = datastore
        return try render(node.publish, context: context, what: "publish parameter", node: node.name)
    }

    private func render(_ values: [String: JSONValue], context: [String: JSONValue], what: String, node: String?) throws -> [String: JSONValue] {
        var rendered: [String: JSONValue] = [:]
        for key in values.keys.sorted() {
            do {
                rendered[key] = try renderer.renderValue(values[key]!, context: context)
            } catch {
                let task = node.map { " in task \"\($0)\"" } ?? ""
                throw ActionChainError("Failed rendering value for \(what) \"\(key)\"\(task) (template string=\(Self.text(values[key]!))): \(error)")
            }
        }
        return rendered
    }

    private static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.jsonString()
    }
}
