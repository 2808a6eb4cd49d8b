import Foundation
import HTTPTypes
import Hummingbird

/// Every response carries `X-Request-ID` (st2's header): the client's own when it sent a sensible
/// one (so it can match its logs with ours), else a new one. The context keeps it too, for the log
/// lines FaultMiddleware writes.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    static let header = HTTPField.Name("X-Request-ID")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = Self.acceptable(request.headers[Self.header]) ?? UUID().uuidString.lowercased()
        var context = context
        context.requestID = id
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }

    /// At most 128 visible ASCII characters: anything else could forge log lines or bloat them.
    static func acceptable(_ given: String?) -> String? {
        guard let given, !given.isEmpty, given.utf8.count <= 128,
              given.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else { return nil }
        return given
    }
}
