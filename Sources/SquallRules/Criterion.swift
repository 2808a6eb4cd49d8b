import Foundation
import SquallModel
import SquallTemplates

/// One compiled `key: {type, pattern[, condition]}` entry. A class: the matcher walks every
/// criterion of every rule per instance, and copying the value each time cost more than most
/// evaluations. The slots are set while the matcher is built, before it is shared: hence unchecked.
final class Criterion: @unchecked Sendable {
    let key: String
    let path: KeyPath
    let op: CriteriaOperator
    let pattern: CriterionPattern
    let search: SearchSpec?
    /// Set by `RuleMatcher`: criteria on the same path share one lookup per trigger instance...
    var pathSlot = -1
    /// ...and criteria identical to each other (same path, operator and constant pattern) one evaluation.
    var outcomeSlot = -1

    /// What makes two criteria give the same answer for any payload, or nil when a template or a
    /// search makes that depend on more than the value at the path.
    var outcomeKey: OutcomeKey? {
        guard search == nil, case .constant(let value, _) = pattern else { return nil }
        return OutcomeKey(path: path.description, op: op, pattern: value)
    }

    struct OutcomeKey: Hashable {
        let path: String
        let op: CriteriaOperator
        let pattern: JSONValue
    }

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
        if let known = scope.outcome(outcomeSlot) { return try known.get() }
        do {
            let holds = try evaluate(in: &scope)
            scope.remember(.success(holds), slot: outcomeSlot)
            return holds
        } catch {
            scope.remember(.failure(error), slot: outcomeSlot)
            throw error
        }
    }

    private func evaluate(in scope: inout EvaluationScope) throws -> Bool {
        let (patternValue, regex) = try pattern.value(context: { scope.templateContext() })
        let value = try scope.value(at: path, slot: pathSlot) ?? .null
        if let search {
            return try search.evaluate(value, renderedPattern: patternValue, scope: scope)
        }
        return try op.evaluate(value, patternValue, regex: regex, now: scope.now)
    }
}
