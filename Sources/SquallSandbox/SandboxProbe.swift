import Foundation

/// Launches a harmless child exactly as actions are launched and reads its posture from outside.
public enum SandboxProbe {
    /// The environment a probe child gets: the same shape as an action's.
    public static let probeEnvironment = ["PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"]

    public static func run(policy: SandboxPolicy) throws -> SandboxPosture {
        var spec = LaunchSpec(executable: "/bin/sleep", arguments: ["30"], environment: probeEnvironment,
                              workingDirectory: "/", policy: policy)
        // Where actions run as their pack's identity, the probe runs as one of its own.
        if PackIdentity.applies(under: policy) { spec.identity = PackIdentity.forPack("squall-sandbox-probe") }
        let process = try Launcher.launch(spec)
        defer {
            process.signalGroup(SIGKILL)
            _ = process.wait()
            process.close()
        }
        // The launcher returns after execve succeeded, but the dynamic loader and locale set-up still
        // open files for a moment: inspect once the probe is idle in its sleep.
        waitUntilAsleep(pid: process.pid)
        return SandboxPosture.inspect(pid: process.pid, policy: policy, environment: probeEnvironment)
    }

    /// Polls /proc/<pid>/wchan (bounded) until the probe waits in its nanosleep.
    static func waitUntilAsleep(pid: Int32) {
        for _ in 0..<400 {
            if let wchan = SandboxPosture.contents("/proc/\(pid)/wchan"), wchan.contains("sleep") { return }
            usleep(5_000)
        }
    }
}
