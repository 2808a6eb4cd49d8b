import Foundation
import SquallModel

/// The facade writes the audit log (AuditLog) itself, so the API and the CLI both get it.
extension Engine {
    /// Who acts when no request is bound (`AuditContext.current`): the CLI sets one per invocation.
    public func setAuditContext(_ context: AuditContext?) {
        auditDefault.withLock { $0 = context }
    }

    /// The request being served, else this process's front end, else the engine itself.
    var auditContext: AuditContext {
        AuditContext.current ?? auditDefault.withLock { $0 } ?? .engineItself
    }

    /// Runs `work` and records its outcome as `action` on `target`. `detail` describes a success
    /// and must hold no secret. A failure's message is recorded unless `quietFailure` (messages
    /// about parameters may quote their values), then only its kind.
    func audited<T>(_ action: String, target: String, actor: String? = nil, quietFailure: Bool = false,
                    detail: (T) -> [String: JSONValue] = { _ in [:] }, _ work: () throws -> T) throws -> T {
        var context = auditContext
        if let actor { context.actor = actor }
        // Users and API keys change only through audited actions: cached look-ups go with them.
        defer { if action.hasPrefix("user.") || action.hasPrefix("apikey.") { credentialsChanged() } }
        do {
            let result = try work()
            auditLog.record(context, action: action, target: target, outcome: .success, detail: detail(result))
            return result
        } catch {
            auditLog.record(context, action: action, target: target, outcome: .failure,
                            reason: quietFailure ? Self.failureKind(error) : "\(error)")
            throw error
        }
    }

    /// Records an outcome decided elsewhere (a failed login is a nil, not an error).
    func audit(_ action: String, target: String, actor: String? = nil, outcome: AuditLog.Outcome, reason: String? = nil,
               detail: [String: JSONValue] = [:]) {
        var context = auditContext
        if let actor { context.actor = actor }
        auditLog.record(context, action: action, target: target, outcome: outcome, reason: reason, detail: detail)
    }

    private static func failureKind(_ error: any Error) -> String {
        switch error as? EngineError {
        case .badInput?: return "bad input"
        case .notFound?: return "not found"
        default: return "failed"
        }
    }

    /// An execution as the audit log shows it: its id, status and parameters as recorded (secrets masked).
    static func auditDetail(_ execution: Execution) -> [String: JSONValue] {
        ["execution_id": .string(execution.id), "status": .string(execution.status.rawValue), "parameters": .object(execution.parameters)]
    }

    /// `execution.rerun` for st2's re-run (its context names the old execution), else `execution.run`.
    static func auditAction(_ request: ExecutionRequest) -> String {
        request.context["re-run"] == nil ? "execution.run" : "execution.rerun"
    }
}
