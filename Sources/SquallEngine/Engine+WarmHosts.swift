import Foundation
import SquallModel
import SquallPacks
import SquallRules
import SquallRunners

/// Warm per-pack hosts (WarmHostPool): which packs a server starts hosts for ahead of time.
extension Engine {
    /// The packs whose Python actions these rules run, each once, in name order.
    public func packsRunningPython(for rules: [Rule]) -> [String] {
        let catalog = self.catalog
        let packs = rules.compactMap { rule -> String? in
            guard let action = catalog.actions[rule.actionRef], action.runnerType == RunnerType.pythonScript.rawValue else { return nil }
            return action.pack
        }
        return Array(Set(packs)).sorted()
    }

    /// Starts `pack`'s warm host now, as its next execution would; nil when it is up, else why not.
    public func prestartWarmHost(pack: String) -> String? {
        guard let python = runners[RunnerType.pythonScript.rawValue] as? PythonScriptRunner else { return "no python-script runner" }
        do {
            return python.prestartWarmHost(pack: pack, policy: try packPolicies.policy(forPack: pack), runRoot: settings.runDirectory)
        } catch {
            return "\(error)"
        }
    }
}
