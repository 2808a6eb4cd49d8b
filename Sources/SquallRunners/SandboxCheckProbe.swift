import Foundation
import SquallModel
import SquallSandbox

/// The probe child of `squall sandbox check`, launched with what a runner adds to an action's child:
/// the pack's identity, its directory and virtualenv read-only in the view, a private /tmp, and a
/// cgroup lease with the policy's limits, so the check shows what that pack's actions really get.
public enum SandboxCheckProbe {
    /// `pack`: whose identity the probe takes (a name of its own when no pack is asked for);
    /// `readOnlyPaths`: the pack's directory and virtualenv, as an action of it sees them.
    public static func run(policy: SandboxPolicy, pack: String, readOnlyPaths: [String], runDirectory: String) throws -> SandboxPosture {
        let sandbox = try ChildSandbox(name: "probe-\(getpid())", pack: pack, runDirectory: runDirectory, limits: policy.limits,
                                       readOnlyPaths: readOnlyPaths, hasChannel: false)
        defer { sandbox.release() }
        return try SandboxProbe.run(policy: policy) { sandbox.apply(to: &$0) }
    }
}
