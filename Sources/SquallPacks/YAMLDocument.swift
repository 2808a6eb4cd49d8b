import Foundation
import SquallModel
import Yams

/// Reads YAML files into JSONValue, keeping scalars as YAML 1.1 resolves them but leaving
/// timestamps as their original text (st2 reads dates as strings for our purposes).
public enum YAMLDocument {
    public static func load(file path: String) throws -> JSONValue {
        try checkSize(file: path)
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
            node = try compose(text, file: file)
        } catch let error as PackError {
            throw error
        } catch let error as YamlError {
            throw PackError(file: file, message: "invalid YAML: \(describe(error))")
        } catch {
            throw PackError(file: file, message: "invalid YAML: \(error)")
        }
        guard let node else { return .null }
        return convert(node)
    }

    /// Composes without a resolver, since convert() types plain scalars itself (YAMLScalarType,
    /// without Yams' regexes), and in UTF-8 given explicitly (the default reads the whole environment).
    /// Nothing is composed past `YAMLLimits.process` (see YAMLBudget).
    private static func compose(_ text: String, file: String) throws -> Node? {
        if let problem = YAMLBudget.problem(text, limits: .process) { throw PackError(file: file, message: problem) }
        return try Yams.compose(yaml: text, .basic, .default, .utf8)
    }

    /// A file too large is refused before it is read into memory.
    private static func checkSize(file path: String) throws {
        let limit = YAMLLimits.process.maxBytes
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
            throw PackError(file: path, message: "is \(size) bytes, more than the \(limit) allowed (setting yaml_max_bytes)")
        }
    }

    /// For a config schema: the keys of the top mapping and of every nested `properties` mapping,
    /// in file order, keyed by their dotted path ("" for the top).
    static func propertyKeyOrder(file: String) throws -> [String: [String]] {
        try checkSize(file: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard let node = try compose(text, file: file) else { return [:] }
        var order: [String: [String]] = [:]
        func walk(_ mapping: Node.Mapping, path: String) {
            var keys: [String] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key else { continue }
                keys.append(name.string)
                if let properties = value.mapping?["properties"]?.mapping {
                    walk(properties, path: path.isEmpty ? name.string : path + "." + name.string)
                }
            }
            order[path] = keys
        }
        if let top = node.mapping { walk(top, path: "") }
        return order
    }

    static func convert(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch scalarType(scalar) {
            case .null: return .null
            case .bool: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
            case .int:
                // Yams traps on a base-60 integer past Int (found by fuzzing: `346646466664666666:6`);
                // such a one stays text, like a decimal too big for Int.
                if scalar.string.contains(":"), !sexagesimalFitsInt(scalar.string) { return .string(scalar.string) }
                return Int.construct(from: scalar).map(JSONValue.int) ?? .string(scalar.string)
            case .float: return Double.construct(from: scalar).map(JSONValue.double) ?? .string(scalar.string)
            case .string: return .string(scalar.string)
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

    /// Whether Yams can compute a YAML 1.1 base-60 integer (`[-+]1_0:30:59`) without overflow:
    /// it goes from the last part, adding part x 60^k and then multiplying the place value by 60
    /// once more (so 11 parts overflow even when the total would fit).
    static func sexagesimalFitsInt(_ text: String) -> Bool {
        var digits = text.replacingOccurrences(of: "_", with: "")
        if digits.hasPrefix("-") || digits.hasPrefix("+") { digits.removeFirst() }
        var total = 0, place = 1
        for part in digits.split(separator: ":", omittingEmptySubsequences: false).reversed() {
            guard let value = Int(part) else { return false }
            let (term, o1) = value.multipliedReportingOverflow(by: place)
            let (sum, o2) = total.addingReportingOverflow(term)
            let (next, o3) = place.multipliedReportingOverflow(by: 60)
            if o1 || o2 || o3 { return false }
            total = sum; place = next
        }
        return true
    }

    /// A plain untagged scalar is typed by its text; a quoted one is a string; an explicit tag wins.
    /// Reads the scalar's own tag, which is still unresolved (Yams resolves it on first `node.tag`).
    static func scalarType(_ scalar: Node.Scalar) -> YAMLScalarType {
        switch Tag.Name(rawValue: scalar.tag.rawValue) {
        case .implicit: return YAMLScalarType(plain: scalar.string)
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        default: return .string
        }
    }

    private static func describe(_ error: YamlError) -> String {
        // Yams' descriptions span several lines; keep the first for one-line errors.
        let text = "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}

extension YAMLDocument {
    /// Writes a value as block YAML that reads back to the same value (strings that would read as
    /// another type are quoted). `order` gives each mapping's key order from its dotted path.
    public static func serialize(_ value: JSONValue, order: ([String: JSONValue], String) -> [String]) throws -> String {
        func node(_ value: JSONValue, path: String) throws -> Node {
            switch value {
            case .null: return Node("null", Tag(.null))
            case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
            case .int(let i): return Node(String(i), Tag(.int))
            case .double(let d): return try d.represented()
            case .string(let s): return try s.represented()
            case .array(let items): return Node(try items.map { try node($0, path: path) })
            case .object(let object):
                let pairs = try order(object, path).map { key in
                    (Node(key), try node(object[key]!, path: path.isEmpty ? key : path + "." + key))
                }
                return Node(pairs)
            }
        }
        return try Yams.serialize(node: try node(value, path: ""))
    }
}
