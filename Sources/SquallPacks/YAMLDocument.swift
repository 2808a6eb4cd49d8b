import Foundation
import SquallModel
import Yams

/// Reads YAML files into JSONValue, keeping scalars as YAML 1.1 resolves them but leaving
/// timestamps as their original text (st2 reads dates as strings for our purposes).
public enum YAMLDocument {
    public static func load(file path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PackError(file: path, message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PackError(file: path, message: "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PackError(file: file, message: "invalid YAML: \(describe(error))")
        } catch {
            throw PackError(file: file, message: "invalid YAML: \(error)")
        }
        guard let node else { return .null }
        return convert(node)
    }

    static func convert(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return Int.construct(from: scalar).map(JSONValue.int) ?? .string(scalar.string)
            case .float: return Double.construct(from: scalar).map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            return .array(sequence.map(convert))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                let name: String
                if case .scalar(let s) = key { name = s.string } else { name = "\(key)" }
                object[name] = convert(value)
            }
            return .object(object)
        case .alias:
            return .null
        }
    }

    private static func describe(_ error: YamlError) -> String {
        // Yams' descriptions span several lines; keep the first for one-line errors.
        let text = "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}
