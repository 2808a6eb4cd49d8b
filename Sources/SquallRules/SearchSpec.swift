import Foundation
import SquallModel
import SquallPython
import SquallTemplates

/// The `search` operator: item criteria (keys `item.<path>`) applied to each element of a list.
/// any: some item meets all item criteria; all: every item meets all of them;
/// any2any: some item meets some criterion; all2any: every item meets some criterion.
struct SearchSpec: Sendable {
    enum Condition: String, Sendable { case any, all, any2any, all2any }

    /// nil when the `condition` is missing or unknown: st2 raises at evaluation time.
    let condition: Condition?
    let conditionText: String
    /// Compiled item criteria when the pattern is an object (it always is, in practice).
    let items: Criteria?
    let templates: TemplateEnvironment

    init(condition: JSONValue?, pattern: JSONValue, key: String, templates: TemplateEnvironment) throws {
        conditionText = condition.map { $0.stringValue ?? $0.jsonString() } ?? "None"
        self.condition = condition?.stringValue.flatMap(Condition.init(rawValue:))
        self.templates = templates
        if case .object(let raw) = pattern {
            do {
                items = try Criteria(raw, templates: templates)
            } catch {
                throw CriteriaError("criterion '\(key)': item criteria: \(error)")
            }
        } else {
            items = nil
        }
    }

    func evaluate(_ value: JSONValue, renderedPattern: JSONValue, scope: EvaluationScope) throws -> Bool {
        if renderedPattern.isNull { return false }
        let itemCriteria: Criteria
        if let items {
            itemCriteria = items
        } else if case .object(let raw) = renderedPattern {
            itemCriteria = try Criteria(raw, templates: templates)
        } else {
            throw CriteriaError.attributeError(Python.typeName(renderedPattern), "items")
        }
        guard let condition else {
            throw CriteriaError("UnrecognizedConditionError: The '\(conditionText)' search condition is not recognized, "
                + "only 'any', 'all', 'any2any' and 'all2any' are allowed")
        }
        let elements = try SearchSpec.iterate(value)
        func outcomes(_ item: JSONValue) -> [Bool] {
            var itemScope = EvaluationScope(root: ["item": item, "system": .object(scope.datastore)],
                                            datastore: scope.datastore, now: scope.now)
            // A failing item criterion is just false, as st2's check function returns.
            return itemCriteria.criteria.map { criterion in (try? criterion.holds(in: &itemScope)) ?? false }
        }
        switch condition {
        case .any: return elements.contains { outcomes($0).allSatisfy { $0 } }
        case .all: return elements.allSatisfy { outcomes($0).allSatisfy { $0 } }
        case .any2any: return elements.contains { outcomes($0).contains(true) }
        case .all2any: return elements.allSatisfy { outcomes($0).contains(true) }
        }
    }

    /// Python iteration: lists by element, dicts by key, strings by character.
    private static func iterate(_ value: JSONValue) throws -> [JSONValue] {
        switch value {
        case .array(let a): return a
        case .object(let o): return o.keys.sorted().map(JSONValue.string)
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        default: throw CriteriaError.typeError("'\(Python.typeName(value))' object is not iterable")
        }
    }
}
