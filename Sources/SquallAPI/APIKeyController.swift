import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/apikeys`: API keys (`st2 apikey create|list|get|delete|enable|disable`). The key itself
/// is in the create reply only; squall keeps its SHA-256.
struct APIKeyController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("apikeys", use: list)
        group.post("apikeys", use: create)
        group.get("apikeys/{id_or_key}", use: show)
        group.put("apikeys/{id_or_key}", use: update)
        group.delete("apikeys/{id_or_key}", use: delete)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        // Others' keys are for admins to see.
        let user = principal.isAdmin ? request.query("user") : principal.user
        let engine = self.engine
        let keys = try await blocking { try engine.apiKeys(user: user) }
        return try Paging.page(keys.map(Self.document), request: request, defaultLimit: 50)
    }

    @Sendable func create(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        var user = principal.user
        if let named = body["user"]?.stringValue, !named.isEmpty, named != principal.user {
            guard principal.isAdmin else { throw APIError(.forbidden, "only an admin may create API keys for another user") }
            user = named
        }
        let metadata = body["metadata"] ?? .object([:])
        guard metadata.objectValue != nil else { throw APIError(.badRequest, "metadata: must be an object") }
        let engine = self.engine, owner = user
        let issued = try await blocking { try engine.createAPIKey(for: owner, metadata: metadata) }
        var document = Self.document(issued.record).objectValue ?? [:]
        document["key_hash"] = nil
        document["key"] = .string(issued.secret)
        return JSONResponse.make(.object(document), status: .created)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        JSONResponse.make(Self.document(try await find(context)))
    }

    @Sendable func update(request: Request, context: APIRequestContext) async throws -> Response {
        let key = try await find(context)
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        guard let enabled = body["enabled"]?.boolValue else { throw APIError(.badRequest, "enabled: a boolean is required") }
        let metadata = body["metadata"].flatMap { $0.objectValue != nil ? $0 : nil }
        let engine = self.engine
        let updated = try await blocking { try engine.updateAPIKey(id: key.id, enabled: enabled, metadata: metadata) }
        return JSONResponse.make(Self.document(updated))
    }

    @Sendable func delete(request: Request, context: APIRequestContext) async throws -> Response {
        let key = try await find(context)
        let engine = self.engine
        try await blocking { try engine.deleteAPIKey(id: key.id) }
        return JSONResponse.noContent
    }

    /// The key named by id or by the key itself; another user's only for an admin (404 otherwise, as if absent).
    private func find(_ context: APIRequestContext) async throws -> APIKeyRecord {
        let principal = try context.requirePrincipal()
        let idOrKey = try context.parameters.require("id_or_key")
        let engine = self.engine
        guard let key = try await blocking({ try? engine.apiKey(idOrKey: idOrKey) }), principal.isAdmin || key.user == principal.user else {
            throw APIError(.notFound, "ApiKey with key_or_id=\(idOrKey) not found")
        }
        return key
    }

    static func document(_ key: APIKeyRecord) -> JSONValue {
        [
            "id": .string(key.id), "uid": .string("api_key:\(key.id)"), "user": .string(key.user), "metadata": key.metadata,
            "enabled": .bool(key.enabled), "created_at": .string(Timestamps.format(key.createdAt)), "key_hash": .string(maskedSecret),
        ]
    }
}
