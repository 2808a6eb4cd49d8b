import Foundation
import SquallModel
import SquallPacks

/// An inquiry (st2's core.ask): an execution of the `inquirer` runner, whose result holds the
/// question (`schema`, `roles`, `users`, `route`, `ttl`) and, once answered, the `response`.
/// st2 keeps no separate record either: its inquiries API reads executions.
public struct Inquiry: Sendable, Hashable {
    public var execution: Execution

    public init?(_ execution: Execution) {
        guard execution.runner == RunnerType.inquirer.rawValue else { return nil }
        self.execution = execution
    }

    public var id: String { execution.id }
    public var status: ExecutionStatus { execution.status }
    public var schema: JSONValue { field("schema") ?? [:] }
    public var roles: [JSONValue] { field("roles")?.arrayValue ?? [] }
    public var users: [String] { field("users")?.arrayValue?.compactMap(\.stringValue) ?? [] }
    public var route: String { field("route")?.stringValue ?? "" }
    /// Minutes it stays open; 0 or less: until answered (as st2's garbage collector skips those).
    public var ttl: Int { field("ttl")?.intValue ?? 0 }
    public var response: JSONValue? { field("response") }
    /// The workflow this inquiry is a task of, if any.
    public var workflowId: String? { execution.context["parent"]?["execution_id"]?.stringValue }

    /// When an open inquiry times out; nil when it never does.
    public var expiresAt: Date? {
        ttl > 0 ? execution.startTimestamp.addingTimeInterval(TimeInterval(ttl) * 60) : nil
    }

    /// Whether `user` may answer: st2 lets anyone when `users` is empty (roles need st2's RBAC,
    /// which squall does not have, so they restrict nothing).
    public func permits(user: String) -> Bool { users.isEmpty || users.contains(user) }

    /// st2's InquiryResponseAPI document (`st2 inquiry get`, `/api/v1/inquiries/{id}`).
    public var document: JSONValue {
        ["id": .string(id), "route": .string(route), "ttl": .int(ttl), "users": .array(users.map(JSONValue.string)),
         "roles": .array(roles), "schema": schema]
    }

    private func field(_ name: String) -> JSONValue? {
        guard let value = execution.result?[name], !value.isNull else { return nil }
        return value
    }
}
