import Foundation
import SquallModel
import SquallTemplates

/// st2's expression functions as its orquesta runner registers them (orquesta_runner's
/// `orquesta.expressions.functions` entry points): st2's Jinja filters called as functions in both
/// YAQL and Jinja (`basename(x)`, `regex_match(x, p)`, `json_dump(x)`...), under st2's names.
extension WorkflowExpressions {
    /// Function name -> the st2 filter it calls (the value is the filter's first argument).
    static let st2FunctionFilters: [String: String] = {
        var names: [String: String] = ["json_dump": "to_json_string", "json_parse": "from_json_string",
                                       "yaml_dump": "to_yaml_string", "yaml_parse": "from_yaml_string"]
        for same in ["basename", "dirname", "from_json_string", "from_yaml_string", "json_escape", "jsonpath_query",
                     "regex_match", "regex_replace", "regex_search", "regex_substring", "to_human_time_from_seconds",
                     "to_json_string", "to_yaml_string", "use_none", "version_compare", "version_more_than",
                     "version_less_than", "version_equal", "version_match", "version_bump_major", "version_bump_minor",
                     "version_bump_patch", "version_strip_patch"] {
            names[same] = same
        }
        return names
    }()

    /// The st2 functions `templates`' filters provide.
    static func st2Functions(_ templates: TemplateEnvironment) -> [String: @Sendable ([JSONValue]) throws -> JSONValue] {
        var functions: [String: @Sendable ([JSONValue]) throws -> JSONValue] = [:]
        for (name, filterName) in Self.st2FunctionFilters {
            guard let filter = templates.registeredFilter(filterName) else { continue }
            functions[name] = { arguments in
                guard let value = arguments.first else { throw ExpressionError(message: "\(name)() needs an argument") }
                return try filter(value, Array(arguments.dropFirst()), [:])
            }
        }
        return functions
    }
}
