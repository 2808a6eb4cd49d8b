import Foundation
import Hummingbird
import SquallModel

/// A webhook's body as st2 reads it: JSON (also when no content type is given) as an object or
/// an array, or a form (`application/x-www-form-urlencoded`) as an object of value lists.
enum WebhookBody {
    static func read(_ request: inout Request, maxBytes: Int) async throws -> JSONValue {
        let mediaType = request.headers[.contentType].map(Self.mediaType) ?? "application/json"
        switch mediaType {
        case "application/json", "":
            let body = try await request.jsonBody(maxBytes: maxBytes)
            guard body.objectValue != nil || body.arrayValue != nil else {
                throw APIError(.badRequest, "Failed to parse request body: expected a JSON object or array, got \(body.schemaTypeName)")
            }
            return body
        case "application/x-www-form-urlencoded":
            let buffer = try await request.collectBody(upTo: maxBytes)
            return form(String(decoding: buffer.readableBytesView, as: UTF8.self))
        default:
            throw APIError(.badRequest, "Content-type \"\(mediaType)\" is not supported (use application/json or application/x-www-form-urlencoded)")
        }
    }

    /// A Content-Type's media type, lower-cased, without parameters or surrounding blanks (an empty
    /// header is ""). By hand: Foundation's `trimmingCharacters(in:)` went through NSString.
    static func mediaType(_ header: String) -> String {
        var type = header.split(separator: ";", maxSplits: 1).first ?? ""
        type = type.drop(while: \.isWhitespace)
        while type.last?.isWhitespace == true { type = type.dropLast() }
        return type.lowercased()
    }

    /// Python's `parse_qs`: `&`-separated `name=value`, `+` is a space, percent-escapes decoded,
    /// pairs with an empty value dropped, each name's values in order.
    static func form(_ text: String) -> JSONValue {
        var values: [String: [JSONValue]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else { continue }
            values[decode(parts[0]), default: []].append(.string(decode(parts[1])))
        }
        return .object(values.mapValues(JSONValue.array))
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
