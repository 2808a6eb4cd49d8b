import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/keys`: the datastore (`st2 key set|get|list|delete`), scopes system and user.
/// Secret values (`--encrypt`) are stored encrypted and shown as st2 shows them: the encrypted hex
/// (`encrypted: true`) unless an admin asks `decrypt=true`.
struct KeyController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("keys", use: list)
        group.get("keys/{name}", use: show)
        group.put("keys/{name}", use: set)
        group.delete("keys/{name}", use: delete)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let scopeName = request.query("scope") ?? "system"
        let owner = try Self.owner(request.query("user"), principal)
        let decrypt = try Self.decrypt(request, principal)
        let prefix = request.query("prefix")
        let engine = self.engine
        let pairs: [(KeyValuePair, KeyScope)] = try await blocking {
            switch scopeName {
            case "all", "st2kv.all":
                return try engine.keys(scope: .system, prefix: prefix, decrypt: decrypt).map { ($0, KeyScope.system) }
                    + engine.keys(scope: .user(owner), prefix: prefix, decrypt: decrypt).map { ($0, KeyScope.user(owner)) }
            default:
                let scope = try KeyScope(named: scopeName, user: owner)
                return try engine.keys(scope: scope, prefix: prefix, decrypt: decrypt).map { ($0, scope) }
            }
        }
        return try Paging.page(pairs.map { Self.document($0.0, scope: $0.1, decrypt: decrypt) }, request: request, defaultLimit: 100)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try context.parameters.require("name")
        let scope = try KeyScope(named: request.query("scope") ?? "system", user: try Self.owner(request.query("user"), principal))
        let decrypt = try Self.decrypt(request, principal)
        let engine = self.engine
        let found: KeyValuePair?
        do {
            found = try await blocking { try engine.key(name, scope: scope, decrypt: decrypt) }
        } catch EngineError.notFound {
            found = nil
        }
        guard let pair = found else { throw APIError(.notFound, "Resource with a name \"\(name)\" not found") }
        return JSONResponse.make(Self.document(pair, scope: scope, decrypt: decrypt))
    }

    @Sendable func set(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try context.parameters.require("name")
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        guard let value = body["value"]?.stringValue else { throw APIError(.badRequest, "value: a string is required") }
        var ttl: Int? = nil
        if let given = body["ttl"], !given.isNull {
            guard let seconds = given.intValue, seconds >= 1 else { throw APIError(.badRequest, "ttl: must be a positive integer") }
            ttl = seconds
        }
        let secret = body["secret"]?.boolValue ?? false
        // st2's `key load` of `key list -j` output: the value is already encrypted (with our key).
        let alreadyEncrypted = body["encrypted"]?.boolValue ?? false
        let scopeName = body["scope"]?.stringValue ?? request.query("scope") ?? "system"
        let owner = try Self.owner(body["user"]?.stringValue ?? request.query("user"), principal)
        let scope = try KeyScope(named: scopeName, user: owner)
        let engine = self.engine, seconds = ttl
        let pair = try await blocking { try engine.setKey(name, value: value, scope: scope, ttlSeconds: seconds, secret: secret,
                                                                alreadyEncrypted: alreadyEncrypted) }
        return JSONResponse.make(Self.document(pair, scope: scope, decrypt: false))
    }

    @Sendable func delete(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try context.parameters.require("name")
        let scope = try KeyScope(named: request.query("scope") ?? "system", user: try Self.owner(request.query("user"), principal))
        let engine = self.engine
        do {
            try await blocking { try engine.deleteKey(name, scope: scope) }
        } catch EngineError.notFound {
            throw APIError(.notFound, "Resource with a name \"\(name)\" not found")
        }
        return JSONResponse.noContent
    }

    /// Whose user-scoped keys: the requester's; another user's only for an admin.
    static func owner(_ named: String?, _ principal: Principal) throws -> String {
        guard let named, !named.isEmpty, named != principal.user else { return principal.user }
        guard principal.isAdmin else { throw APIError(.forbidden, "only an admin may use another user's keys") }
        return named
    }

    /// `decrypt=true` shows secrets: admins only (users' own keys aside: not told apart yet, so admins only).
    static func decrypt(_ request: Request, _ principal: Principal) throws -> Bool {
        guard try request.queryBool("decrypt") == true else { return false }
        guard principal.isAdmin else { throw APIError(.forbidden, "only an admin may decrypt secrets") }
        return true
    }

    static func document(_ pair: KeyValuePair, scope: KeyScope, decrypt: Bool) -> JSONValue {
        var document: [String: JSONValue] = [
            // A secret stored in clear before squall encrypted them is still masked.
            "name": .string(pair.name), "value": .string(pair.secret && !pair.encrypted && !decrypt ? maskedSecret : pair.value),
            "secret": .bool(pair.secret), "encrypted": .bool(pair.encrypted),
        ]
        switch scope {
        case .system:
            document["scope"] = "st2kv.system"
            document["id"] = .string(ResourceID.of("system:" + pair.name))
            document["uid"] = .string("key_value_pair:st2kv.system:\(pair.name)")
        case .user(let user):
            document["scope"] = "st2kv.user"
            document["user"] = .string(user)
            document["id"] = .string(ResourceID.of("user:\(user):" + pair.name))
            document["uid"] = .string("key_value_pair:st2kv.user:\(user):\(pair.name)")
        }
        if let expiry = pair.expireTimestamp { document["expire_timestamp"] = .string(Timestamps.format(expiry)) }
        return .object(document)
    }
}
