import Foundation
import HTTPTypes
import Hummingbird
import SquallEngine
import SquallModel
import SquallRules

/// `/api/v1/rules`: list, get, create, enable/disable (PUT of the whole document), delete.
struct RuleController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("rules", use: list)
        group.post("rules", use: create)
        group.get("rules/{ref_or_id}", use: show)
        group.put("rules/{ref_or_id}", use: update)
        group.delete("rules/{ref_or_id}", use: delete)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        var rules = engine.rules().rules
        if let pack = request.query("pack") { rules = rules.filter { $0.pack == pack } }
        if let action = request.query("action") { rules = rules.filter { $0.actionRef == action } }
        if let trigger = request.query("trigger") { rules = rules.filter { $0.triggerType == trigger } }
        if let enabled = try request.queryBool("enabled") { rules = rules.filter { $0.enabled == enabled } }
        return try Paging.page(rules.map(Self.document), request: request, defaultLimit: nil)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        JSONResponse.make(Self.document(try find(context)))
    }

    @Sendable func create(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        var body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        if let pack = body["pack"]?.stringValue, let name = body["name"]?.stringValue, engine.rules().rule("\(pack).\(name)") != nil {
            var headers = HTTPFields()
            headers[HTTPField.Name("conflict-id")!] = ResourceID.of("\(pack).\(name)")
            return JSONResponse.make(["faultstring": .string("Tried to save duplicate unique keys: rule '\(pack).\(name)' already exists")],
                                     status: .conflict, headers: headers)
        }
        var ruleContext = body["context"]?.objectValue ?? [:]
        ruleContext["user"] = .string(principal.user)
        body["context"] = .object(ruleContext)
        let document = JSONValue.object(body)
        let engine = self.engine
        let rule = try await blocking { try engine.createRule(document, source: "request body") }
        return JSONResponse.make(Self.document(rule), status: .created)
    }

    /// The client PUTs back its GET output with `enabled` changed: only `enabled` is applied.
    @Sendable func update(request: Request, context: APIRequestContext) async throws -> Response {
        let rule = try find(context)
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        guard let enabled = body["enabled"]?.boolValue else { throw APIError(.badRequest, "enabled: a boolean is required") }
        let engine = self.engine
        let updated = try await blocking { try engine.setRule(rule.ref, enabled: enabled) }
        return JSONResponse.make(Self.document(updated))
    }

    @Sendable func delete(request: Request, context: APIRequestContext) async throws -> Response {
        let rule = try find(context)
        let engine = self.engine
        try await blocking { try engine.deleteRule(rule.ref) }
        return JSONResponse.noContent
    }

    private func find(_ context: APIRequestContext) throws -> Rule {
        let ref = ResourceID.ref(try context.parameters.require("ref_or_id"))
        do {
            return try engine.rule(ref)
        } catch EngineError.notFound {
            throw APIError(.notFound, "Resource with a reference or id \"\(ref)\" not found")
        }
    }

    static func document(_ rule: Rule) -> JSONValue {
        .compact([
            "id": .string(ResourceID.of(rule.ref)), "ref": .string(rule.ref), "uid": .string("rule:\(rule.pack):\(rule.name)"),
            "pack": .string(rule.pack), "name": .string(rule.name), "description": rule.description.map(JSONValue.string),
            "enabled": .bool(rule.enabled),
            "trigger": ["type": .string(rule.triggerType), "ref": .string(rule.triggerType), "parameters": .object(rule.triggerParameters)],
            "criteria": .object(rule.criteria),
            "action": ["ref": .string(rule.actionRef), "parameters": .object(rule.actionParameters)],
            "type": ["ref": .string(rule.isBackstop ? "backstop" : "standard"), "parameters": .object([:])],
            "context": .object(rule.context), "tags": .array(rule.tags),
        ])
    }
}
