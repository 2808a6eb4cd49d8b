import SquallModel
import SquallRunners

extension Engine {
    /// What st2's orquesta runner gives a workflow's initial context (`_construct_st2_context`):
    /// `ctx(st2)` with the execution's id, the API's URL, user, pack, action and runner (and
    /// `api_user`, `source_channel` when set), and `ctx(parent)`, the execution's own context.
    /// squall keeps a workflow's state under its execution, so `workflow_execution_id` is that id.
    func workflowSt2Context(_ job: RunnerJob) -> [String: JSONValue] {
        let context = (try? store.execution(id: job.executionId))?.context ?? [:]
        var st2: [String: JSONValue] = [
            "action_execution_id": .string(job.executionId), "workflow_execution_id": .string(job.executionId),
            "api_url": .string(workflowAPIURL(job)), "user": context["user"] ?? .string(job.user),
            "pack": .string(job.action.pack), "action": .string(job.action.ref), "runner": .string(job.action.runnerType),
        ]
        for key in ["api_user", "source_channel"] { if let value = context[key] { st2[key] = value } }
        var host: [String: JSONValue] = ["st2": .object(st2)]
        if !context.isEmpty { host["parent"] = .object(context) }
        return host
    }

    /// The URL st2client reaches squall's API at: the one the execution's actions get when a
    /// server serves it, else where `api_listen` would serve it.
    private func workflowAPIURL(_ job: RunnerJob) -> String {
        if let access = job.apiAccess { return access.baseURL + "/api/v1" }
        let listen = settings.api.listen ?? (host: "127.0.0.1", port: 9101)
        let host = listen.host.contains(":") ? "[\(listen.host)]" : listen.host
        return "\(settings.api.tls == nil ? "http" : "https")://\(host):\(listen.port)/api/v1"
    }
}
