import Foundation
import SquallModel
import SquallTemplates

/// One rule that fires for a trigger instance.
public struct RuleMatch: Sendable {
    public let rule: Rule
}

/// A rule that was considered but could not be evaluated (st2 records a failed enforcement).
public struct RuleMatchFailure: Sendable, Equatable {
    public let ruleRef: String
    public let reason: String
}

/// What matching one trigger instance produced.
public struct RuleMatchOutcome: Sendable {
    public let matches: [RuleMatch]
    public let failures: [RuleMatchFailure]
}

/// Decides which rules fire for a trigger instance: enabled rules of that trigger type whose
/// criteria hold; backstop rules only when no standard rule matched. Criteria are compiled once,
/// at init, and rules are indexed by trigger type. Immutable: share it across threads.
public struct RuleMatcher: Sendable {
    struct CompiledRule: Sendable {
        let rule: Rule
        let criteria: Criteria
    }

    private let byTrigger: [String: (standard: [CompiledRule], backstop: [CompiledRule])]
    /// Enabled rules whose criteria did not compile; they never fire.
    public let invalidRules: [RuleMatchFailure]

    public init(rules: [Rule], templates: TemplateEnvironment = TemplateEnvironment()) {
        var index: [String: (standard: [CompiledRule], backstop: [CompiledRule])] = [:]
        var invalid: [RuleMatchFailure] = []
        for rule in rules where rule.enabled {
            do {
                let compiled = CompiledRule(rule: rule, criteria: try Criteria(rule.criteria, templates: templates))
                if rule.isBackstop {
                    index[rule.triggerType, default: ([], [])].backstop.append(compiled)
                } else {
                    index[rule.triggerType, default: ([], [])].standard.append(compiled)
                }
            } catch {
                invalid.append(RuleMatchFailure(ruleRef: rule.ref, reason: "\(error)"))
            }
        }
        byTrigger = index
        invalidRules = invalid
    }

    /// The rules that fire, in the order they were given.
    public func matches(triggerRef: String, payload: JSONValue, datastore: [String: JSONValue] = [:],
                        triggerParameters: [String: JSONValue]? = nil) -> [RuleMatch] {
        evaluate(triggerRef: triggerRef, payload: payload, datastore: datastore, triggerParameters: triggerParameters).matches
    }

    /// Matches plus the rules whose evaluation failed, with st2-style reasons.
    /// `triggerParameters`, when given, must equal a rule's trigger parameters: in st2 a rule with
    /// parameters (a timer's interval...) listens to its own trigger, not to every trigger of the type.
    public func evaluate(triggerRef: String, payload: JSONValue, datastore: [String: JSONValue] = [:],
                         triggerParameters: [String: JSONValue]? = nil, now: Date = Date()) -> RuleMatchOutcome {
        guard let candidates = byTrigger[triggerRef] else { return RuleMatchOutcome(matches: [], failures: []) }
        var matches: [RuleMatch] = []
        var failures: [RuleMatchFailure] = []
        let root = Criteria.root(payload: payload, datastore: datastore)
        func run(_ rules: [CompiledRule]) {
            for compiled in rules {
                if let triggerParameters, compiled.rule.triggerParameters != triggerParameters { continue }
                let result = compiled.criteria.evaluate(root: root, datastore: datastore, now: now)
                if result.matched {
                    matches.append(RuleMatch(rule: compiled.rule))
                } else if let error = result.error {
                    failures.append(RuleMatchFailure(
                        ruleRef: compiled.rule.ref, reason: "criterion '\(result.failedKey ?? "")': \(error)"))
                }
            }
        }
        run(candidates.standard)
        if matches.isEmpty { run(candidates.backstop) }
        return RuleMatchOutcome(matches: matches, failures: failures)
    }
}
