import Hummingbird
import SquallModel
import SquallPacks

/// Checks a request's JSON body against its operation's schema in openapi.yaml before the
/// handler sees it: a wrong type or a field the operation does not take is 400 with one line
/// naming the field (`body.ttl must be integer or null, got string`), and nothing changes.
/// Runs after Authentication, so a caller without credentials still gets 401 first.
struct RequestBodyCheck: RouterMiddleware {
    typealias Context = APIRequestContext
    let maxBytes: Int
    let schemas = OpenAPIDocument.requestSchemas

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = context.endpointPath, let schema = schemas["\(request.method.rawValue) \(path)"] else {
            return try await next(request, context)
        }
        var request = request
        let body = try await request.jsonBody(maxBytes: maxBytes)
        if let problem = PayloadSchema.firstViolation(of: body, against: schema, path: "body") {
            throw APIError(.badRequest, problem)
        }
        return try await next(request, context)
    }
}
