import Foundation

/// Launches a harmless child exactly as actions are launched and reads its posture from outside.
public enum SandboxProbe {
    /// The environment a probe child gets: the same shape as an action's.
    public static let probeEnvironment = ["PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"]

    /// `prepare` adds what a runner adds to an action's launch (view paths, identity, cgroup lease);
    /// without it the probe runs as an identity of its own and in the supervisor's cgroup.
    public static func run(policy: SandboxPolicy, prepare: ((inout LaunchSpec) -> Void)? = nil) throws -> SandboxPosture {
        var spec = LaunchSpec(executable: "/bin/sleep", arguments: ["30"], environment: probeEnvironment,
                              workingDirectory: "/", policy: policy)
        if let prepare {
            prepare(&spec)
        } else if PackIdentity.applies(under: policy) {
            // Where actions run as their pack's identity, the probe runs as one of its own.
            spec.identity = PackIdentity.forPack("squall-sandbox-probe")
        }
        let process = try Launcher.launch(spec)
        defer {
            process.signalGroup(SIGKILL)
            _ = process.wait()
            process.close()
        }
        // The launcher returns after execve succeeded, but the dynamic loader and locale set-up still
        // open files for a moment: inspect once the probe is idle in its sleep.
        // The probe program itself, not the squall-init that runs it in a pid namespace.
        let program = process.programPid
        waitUntilAsleep(pid: program)
        var posture = SandboxPosture.inspect(pid: program, policy: policy, environment: probeEnvironment)
        posture.checks.append(initCheck(process))
        return posture
    }

    /// Whether the program runs under squall-init (PID 1 handling signals and orphans) or is PID 1 itself.
    static func initCheck(_ process: SandboxedProcess) -> SandboxPosture.Check {
        let program = process.programPid
        guard program != process.pid else {
            return SandboxPosture.Check(name: "init", enforced: false,
                                        detail: InitProgram.execPath == nil ? "squall-init not found beside the executable: the program is PID 1"
                                                                            : "no pid namespace")
        }
        return SandboxPosture.Check(name: "init", enforced: true, detail: "squall-init is PID 1, the program its child")
    }

    /// Polls /proc/<pid>/wchan (bounded) until the probe waits in its nanosleep.
    static func waitUntilAsleep(pid: Int32) {
        for _ in 0..<400 {
            if let wchan = SandboxPosture.contents("/proc/\(pid)/wchan"), wchan.contains("sleep") { return }
            usleep(5_000)
        }
    }
}
