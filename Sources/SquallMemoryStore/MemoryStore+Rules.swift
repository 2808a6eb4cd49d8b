import Foundation
import SquallModel
public import SquallStore

extension MemoryStore {
    public func ruleStates() throws -> [StoredRuleState] {
        try read { Array($0.ruleStates.values) }.sorted { $0.ref.utf8.lexicographicallyPrecedes($1.ref.utf8) }
    }

    public func saveRuleState(_ state: StoredRuleState) throws {
        try transaction { $0.ruleStates[state.ref] = state }
    }

    @discardableResult
    public func deleteRuleState(ref: String) throws -> Bool {
        try transaction { $0.ruleStates.removeValue(forKey: ref) != nil }
    }

    @discardableResult
    public func clearFileRuleStates(pack: String) throws -> Int {
        try transaction { state in
            let fileRules = state.ruleStates.values.filter { $0.pack == pack && $0.document == nil }
            for rule in fileRules { state.ruleStates[rule.ref] = nil }
            return fileRules.count
        }
    }
}
