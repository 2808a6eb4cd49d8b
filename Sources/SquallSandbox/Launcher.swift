import CSquallLauncher
#if canImport(Glibc)
import Glibc
#endif

/// Starts sandboxed children through the C launcher.
public enum Launcher {
    public static func launch(_ spec: LaunchSpec) throws -> SandboxedProcess {
        try validate(spec)
        let program: [UInt8]
        do {
            program = try SeccompFilterCache.shared.program(for: spec.policy.seccomp)
        } catch {
            throw SandboxError(step: "seccomp-compile", path: spec.executable, errno: EINVAL, detail: "\(error)")
        }
        let cSpec = CLaunchSpec(spec, seccompProgram: program)
        var result = squall_launch_result()
        let status = cSpec.withSpec { specPointer in
            LauncherThread.shared.run { squall_launch(specPointer, &result) }
        }
        guard status == 0 else { throw error(from: result, spec: spec) }
        return SandboxedProcess(pid: result.pid, stdoutFD: result.stdout_fd, stderrFD: result.stderr_fd)
    }

    private static func validate(_ spec: LaunchSpec) throws {
        func refuse(_ detail: String) -> SandboxError {
            SandboxError(step: "validate", path: spec.executable, errno: EINVAL, detail: detail)
        }
        guard spec.executable.hasPrefix("/") else { throw refuse("the executable must be an absolute path") }
        let strings = [spec.executable, spec.argv0 ?? "", spec.workingDirectory ?? ""] + spec.arguments
            + spec.environment.keys + spec.environment.values
        guard !strings.contains(where: { $0.utf8.contains(0) }) else { throw refuse("a string contains NUL") }
        guard !spec.environment.keys.contains(where: { $0.isEmpty || $0.contains("=") }) else {
            throw refuse("an environment name is empty or contains '='")
        }
        guard spec.policy.namespaces.isEmpty else { throw refuse("namespaces are not supported yet") }
    }

    private static func error(from result: squall_launch_result, spec: LaunchSpec) -> SandboxError {
        let step = String(cString: squall_step_name(result.failed_step))
        let path = result.failed_step == Int32(SQUALL_STEP_CHDIR.rawValue)
            ? (spec.workingDirectory ?? spec.executable) : spec.executable
        var detail: String?
        if result.failed_step == Int32(SQUALL_STEP_RLIMITS.rawValue) {
            detail = rlimitName(result.detail)
        }
        return SandboxError(step: step, path: path, errno: result.error_number, detail: detail)
    }

    private static func rlimitName(_ resource: Int32) -> String {
        switch UInt32(resource) {
        case RLIMIT_CPU.rawValue: return "RLIMIT_CPU"
        case RLIMIT_AS.rawValue: return "RLIMIT_AS"
        case RLIMIT_FSIZE.rawValue: return "RLIMIT_FSIZE"
        case RLIMIT_NOFILE.rawValue: return "RLIMIT_NOFILE"
        case RLIMIT_CORE.rawValue: return "RLIMIT_CORE"
        default: return "resource \(resource)"
        }
    }
}
