import SquallModel
import SquallPython

/// Python's `%` with widths and precisions bounded by the template string limit (they are sizes
/// of text to build); Python's "width too big" then names the setting that raises the bound.
enum BoundedPercentFormat {
    static func format(_ format: String, _ arguments: Python.PercentArguments, limits: TemplateLimits) throws -> String {
        do {
            return try Python.percentFormat(format, arguments, maxWidth: limits.maxStringBytes)
        } catch let error as PythonError where error.kind == .valueError && error.message.hasSuffix(" too big") {
            throw TemplateError("\(error.message): longer than the \(limits.maxStringBytes) allowed (setting template_max_string_bytes)")
        }
    }
}
