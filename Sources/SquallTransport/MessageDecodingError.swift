import Foundation
import SquallModel

/// Why a frame could not be read as a protocol message. Never fatal: the channel reports it.
public enum MessageDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(String)
    case notAnObject
    case missingType
    case unknownType(String)
    case missingField(type: String, field: String)
    case wrongFieldType(type: String, field: String, expected: String)
    case unexpectedFrameCount(Int)

    public var description: String {
        switch self {
        case .notJSON(let detail): return "frame is not JSON: \(detail)"
        case .notAnObject: return "message is not a JSON object"
        case .missingType: return "message has no string \"type\""
        case .unknownType(let type): return "unknown message type \"\(type)\""
        case .missingField(let type, let field): return "\(type) message lacks \"\(field)\""
        case .wrongFieldType(let type, let field, let expected): return "\(type) message: \"\(field)\" is not \(expected)"
        case .unexpectedFrameCount(let count): return "expected one frame, got \(count)"
        }
    }
}

/// Typed access to the fields of one decoded message object.
struct WireObject {
    let type: String
    let fields: [String: JSONValue]

    /// Parses a frame into its `type` and fields.
    static func parse(_ frame: Data) throws(MessageDecodingError) -> WireObject {
        let value: JSONValue
        do { value = try JSONValue.parse(frame) } catch { throw .notJSON(String(describing: error).prefix(200).description) }
        guard case .object(let fields) = value else { throw .notAnObject }
        guard case .string(let type)? = fields["type"] else { throw .missingType }
        return WireObject(type: type, fields: fields)
    }

    func value(_ field: String) throws(MessageDecodingError) -> JSONValue {
        guard let value = fields[field] else { throw .missingField(type: type, field: field) }
        return value
    }

    func string(_ field: String) throws(MessageDecodingError) -> String {
        guard case .string(let s) = try value(field) else { throw .wrongFieldType(type: type, field: field, expected: "a string") }
        return s
    }

    func optionalString(_ field: String) throws(MessageDecodingError) -> String? {
        switch fields[field] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw .wrongFieldType(type: type, field: field, expected: "a string or null")
        }
    }

    func bool(_ field: String) throws(MessageDecodingError) -> Bool {
        guard case .bool(let b) = try value(field) else { throw .wrongFieldType(type: type, field: field, expected: "a boolean") }
        return b
    }

    func int(_ field: String) throws(MessageDecodingError) -> Int {
        guard case .int(let i) = try value(field) else { throw .wrongFieldType(type: type, field: field, expected: "an integer") }
        return i
    }

    func int32(_ field: String) throws(MessageDecodingError) -> Int32 {
        guard let i = Int32(exactly: try int(field)) else { throw .wrongFieldType(type: type, field: field, expected: "a 32-bit integer") }
        return i
    }

    func object(_ field: String) throws(MessageDecodingError) -> [String: JSONValue] {
        guard case .object(let o) = try value(field) else { throw .wrongFieldType(type: type, field: field, expected: "an object") }
        return o
    }
}

extension JSONValue {
    /// One protocol frame: compact UTF-8 JSON.
    var frame: Data { Data(jsonString().utf8) }
}
