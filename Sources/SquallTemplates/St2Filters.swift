import Foundation
import SquallModel
import SquallPython

/// StackStorm's own Jinja filters (st2common.expressions.functions), registered on an environment.
/// decrypt_kv is left out: it needs the datastore's key, which the template engine does not hold.
public enum St2Filters {
    /// Parses YAML text into a value; the caller supplies it because this module has no YAML parser.
    public typealias YAMLLoader = @Sendable (String) throws -> JSONValue

    /// Registers every st2 filter. Without a `yamlLoader`, from_yaml_string reads only the JSON
    /// subset of YAML and fails on anything else.
    public static func register(in environment: TemplateEnvironment, yamlLoader: YAMLLoader? = nil) {
        for (name, filter) in dataFilters(yamlLoader: yamlLoader) { environment.register(filter: name, filter) }
        for (name, filter) in regexFilters { environment.register(filter: name, filter) }
        for (name, filter) in versionFilters { environment.register(filter: name, filter) }
        for (name, filter) in pathAndTimeFilters { environment.register(filter: name, filter) }
    }

    /// st2's magic string that its parameter rendering turns back into None.
    public static let noneMagicValue = "%*****__%NONE%__*****%"

    static func dataFilters(yamlLoader: YAMLLoader?) -> [String: TemplateFilter] {
        [
            "to_json_string": { value, args, kwargs in
                let call = St2Arguments(args, kwargs)
                // st2 keeps insertion order (sort_keys=False); our objects have none, so keys are sorted.
                let separators = try call.separators(2, "separators") ?? (",", ": ")
                return .string(try PythonJSON.boundedDumps(value, indent: try call.indent(0, "indent"), itemSeparator: separators.item,
                                                           keySeparator: separators.key, limits: .process))
            },
            "from_json_string": { value, _, _ in
                let text = Python.str(value)
                do {
                    return try JSONValue.parse(text)
                } catch {
                    throw TemplateError("from_json_string: invalid JSON: \(Python.repr(.string(text)))")
                }
            },
            "to_yaml_string": { value, args, kwargs in
                let call = St2Arguments(args, kwargs)
                let indent = try call.indent(0, "indent") ?? 2
                let allowUnicode = call.argument(1, "allow_unicode").map(Python.isTruthy) ?? true
                return .string(YAMLEmitter.dump(value, indent: max(2, min(indent, 9)), allowUnicode: allowUnicode))
            },
            "from_yaml_string": { value, _, _ in
                let text = Python.str(value)
                if let yamlLoader { return try yamlLoader(text) }
                // YAML is a superset of JSON: the JSON subset needs no YAML parser.
                if let parsed = try? JSONValue.parse(text) { return parsed }
                throw TemplateError("from_yaml_string: no YAML loader is configured and the text is not JSON")
            },
            "json_escape": { value, _, _ in
                // st2 dumps the value and strips every surrounding double quote (all of them, as str.strip does).
                .string(TextOps.strip(PythonJSON.dumps(value), chars: "\""))
            },
            "to_complex": { value, _, _ in .string(PythonJSON.dumps(value)) },
            "jsonpath_query": { value, args, kwargs in
                guard let query = St2Arguments(args, kwargs).argument(0, "query") else {
                    throw TemplateError("jsonpath_query() missing required argument: 'query'")
                }
                let matches = try JSONPathQuery(Python.str(query)).find(in: value)
                return matches.isEmpty ? .null : .array(matches)
            },
            "use_none": { value, _, _ in value.isNull ? .string(noneMagicValue) : value },
        ]
    }
}

/// Positional-or-keyword access to a registered filter's arguments, as Python binds them.
struct St2Arguments {
    let args: [JSONValue]
    let kwargs: [String: JSONValue]

    init(_ args: [JSONValue], _ kwargs: [String: JSONValue]) {
        self.args = args
        self.kwargs = kwargs
    }

    func argument(_ index: Int, _ name: String) -> JSONValue? {
        index < args.count ? args[index] : kwargs[name]
    }

    func flag(_ index: Int, _ name: String) -> Bool {
        argument(index, name).map(Python.isTruthy) ?? false
    }

    /// An integer argument (booleans count, as in Python); None and absence give nil.
    func int(_ index: Int, _ name: String) throws -> Int? {
        guard let value = argument(index, name), !value.isNull else { return nil }
        guard case .int(let i)? = Python.number(value) else {
            throw TemplateError("'\(name)' must be an integer, not '\(Python.typeName(value))'")
        }
        return i
    }

    /// json.dumps' indent: a count of spaces (a string indent is not supported).
    func indent(_ index: Int, _ name: String) throws -> Int? {
        try int(index, name)
    }

    /// json.dumps' separators: a two-item list (Jinja tuples arrive as lists).
    func separators(_ index: Int, _ name: String) throws -> (item: String, key: String)? {
        guard let value = argument(index, name), !value.isNull else { return nil }
        guard case .array(let pair) = value, pair.count == 2,
              case .string(let item) = pair[0], case .string(let key) = pair[1] else {
            throw TemplateError("separators must be a pair of strings")
        }
        return (item, key)
    }
}
