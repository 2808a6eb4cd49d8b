import Foundation
import SquallModel
import SquallPacks
import SquallRules
import SquallStore
import SquallTimers

/// The rules in force, the way st2's database holds them: every pack's `rules/*.yaml` with the
/// operator's changes from the store applied (enabled/disabled, deleted until the next
/// `pack register`), plus the rules created with `squall rule create`. A stored state wins over
/// its pack file, as st2's database does until the pack is registered again.
public struct RuleSet: Sendable {
    /// Rules registered, enabled or not, sorted by ref (their actions may not exist yet).
    public private(set) var rules: [Rule] = []
    /// Why the others cannot run: one line each, naming the file (or created rule) and the field.
    public private(set) var problems: [String] = []

    public var enabled: [Rule] { rules.filter(\.enabled) }

    public func rule(_ ref: String) -> Rule? { rules.first { $0.ref == ref } }

    /// Where a created rule's errors point (it has no file of its own).
    public static func createdRuleSource(_ ref: String) -> String { "rule '\(ref)' (created)" }

    public static func load(catalog: PackCatalog, store: any RuleStateStore) -> RuleSet {
        var set = RuleSet()
        var states: [String: StoredRuleState] = [:]
        do {
            for state in try store.ruleStates() { states[state.ref] = state }
        } catch {
            set.problems.append("stored rules: \(error)")
        }
        var byRef: [String: Rule] = [:]
        for pack in catalog.packs.values.sorted(by: { $0.ref < $1.ref }) {
            let directory = pack.path + "/rules"
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            for file in files {
                do {
                    var rule = try RuleReader.read(file: directory + "/" + file, pack: pack.ref)
                    if let state = states[rule.ref], state.document == nil {
                        if state.deleted { continue }
                        if let enabled = state.enabled { rule.enabled = enabled }
                    }
                    byRef[rule.ref] = rule
                } catch {
                    set.problems.append("\(error)")
                }
            }
        }
        for state in states.values.sorted(by: { $0.ref < $1.ref }) {
            guard let document = state.document else { continue }
            do {
                var rule = try RuleReader.parse(document, file: createdRuleSource(state.ref), pack: state.pack)
                rule.file = nil  // a created rule has no file: nil is how the rest tells it apart
                byRef[state.ref] = rule
            } catch {
                set.problems.append("\(error)")
            }
        }
        for rule in byRef.values.sorted(by: { $0.ref < $1.ref }) {
            if let problem = problem(with: rule, catalog: catalog) {
                set.problems.append(problem)
            } else {
                set.rules.append(rule)
            }
        }
        return set
    }

    /// Why a rule cannot be registered (unknown pack or trigger type, trigger parameters a built-in
    /// type refuses, a timer that cannot be scheduled), or nil.
    public static func problem(with rule: Rule, catalog: PackCatalog) -> String? {
        let source = rule.file ?? createdRuleSource(rule.ref)
        if catalog.packs[rule.pack] == nil {
            return "\(source): field 'pack': unknown pack '\(rule.pack)'"
        }
        if catalog.triggerTypes[rule.triggerType] == nil && !BuiltinTriggers.refs.contains(rule.triggerType) {
            return "\(source): field 'trigger.type': unknown trigger type '\(rule.triggerType)'"
        }
        if let violation = BuiltinTriggers.parametersProblem(trigger: rule.triggerType, parameters: rule.triggerParameters) {
            return "\(source): field 'trigger.parameters': \(violation)"
        }
        if TimerSchedule.triggerRefs.contains(rule.triggerType) {
            do {
                _ = try TimerSchedule(triggerRef: rule.triggerType, parameters: rule.triggerParameters)
            } catch let error as TimerError {
                return "\(source): field 'trigger.parameters.\(error.parameter)': \(error.message)"
            } catch {
                return "\(source): field 'trigger.parameters': \(error)"
            }
        }
        // The action is not checked here: st2 registers a rule whose action does not exist (yet);
        // firing it records a failed enforcement naming the action (`Engine.prepare`).
        return nil
    }
}
