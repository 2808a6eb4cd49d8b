import Foundation
import Hummingbird
import NIOCore

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
    /// The reply's `X-Request-ID` (RequestAudit), for log lines.
    var requestID = ""
    /// The peer's IP address (a unix socket's path), for counting failed logins per source.
    let source: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let peer = source.channel.remoteAddress
        self.source = peer?.ipAddress ?? peer?.pathname ?? "unknown"
    }

    /// The principal of an authenticated route (`Authentication` guarantees one).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError(.unauthorized, "Unauthorized - One of Token or API key required.") }
        return principal
    }
}
