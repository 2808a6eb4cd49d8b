import Foundation
import SquallModel
import SquallPacks
import SquallRules
import SquallStore

/// Behind `Engine.registerPacks` (`squall pack register [<pack> ...]`): re-reads packs' content and configs the way st2's
/// register does. Each pack is checked on its own (a bad file is reported with its file and field
/// and skipped; a bad pack does not stop the others); the operator's changes to a registered
/// pack's file rules are forgotten (the files decide again); a running server reloads.
public enum PackRegistrar {
    public struct PackReport: Sendable {
        public var ref: String
        public var actions = 0, sensors = 0, rules = 0, triggers = 0
        /// Files of this pack that were skipped, one line each naming the file and field.
        public var problems: [String] = []
    }

    public struct Report: Sendable {
        public var packs: [PackReport] = []
        /// Names asked for that match no pack in the packs path.
        public var unknown: [String] = []
        /// Packs that could not be read at all (their pack.yaml's problem).
        public var failed: [String] = []
        public var hasProblems: Bool { !unknown.isEmpty || !failed.isEmpty || packs.contains { !$0.problems.isEmpty } }
    }

    /// Registers `names` (every loaded pack when empty). `engine` has just read the packs path.
    static func register(_ names: [String], engine: Engine) throws -> Report {
        let catalog = engine.catalog
        var report = Report()
        var selected: [Pack] = []
        if names.isEmpty {
            selected = catalog.packs.values.sorted { $0.ref < $1.ref }
            // Packs that did not load at all are named by their pack.yaml's problem.
            report.failed = catalog.errors.filter { $0.file.hasSuffix("/pack.yaml") }.map(\.description)
        } else {
            for name in names {
                if let pack = catalog.packs[name] {
                    selected.append(pack)
                } else if let problem = catalog.errors.first(where: { $0.file.hasSuffix("/\(name)/pack.yaml") }) {
                    report.failed.append(problem.description)
                } else {
                    report.unknown.append("pack '\(name)' not found in the packs path")
                }
            }
        }
        // The files decide again: forget disable/enable/delete of the packs' file rules first.
        for pack in selected { try engine.store.clearFileRuleStates(pack: pack.ref) }
        let rules = RuleSet.load(catalog: catalog, store: engine.store)
        for pack in selected {
            let prefix = pack.path + "/"
            var entry = PackReport(ref: pack.ref)
            let counts = PackContentCounts(pack: pack.ref, catalog: catalog, rules: rules)
            (entry.actions, entry.sensors, entry.rules, entry.triggers) = (counts.actions, counts.sensors, counts.rules, counts.triggers)
            entry.problems = catalog.errors.filter { $0.file.hasPrefix(prefix) }.map(\.description)
                + rules.problems.filter { $0.hasPrefix(prefix) }
                + WorkflowRunner.problems(pack: pack.ref, catalog: catalog)
            do {
                _ = try PackConfigLoader.load(pack: pack, configsDirectory: engine.settings.configsDirectory)
            } catch {
                entry.problems.append("\(error)")
            }
            report.packs.append(entry)
        }
        Server.requestReload(.packs, dataDirectory: engine.settings.dataDirectory)
        return report
    }
}
