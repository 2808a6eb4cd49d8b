import Foundation
import SquallModel
import SquallTemplates

/// One compiled `key: {type, pattern[, condition]}` entry.
struct Criterion: Sendable {
    let key: String
    let path: KeyPath
    let op: CriteriaOperator
    let pattern: CriterionPattern
    let search: SearchSpec?

    init(key: String, spec: JSONValue, templates: TemplateEnvironment) throws {
        guard case .object(let fields) = spec else {
            throw CriteriaError("criterion '\(key)' must be an object with 'type' and 'pattern'")
        }
        guard let typeValue = fields["type"] else { throw CriteriaError("Operator not specified for field: \(key)") }
        guard case .string(let typeName) = typeValue else {
            throw CriteriaError("criterion '\(key)': 'type' must be a string")
        }
        self.key = key
        self.path = try KeyPath(key)
        self.op = try CriteriaOperator.named(typeName)
        let rawPattern = fields["pattern"] ?? .null
        self.pattern = CriterionPattern(rawPattern, op: op, templates: templates)
        self.search = op == .search
            ? try SearchSpec(condition: fields["condition"], pattern: rawPattern, key: key, templates: templates)
            : nil
    }

    func holds(in scope: inout EvaluationScope) throws -> Bool {
        let (patternValue, regex) = try pattern.value(context: { scope.templateContext() })
        let value = try path.firstMatch(in: scope.root) ?? .null
        if let search {
            return try search.evaluate(value, renderedPattern: patternValue, scope: scope)
        }
        return try op.evaluate(value, patternValue, regex: regex, now: scope.now)
    }
}
