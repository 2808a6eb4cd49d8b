import Foundation
import Hummingbird

/// Who a request acts for, once `Authentication` accepted its credentials.
struct Principal: Sendable {
    enum Method: Sendable {
        case token(expiry: Date)
        case apiKey
    }

    var user: String
    var isAdmin: Bool
    var method: Method
}

/// The request context of every API route: Hummingbird's core plus the principal.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var principal: Principal?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The principal of an authenticated route (`Authentication` guarantees one).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError(.unauthorized, "Unauthorized - One of Token or API key required.") }
        return principal
    }
}
