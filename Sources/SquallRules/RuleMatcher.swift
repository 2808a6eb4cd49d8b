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
    /// A class: the match loop walks every rule of a trigger type per instance, and copying a
    /// `Rule` value each time cost more than evaluating most criteria.
    final class CompiledRule: Sendable {
        let rule: Rule
        let criteria: Criteria
        init(rule: Rule, criteria: Criteria) { self.rule = rule; self.criteria = criteria }
    }

    let byTrigger: [String: (standard: [CompiledRule], backstop: [CompiledRule])]
    /// Sizes of the per-instance caches the criteria share (see `Criteria.sharingLookups`).
    private let pathSlots: Int
    private let outcomeSlots: Int
    /// Enabled rules whose criteria did not compile; they never fire.
    public let invalidRules: [RuleMatchFailure]

    public init(rules: [Rule], templates: TemplateEnvironment = TemplateEnvironment()) {
        var index: [String: (standard: [CompiledRule], backstop: [CompiledRule])] = [:]
        var invalid: [RuleMatchFailure] = []
        var paths: [String: Int] = [:]
        var outcomes: [Criterion.OutcomeKey: Int] = [:]
        for rule in rules where rule.enabled {
            do {
                let criteria = try Criteria(rule.criteria, templates: templates).sharingLookups(paths: &paths, outcomes: &outcomes)
                let compiled = CompiledRule(rule: rule, criteria: criteria)
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
        pathSlots = paths.count
        outcomeSlots = outcomes.count
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
        var scope = EvaluationScope(root: Criteria.root(payload: payload, datastore: datastore), datastore: datastore, now: now,
                                    pathSlots: pathSlots, outcomeSlots: outcomeSlots)
        // st2: non-empty criteria never match an empty (falsy) payload.
        let payloadIsTruthy = Criteria.isTruthy(payload)
        func run(_ rules: [CompiledRule]) {
            for compiled in rules {
                if let triggerParameters, compiled.rule.triggerParameters != triggerParameters { continue }
                let result: CriteriaResult
                if compiled.criteria.isEmpty {
                    result = .match
                } else if !payloadIsTruthy {
                    result = .noMatch(key: nil)
                } else {
                    result = compiled.criteria.evaluate(in: &scope)
                }
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
