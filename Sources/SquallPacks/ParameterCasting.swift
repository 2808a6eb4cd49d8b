import Foundation
import SquallModel

/// Casts parameter values to their declared type the way st2 does: text from the command line
/// (`k=v`) and strings produced by templates are converted; other values must already fit.
public enum ParameterCasting {
    public static func cast(_ value: JSONValue, to type: ParameterType?, parameter: String) throws -> JSONValue {
        guard let type else { return value }
        if case .string(let text) = value, type != .string {
            return try castText(text, to: type, parameter: parameter)
        }
        if value.isNull { return value }
        switch (type, value) {
        case (.integer, .double(let d)) where d.rounded() == d && abs(d) < 9e18:
            return .int(Int(d))
        case (.number, .int), (.number, .double):
            return value
        default:
            guard value.matchesSchemaType(type.rawValue) else {
                throw ParameterError(parameter: parameter, message: "expected \(type.rawValue), got \(value.schemaTypeName) \(value.jsonString())")
            }
            return value
        }
    }

    static func castText(_ text: String, to type: ParameterType, parameter: String) throws -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch type {
        case .string:
            return .string(text)
        case .integer:
            if let i = Int(trimmed) { return .int(i) }
            throw ParameterError(parameter: parameter, message: "'\(text)' is not an integer")
        case .number:
            if let i = Int(trimmed) { return .int(i) }
            if let d = Double(trimmed), d.isFinite { return .double(d) }
            throw ParameterError(parameter: parameter, message: "'\(text)' is not a number")
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "1", "yes", "on": return .bool(true)
            case "false", "0", "no", "off": return .bool(false)
            default: throw ParameterError(parameter: parameter, message: "'\(text)' is not a boolean (true/false/1/0)")
            }
        case .array:
            if trimmed.hasPrefix("[") {
                guard let parsed = try? JSONValue.parse(trimmed), case .array = parsed else {
                    throw ParameterError(parameter: parameter, message: "'\(text)' is not a valid JSON array")
                }
                return parsed
            }
            // st2's client accepts a comma-separated list too.
            if trimmed.isEmpty { return .array([]) }
            return .array(trimmed.split(separator: ",", omittingEmptySubsequences: false)
                .map { .string($0.trimmingCharacters(in: .whitespaces)) })
        case .object:
            guard let parsed = try? JSONValue.parse(trimmed), case .object = parsed else {
                throw ParameterError(parameter: parameter, message: "'\(text)' is not a valid JSON object")
            }
            return parsed
        case .null:
            if trimmed.isEmpty || trimmed == "null" || trimmed == "None" { return .null }
            throw ParameterError(parameter: parameter, message: "'\(text)' is not null")
        }
    }
}
