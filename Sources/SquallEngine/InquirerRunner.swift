import Foundation
import SquallModel
import SquallPacks
import SquallRunners

/// The `inquirer` runner (st2's core.ask): opens an inquiry. The execution ends `pending` with
/// the question as its result (`schema`, `roles`, `users`, `route`, `ttl`), announces it with
/// `core.st2.generic.inquiry` (as st2's runner does), and waits for `Engine.respond` or its TTL
/// (Engine+Inquiries). A workflow whose task is pending pauses (WorkflowRunner).
struct InquirerRunner: ActionRunner {
    func run(_ job: RunnerJob, events: any RunnerEvents) throws -> RunnerOutcome {
        let defaults = RunnerType.inquirer.parameters
        func value(_ name: String) -> JSONValue {
            if let given = job.parameters[name], !given.isNull { return given }
            return defaults[name]?.defaultValue ?? .null
        }
        let route = value("route")
        do {
            try events.dispatch(trigger: BuiltinTriggers.inquiry, payload: ["id": .string(job.executionId), "route": route], traceTag: nil)
        } catch {
            // The inquiry still opens: the announcement is for notification rules only.
        }
        return RunnerOutcome(status: .pending, result: [
            "schema": value("schema"), "roles": value("roles"), "users": value("users"), "route": route, "ttl": value("ttl"),
        ])
    }
}
