import Foundation
import SquallModel
import SquallPacks
import SquallRules
import SquallStore

/// Behind `Engine.createRule`, `setRule` and `deleteRule` (Engine+Rules.swift, the one door for
/// front ends): changes kept in the store (see `RuleSet`), then a running server is told to reload
/// its rules. Bad input throws `EngineError.badInput` naming the file and field, and changes nothing.
enum RuleEditor {
    /// Where st2 puts a created rule that names no pack (a bundled, empty pack).
    static let defaultPack = "default"

    /// Adds the rule in `file` (YAML naming its pack). `enabled` defaults to false, as in st2.
    @discardableResult
    static func create(file: String, engine: Engine) throws -> Rule {
        let document: JSONValue
        do {
            document = try YAMLDocument.load(file: file)
        } catch let error as PackError {
            throw EngineError.badInput(error.description)
        }
        return try create(document, source: file, engine: engine)
    }

    /// Adds the rule `document` describes (as a rule file would); `source` names it in messages
    /// (a file, or what a front end received it as).
    @discardableResult
    static func create(_ document: JSONValue, source file: String, engine: Engine) throws -> Rule {
        // As st2's API: a rule that names no pack goes to the `default` pack.
        var document = document
        if var fields = document.objectValue, fields["pack"] == nil || fields["pack"] == .null {
            fields["pack"] = .string(defaultPack)
            document = .object(fields)
        }
        let rule: Rule
        do {
            rule = try RuleReader.parse(document, file: file, pack: nil)
        } catch let error as PackError {
            throw EngineError.badInput(error.description)
        }
        var placed = rule
        placed.file = file
        if let problem = RuleSet.problem(with: placed, catalog: engine.catalog) { throw EngineError.badInput(problem) }
        if RuleSet.load(catalog: engine.catalog, store: engine.store).rule(rule.ref) != nil {
            throw EngineError.badInput("\(file): field 'name': rule '\(rule.ref)' already exists")
        }
        // st2 recomputes these on create; keeping them would make the stored document lie.
        var stored = document.objectValue ?? [:]
        for key in ["id", "ref", "uid", "metadata_file"] { stored[key] = nil }
        stored["pack"] = .string(rule.pack)
        try engine.store.saveRuleState(StoredRuleState(ref: rule.ref, pack: rule.pack, document: .object(stored)))
        Server.requestReload(dataDirectory: engine.settings.dataDirectory)
        var created = rule
        created.file = nil
        return created
    }

    /// Enables or disables a rule; for a pack-file rule this holds until the next `pack register`.
    @discardableResult
    static func setEnabled(_ ref: String, _ enabled: Bool, engine: Engine) throws -> Rule {
        var rule = try existing(ref, engine: engine)
        if rule.file == nil {
            var state = try storedState(ref, engine: engine)
            var document = state.document?.objectValue ?? [:]
            document["enabled"] = .bool(enabled)
            state.document = .object(document)
            try engine.store.saveRuleState(state)
        } else {
            try engine.store.saveRuleState(StoredRuleState(ref: rule.ref, pack: rule.pack, enabled: enabled))
        }
        Server.requestReload(dataDirectory: engine.settings.dataDirectory)
        rule.enabled = enabled
        return rule
    }

    /// Deletes a created rule for good; a pack-file rule is hidden until the next `pack register`
    /// re-reads its file (st2: the database copy is gone until the pack is registered again).
    static func delete(_ ref: String, engine: Engine) throws {
        let rule = try existing(ref, engine: engine)
        if rule.file == nil {
            try engine.store.deleteRuleState(ref: ref)
        } else {
            try engine.store.saveRuleState(StoredRuleState(ref: rule.ref, pack: rule.pack, deleted: true))
        }
        Server.requestReload(dataDirectory: engine.settings.dataDirectory)
    }

    /// The rule with this ref; a rule that exists but cannot load is reported with its problem.
    static func existing(_ ref: String, engine: Engine) throws -> Rule {
        let set = RuleSet.load(catalog: engine.catalog, store: engine.store)
        if let rule = set.rule(ref) { return rule }
        // A rule whose file or stored document is broken is named in the problems, not missing.
        let parts = ref.split(separator: ".", maxSplits: 1).map(String.init)
        let filePrefix = parts.count == 2 ? engine.catalog.packs[parts[0]].map { $0.path + "/rules/" + parts[1] + "." } : nil
        if let problem = set.problems.first(where: { $0.hasPrefix(RuleSet.createdRuleSource(ref)) || (filePrefix.map($0.hasPrefix) ?? false) }) {
            throw EngineError.badInput("rule '\(ref)' cannot be loaded: \(problem)")
        }
        throw EngineError.notFound("rule '\(ref)' not found")
    }

    private static func storedState(_ ref: String, engine: Engine) throws -> StoredRuleState {
        guard let state = try engine.store.ruleStates().first(where: { $0.ref == ref }) else {
            throw EngineError.notFound("rule '\(ref)' not found")
        }
        return state
    }
}
