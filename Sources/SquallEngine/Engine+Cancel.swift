import Foundation
import SquallModel
import SquallPacks
import SquallStore

extension Engine {
    /// Cancels an execution: one that has not started, or whose supervisor is gone, is canceled at
    /// once; a running one is marked `canceling` and its child's process group killed, and its
    /// supervisor records `canceled` when it reaps the child.
    @discardableResult
    public func cancel(id: String) throws -> Execution {
        try audited("execution.cancel", target: id, detail: { ["status": .string($0.status.rawValue)] }) { try cancelUnaudited(id: id) }
    }

    /// `cancel(id:)` without an audit line: a workflow's own tasks follow the audited cancel of the workflow.
    func cancelUnaudited(id: String) throws -> Execution {
        let canceled: Execution
        do {
            // Decided and written in one store transaction: a completion landing first wins (the
            // store refuses to move a completed execution), one landing after sees `canceling`.
            canceled = try store.update(id: id) { record in
                guard !record.status.isCompleted else {
                    throw EngineError.badInput("execution '\(id)' is already \(record.status.rawValue)")
                }
                let ownerAlive = record.supervisorPid.map { ProcessLiveness.isAlive(pid: $0, startTime: record.supervisorStartTime) } ?? false
                if record.status == .requested || !ownerAlive {
                    record.status = .canceled
                    record.log.append(StatusTransition(status: .canceled, timestamp: Date()))
                    record.endTimestamp = Date()
                } else if record.status != .canceling {
                    record.status = .canceling
                    record.log.append(StatusTransition(status: .canceling, timestamp: Date()))
                }
            }
        } catch let error as StoreError where error.kind == .notFound {
            throw EngineError.notFound("execution '\(id)' not found")
        }
        // The supervisor kills the child itself if it starts after this (see childStarted).
        if canceled.status == .canceling, let pid = canceled.context["child_pid"]?.intValue, pid > 0 { kill(-Int32(pid), SIGKILL) }
        // A workflow's unfinished task executions go with it (the workflow starts no new task).
        if canceled.runner == RunnerType.orquesta.rawValue || canceled.runner == RunnerType.actionChain.rawValue { cancelWorkflowChildren(of: id) }
        return canceled
    }
}

extension Engine {
    /// Runs an execution recorded by another process (`run --async`), given its final parameters.
    @discardableResult
    public func executeRecorded(id: String, parameters: [String: JSONValue], user: String,
                                materializingResult: Bool = true) throws -> Execution {
        guard let recorded = try store.execution(id: id) else { throw EngineError.notFound("execution '\(id)' not found") }
        guard let action = catalog.actions[recorded.action], let pack = catalog.packs[action.pack] else {
            throw EngineError.notFound("action '\(recorded.action)' not found")
        }
        let config = try PackConfigLoader.load(pack: pack, configsDirectory: settings.configsDirectory)
        let prepared = PreparedExecution(action: action, parameters: parameters, config: config.objectValue ?? [:],
                                         user: user, context: recorded.context)
        return execute(prepared, recorded: recorded, materializingResult: materializingResult)
    }

    /// A new execution of a recorded one's action with its parameters, `overrides` applied. Secret
    /// values were never stored, so they must be given again.
    public func rerunRequest(id: String, overrides: [String: JSONValue]) throws -> ExecutionRequest {
        guard let recorded = try store.execution(id: id) else { throw EngineError.notFound("execution '\(id)' not found") }
        guard let action = catalog.actions[recorded.action] else { throw EngineError.notFound("action '\(recorded.action)' not found") }
        var parameters: [String: JSONValue] = [:]
        for (name, value) in recorded.parameters {
            guard let spec = action.parameters[name], !spec.immutable else { continue }
            // Values equal to their default need not be supplied again.
            if spec.defaultValue == value { continue }
            parameters[name] = value
        }
        parameters.merge(overrides) { _, given in given }
        for name in action.secretParameterNames where parameters[name] == .string(maskedSecret) {
            throw EngineError.badInput("parameter '\(name)': is secret and was not stored; give it again (\(name)=...)")
        }
        return ExecutionRequest(actionRef: recorded.action, parameters: parameters,
                                user: recorded.context["user"]?.stringValue ?? "squall",
                                context: ["re-run": .object(["ref": .string(id)])])
    }
}
