import Foundation
import HTTPTypes
import Hummingbird
import SquallEngine

/// Gives every request an id (the client's `X-Request-ID` when it sent a usable one) and binds who
/// acts for the engine's audit log (`AuditContext.current`): the peer's address, the id, and
/// `anonymous` until `Authentication` names the user. The id comes back in `X-Request-ID` and the
/// context keeps it for the log lines FaultMiddleware writes.
struct RequestAudit: RouterMiddleware {
    typealias Context = APIRequestContext
    static let header = HTTPField.Name("X-Request-ID")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = Self.usable(request.headers[Self.header]) ?? RequestID.generate()
        let audit = AuditContext(actor: "anonymous", source: context.source, requestID: id)
        var context = context
        context.requestID = id
        var response = try await AuditContext.$current.withValue(audit) { try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }

    /// A client's id is kept when it is short printable ASCII without quotes or backslashes: it is
    /// written into the audit log and log lines, which it must not forge or bloat.
    static func usable(_ given: String?) -> String? {
        guard let given, !given.isEmpty, given.utf8.count <= 128,
              given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else { return nil }
        return given
    }
}

extension AuditContext {
    /// The request's context with the authenticated user as the actor.
    static func acting(as user: String) -> AuditContext? {
        guard var context = current else { return nil }
        context.actor = user
        return context
    }
}
