import Foundation
import Hummingbird
import SquallModel

/// `GET /api/v1/user`: who the credentials belong to (`st2 whoami`).
struct UserController {
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("user", use: show)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var authentication: [String: JSONValue] = ["location": "header"]
        switch principal.method {
        case .token(let expiry):
            authentication["method"] = "authentication token"
            authentication["token_expire"] = .string(Self.expiryFormat(expiry))
        case .apiKey:
            authentication["method"] = "API key"
        }
        return JSONResponse.make([
            "username": .string(principal.user), "authentication": .object(authentication),
            "rbac": ["enabled": false, "roles": [], "is_admin": .bool(principal.isAdmin)],
        ])
    }

    /// st2 formats the expiry here as `%Y-%m-%dT%H:%M:%SZ`.
    static func expiryFormat(_ date: Date) -> String {
        String(Timestamps.format(date).prefix(19)) + "Z"
    }
}
