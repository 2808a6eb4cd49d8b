import Foundation
import SquallModel
import SquallRules

/// Rules for front ends: the rules in force (pack files with the operator's stored changes, and
/// rules created by hand, see `RuleSet`) and the changes `RuleEditor` keeps in the store. Every
/// change tells a running server to reload its rules.
extension Engine {
    /// Every rule in force, enabled or not, with one line for each rule that cannot run.
    public func rules() -> RuleSet {
        RuleSet.load(catalog: catalog, store: store)
    }

    /// The rule with this ref; one that exists but cannot load is bad input naming its problem.
    public func rule(_ ref: String) throws -> Rule {
        try RuleEditor.existing(ref, engine: self)
    }

    /// Adds the rule in a YAML or JSON file naming its pack; disabled unless it says otherwise.
    @discardableResult
    public func createRule(file: String) throws -> Rule {
        try audited("rule.create", target: file, detail: { ["rule": .string($0.ref)] }) { try RuleEditor.create(file: file, engine: self) }
    }

    /// Adds the rule `document` describes (a rule file's content); `source` names it in messages.
    @discardableResult
    public func createRule(_ document: JSONValue, source: String) throws -> Rule {
        try audited("rule.create", target: document["pack"].flatMap(\.stringValue).map { "\($0).\(document["name"]?.stringValue ?? "")" } ?? source,
                    detail: { ["rule": .string($0.ref)] }) {
            try RuleEditor.create(document, source: source, engine: self)
        }
    }

    /// Enables or disables a rule (a pack-file rule's change holds until `pack register`).
    @discardableResult
    public func setRule(_ ref: String, enabled: Bool) throws -> Rule {
        try audited(enabled ? "rule.enable" : "rule.disable", target: ref) { try RuleEditor.setEnabled(ref, enabled, engine: self) }
    }

    /// Deletes a created rule; hides a pack-file rule until the next `pack register`.
    public func deleteRule(_ ref: String) throws {
        try audited("rule.delete", target: ref) { try RuleEditor.delete(ref, engine: self) }
    }
}
