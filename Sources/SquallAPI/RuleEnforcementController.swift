import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/ruleenforcements`: what the rules decided, newest first (`st2 rule-enforcement list`).
struct RuleEnforcementController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("ruleenforcements", use: list)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let rule = request.query("rule_ref")
        let triggerInstance = request.query("trigger_instance")
        let execution = request.query("execution")
        let limit = try request.queryLimit(default: 50)
        let engine = self.engine
        var enforcements = try await blocking {
            try engine.ruleEnforcements(rule: rule, triggerInstance: triggerInstance, limit: limit ?? Int(Int32.max))
        }
        if let execution { enforcements = enforcements.filter { $0.executionId == execution } }
        return JSONResponse.list(enforcements.map(Self.document), limit: limit)
    }

    static func document(_ enforcement: RuleEnforcement) -> JSONValue {
        .compact([
            "id": .string(enforcement.id),
            "rule": ["ref": .string(enforcement.ruleRef), "id": .string(ResourceID.of(enforcement.ruleRef)),
                     "uid": .string("rule:" + enforcement.ruleRef.replacingOccurrences(of: ".", with: ":", options: [], range: enforcement.ruleRef.range(of: ".")))],
            "trigger_instance_id": .string(enforcement.triggerInstanceId),
            "execution_id": enforcement.executionId.map(JSONValue.string),
            "failure_reason": enforcement.failureReason.map(JSONValue.string),
            "enforced_at": .string(Timestamps.format(enforcement.enforcedAt)),
            "status": .string(enforcement.status.rawValue),
        ])
    }
}
