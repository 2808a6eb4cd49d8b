import Foundation
import SquallModel

extension PythonScriptRunner {
    /// What the action's `run(**kwargs)` gets, as st2's final parameter rendering gives it: every
    /// declared action parameter, None for one with neither a value nor a default (st2's own
    /// examples declare `run(self, cmd, hosts, hosts_dict)` and pass only one of them).
    static func actionArguments(_ job: RunnerJob) -> [String: JSONValue] {
        var arguments = job.parameters.filter { !runnerParameterNames.contains($0.key) }
        for name in job.action.parameters.keys where arguments[name] == nil && !runnerParameterNames.contains(name) {
            arguments[name] = .null
        }
        return arguments
    }
}
