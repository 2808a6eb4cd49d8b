import Foundation
import HTTPTypes
import Hummingbird
import SquallEngine

/// Accepts credentials as st2 does: a token (`X-Auth-Token` header, `x-auth-token` query, or the
/// `auth-token` cookie) or an API key (`St2-Api-Key` header or `st2-api-key` query). Anything else is 401.
struct Authentication: RouterMiddleware {
    typealias Context = APIRequestContext
    let engine: Engine

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let principal = try await principal(for: request)
        context.principal = principal
        return try await AuditContext.$current.withValue(AuditContext.acting(as: principal.user)) { try await next(request, context) }
    }

    private static let tokenHeader = HTTPField.Name("X-Auth-Token")!
    private static let apiKeyHeader = HTTPField.Name("St2-Api-Key")!

    private func principal(for request: Request) async throws -> Principal {
        let token = request.headers[Self.tokenHeader] ?? request.query("x-auth-token")
            ?? Self.cookie("auth-token", in: request.headers[.cookie])
        let engine = self.engine
        // Cached for a moment by the engine (CredentialCache): a revocation still takes effect. A
        // cached answer is taken here, without the hop to a thread that a store read needs.
        if let token, !token.isEmpty {
            var found = engine.cachedAuthentication(token: token)
            if found == nil { found = try await blocking({ try engine.authenticate(token: token) }) }
            guard let found else {
                throw APIError(.unauthorized, "Unauthorized - Token has expired or is not valid.")
            }
            return Principal(user: found.user, isAdmin: found.isAdmin, method: .token(expiry: found.expiry ?? .distantFuture))
        }
        // Looked for only without a token: the query string is parsed again for each parameter.
        if let apiKey = request.headers[Self.apiKeyHeader] ?? request.query("st2-api-key"), !apiKey.isEmpty {
            var found = engine.cachedAuthentication(apiKey: apiKey)
            if found == nil { found = try await blocking({ try engine.authenticate(apiKey: apiKey) }) }
            guard let found else {
                throw APIError(.unauthorized, "Unauthorized - ApiKey with key_hash=******** not found.")
            }
            return Principal(user: found.user, isAdmin: found.isAdmin, method: .apiKey)
        }
        throw APIError(.unauthorized, "Unauthorized - One of Token or API key required.")
    }

    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }
}
