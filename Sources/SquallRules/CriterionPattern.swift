import SquallModel
import SquallTemplates

/// A criterion's pattern, prepared once. st2 renders only string patterns, every time, with Jinja;
/// a string without template syntax renders the same for every payload, so it is rendered once here.
enum CriterionPattern: Sendable {
    /// A value known before any payload: a non-string, or a string rendered already.
    /// `regex` holds it compiled when the operator is a regex operator.
    case constant(JSONValue, regex: PythonRegex?)
    /// A string with `{{`/`{%`: rendered per evaluation (a lone `{{ x }}` keeps x's type).
    case template(CompiledTemplate, source: String)
    /// A pattern whose template does not compile: every evaluation fails with this message.
    case broken(String)

    init(_ raw: JSONValue, op: CriteriaOperator, templates: TemplateEnvironment) {
        guard case .string(let source) = raw else {
            self = .constant(raw, regex: nil)
            return
        }
        do {
            let compiled = try templates.compile(source)
            if TemplateEnvironment.containsTemplate(source) {
                self = .template(compiled, source: source)
            } else {
                let text = try compiled.render(context: [:])
                let regex = op.regexFlavor.flatMap { try? RegexCache.shared.regex(text, flavor: $0) }
                self = .constant(.string(text), regex: regex)
            }
        } catch {
            self = .broken("Failed to render pattern value \"\(source)\": \(error)")
        }
    }

    func value(context: () -> [String: JSONValue]) throws -> (JSONValue, PythonRegex?) {
        switch self {
        case .constant(let value, let regex):
            return (value, regex)
        case .template(let compiled, let source):
            do {
                return (try compiled.renderValue(context: context()), nil)
            } catch {
                throw CriteriaError("Failed to render pattern value \"\(source)\": \(error)")
            }
        case .broken(let message):
            throw CriteriaError(message)
        }
    }
}
