import Foundation

/// Launches a harmless child exactly as actions are launched and reads its posture from outside.
public enum SandboxProbe {
    /// The environment a probe child gets: the same shape as an action's.
    public static let probeEnvironment = ["PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"]

    public static func run(policy: SandboxPolicy) throws -> SandboxPosture {
        var spec = LaunchSpec(executable: "/bin/sleep", arguments: ["30"], environment: probeEnvironment,
                              workingDirectory: "/", policy: policy)
        // Actions run as their pack's identity; the probe as one of its own.
        spec.identity = PackIdentity.forPack("squall-sandbox-probe")
        let process = try Launcher.launch(spec)
        defer {
            process.signalGroup(SIGKILL)
            _ = process.wait()
            process.close()
        }
        // The launcher returns after execve succeeded, so what /proc shows is the running probe.
        return SandboxPosture.inspect(pid: process.pid, policy: policy, environment: probeEnvironment)
    }
}
