import Foundation
import HTTPTypes
import Hummingbird
import SquallEngine
import SquallModel

/// JSON replies in st2's shapes.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        // Straight from the writer's bytes: a String in between was one more copy of every reply.
        let buffer = value.withJSONBytes { ByteBuffer(bytes: $0) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    static func fault(_ status: HTTPResponse.Status, _ message: String) -> Response {
        make(["faultstring": .string(message)], status: status)
    }

    /// A bare array with st2's paging headers: `X-Total-Count` (all matches) and `X-Limit` (when a limit applied).
    static func list(_ items: [JSONValue], total: Int? = nil, limit: Int? = nil) -> Response {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Total-Count")!] = String(total ?? items.count)
        if let limit { headers[HTTPField.Name("X-Limit")!] = String(limit) }
        return make(.array(items), headers: headers)
    }

    /// `list` with the array already written (ExecutionController+List splices cached documents).
    static func list(body: ByteBuffer, total: Int, limit: Int?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("X-Total-Count")!] = String(total)
        if let limit { headers[HTTPField.Name("X-Limit")!] = String(limit) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    static let noContent = Response(status: .noContent)
}

/// Reading requests: size-limited JSON bodies and st2's query conventions.
extension Request {
    /// The body as JSON, at most `maxBytes` (413 beyond); unparseable JSON is 400 as st2 says it.
    mutating func jsonBody(maxBytes: Int) async throws -> JSONValue {
        let buffer = try await collectBody(upTo: maxBytes)
        let bytes: [UInt8] = Array(buffer.readableBytesView)
        let data = Data(bytes)
        if data.isEmpty { return .object([:]) }
        do {
            return try JSONValue.parse(data)
        } catch {
            throw APIError(.badRequest, "Failed to parse request body: \(Self.oneLine(error))")
        }
    }

    /// A parser error as one readable line (Foundation's errors carry it as their debug description).
    static func oneLine(_ error: Error) -> String {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return detail.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The body as a JSON object (400 when it is another JSON type).
    mutating func jsonObject(maxBytes: Int) async throws -> [String: JSONValue] {
        let body = try await jsonBody(maxBytes: maxBytes)
        guard let object = body.objectValue else {
            throw APIError(.badRequest, "Failed to parse request body: expected a JSON object, got \(body.schemaTypeName)")
        }
        return object
    }

    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A boolean the way the client sends them (`True`, `false`, `1`, `yes`...).
    func queryBool(_ name: String) throws -> Bool? {
        guard let text = query(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw APIError(.badRequest, "query parameter '\(name)': '\(text)' is not a boolean")
        }
    }

    /// `limit` with st2's rules: its default when absent, -1 for everything (nil), 0 or below -1 is 400.
    func queryLimit(default fallback: Int?) throws -> Int? {
        guard let text = query("limit") else { return fallback }
        guard let number = Int(text) else { throw APIError(.badRequest, "query parameter 'limit': '\(text)' is not an integer") }
        if number == -1 { return nil }
        guard number >= 1 else { throw APIError(.badRequest, "Limit, \"limit=\(number)\" specified in the query parameter is not valid. Limit must be a positive integer or -1.") }
        return number
    }

    func queryOffset() throws -> Int {
        guard let text = query("offset") else { return 0 }
        guard let number = Int(text), number >= 0 else { throw APIError(.badRequest, "query parameter 'offset': '\(text)' is not a non-negative integer") }
        return number
    }
}

/// Paging of lists the facade hands over whole.
enum Paging {
    static func page(_ items: [JSONValue], request: Request, defaultLimit: Int?) throws -> Response {
        let limit = try request.queryLimit(default: defaultLimit)
        let offset = try request.queryOffset()
        let window = items.dropFirst(offset)
        let shown = limit.map { Array(window.prefix($0)) } ?? Array(window)
        return JSONResponse.list(shown, total: items.count, limit: limit)
    }
}

/// Runs blocking engine work (SQLite, bcrypt) off Swift's cooperative pool and NIO's event loops,
/// with the request's audit context bound on that thread too (the engine's audit log reads it).
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    let audit = AuditContext.current
    return try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try AuditContext.$current.withValue(audit) { try work() } })
        }
    }
}

/// Ids for resources squall names by ref (actions, rules, packs...): st2 tells refs from ids by
/// the `.`, so an id must have none. The ref's bytes in hex: URL-safe and reversible.
enum ResourceID {
    static func of(_ ref: String) -> String {
        // By hand: String(format:) per byte was a tenth of `GET /api/v1/actions`' time in its profile.
        let hex: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(2 * ref.utf8.count)
        for byte in ref.utf8 {
            out.append(hex.utf8Start[Int(byte >> 4)])
            out.append(hex.utf8Start[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ref a path segment names: itself when it has a `.`, else decoded from an id.
    static func ref(_ refOrID: String) -> String {
        if refOrID.contains(".") { return refOrID }
        let bytes = Array(refOrID.utf8)
        guard bytes.count % 2 == 0, !bytes.isEmpty else { return refOrID }
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let byte = UInt8(String(decoding: bytes[index..<index + 2], as: UTF8.self), radix: 16) else { return refOrID }
            decoded.append(byte)
            index += 2
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

extension JSONValue {
    /// An object without null members (st2 omits null fields).
    static func compact(_ members: [String: JSONValue?]) -> JSONValue {
        .object(members.compactMapValues { value in
            guard let value, !value.isNull else { return nil }
            return value
        })
    }
}
