import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/auth/v1/tokens`: a token for Basic-auth credentials (`st2 auth`, `st2 login`), and validation.
struct TokenController {
    let engine: Engine
    let throttle = LoginThrottle()

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post("tokens", use: create)
        group.post("tokens/validate", use: validate)
    }

    @Sendable func create(request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        guard let (name, password) = Self.basicCredentials(request.headers[.authorization]) else {
            throw APIError(.unauthorized, "Invalid or missing credentials")
        }
        var ttl: Int? = nil
        if let given = body["ttl"], !given.isNull {
            guard let seconds = given.intValue else { throw APIError(.badRequest, "ttl: '\(given.jsonString())' is not an integer") }
            ttl = seconds
        }
        if let wait = await throttle.retryAfter(user: name, source: context.source) {
            throw APIError(.tooManyRequests, "Too many failed logins for user '\(name)' from \(context.source): try again in \(wait) s")
        }
        let engine = self.engine
        guard let user = try await blocking({ try engine.authenticate(user: name, password: password) }) else {
            await throttle.failed(user: name, source: context.source)
            throw APIError(.unauthorized, "Invalid or missing credentials")
        }
        await throttle.succeeded(user: name, source: context.source)
        let requested = ttl
        let issued = try await blocking { try engine.issueToken(for: user.name, ttlSeconds: requested) }
        return JSONResponse.make([
            "id": .string(issued.record.id), "user": .string(user.name), "token": .string(issued.secret),
            "expiry": .string(Timestamps.format(issued.record.expiry)), "metadata": .object([:]),
        ], status: .created)
    }

    @Sendable func validate(request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        guard let token = body["token"]?.stringValue else { throw APIError(.badRequest, "token: a string is required") }
        let engine = self.engine
        let found = try await blocking { try engine.token(token) }
        return JSONResponse.make(["valid": .bool(found != nil)])
    }

    /// `Basic base64(user:password)`, split at the first `:`.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
