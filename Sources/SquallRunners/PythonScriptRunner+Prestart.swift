import Foundation
import SquallModel
import SquallSandbox

extension PythonScriptRunner {
    /// Starts the pack's warm host ahead of its first execution (server start, packs with enabled
    /// rules): builds its virtualenv if needed, then the host exactly as that execution would.
    /// Returns why not, nil when the host is up (or already was).
    public func prestartWarmHost(pack ref: String, policy: SandboxPolicy, runRoot: String) -> String? {
        guard let pool = warmHosts else { return "warm hosts are off" }
        guard let pack = packs[ref] else { return "pack '\(ref)' is not loaded" }
        do {
            let interpreter = try virtualenvs.ensure(pack, progress: progress)
            virtualenvs.ensureBytecode(pack, runtimeDirectory: runtimeDirectory, progress: progress)
            guard let host = WarmPythonLaunch.host(pool: pool, pack: pack, interpreter: interpreter, policy: policy,
                                                   runRoot: runRoot, runner: self) else {
                return pool.lastProblem ?? "backing off after a failure"
            }
            pool.checkIn(host, problem: nil)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
