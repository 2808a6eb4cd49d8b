import CSquallLauncher
#if canImport(Glibc)
import Glibc
#endif

/// Starts sandboxed children through the C launcher.
public enum Launcher {
    public static func launch(_ spec: LaunchSpec) throws -> SandboxedProcess {
        let asksForIsolation = !spec.policy.namespaces.isEmpty || spec.identity != nil || spec.policy.identity != nil
        guard asksForIsolation else { return try launch(spec, assuming: SandboxFeatures.all) }
        if let probed = SandboxFeatures.probedSoFar { return try launch(spec, assuming: probed) }
        // Probing costs a launch per namespace (~20 ms): too much for a command that starts one
        // child. Until a probe has run, ask for everything; only a host that refuses part of it
        // (the launch fails before exec, having run nothing) is probed, and the launch retried
        // with what the host gives.
        do {
            return try launch(spec, assuming: SandboxFeatures.unprobed)
        } catch let error as SandboxError where error.mayBeTheHostRefusingIsolation {
            return try launch(spec, assuming: SandboxFeatures.current)
        }
    }

    /// Launches with only the protections `features` says the host has (the rest are left off).
    public static func launch(_ spec: LaunchSpec, assuming features: SandboxFeatures) throws -> SandboxedProcess {
        try validate(spec)
        let program: SeccompPrograms
        do {
            program = try SeccompFilterCache.shared.program(for: spec.policy.seccomp)
        } catch {
            throw SandboxError(step: "seccomp-compile", path: spec.executable, errno: EINVAL, detail: "\(error)")
        }
        let setup = try NamespaceSetup.make(for: spec, features: features, rootMountpoint: ViewRoot.mountpoint)
        if let identity = setup.identity { try NamespaceSetup.handOver(spec, to: identity) }
        return try launch(spec, setup: setup, seccompProgram: program)
    }

    /// Launches with exactly `setup` (also used by the feature probes, which must not recurse).
    static func launch(_ spec: LaunchSpec, setup: NamespaceSetup, seccompProgram program: SeccompPrograms) throws -> SandboxedProcess {
        let cSpec = CLaunchSpec(spec, seccompProgram: program)
        cSpec.namespaceSetup = CNamespaceSetup(setup)
        var result = squall_launch_result()
        let status = cSpec.withSpec { specPointer in
            LauncherThread.shared.run { squall_launch(specPointer, &result) }
        }
        guard status == 0 else {
            if result.failed_step == Int32(SQUALL_STEP_FILESYSTEM.rawValue) { throw viewError(from: result, spec: spec, setup: setup) }
            throw error(from: result, spec: spec)
        }
        // The child has moved itself into its cgroups: a warm-up keeping that move cheap is done.
        if spec.cgroup != nil { CgroupMigrationWarmup.end() }
        return SandboxedProcess(pid: result.pid, stdoutFD: result.stdout_fd, stderrFD: result.stderr_fd,
                                ownMountNamespace: setup.namespaces.contains(.mount), statusFD: result.status_fd)
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
        for path in spec.readOnlyPaths + spec.writablePaths + (spec.tmpDirectory.map { [$0] } ?? []) {
            guard path.hasPrefix("/"), !path.utf8.contains(0), !path.split(separator: "/").contains("..") else {
                throw refuse("view path '\(path)' is not a plain absolute path")
            }
            guard access(path, F_OK) == 0 else {
                throw SandboxError(step: "validate", path: path, errno: ENOENT, detail: "a path of the filesystem view")
            }
        }
    }

    /// Names the part of the filesystem view that failed (for a bind: its source, as the path).
    private static func viewError(from result: squall_launch_result, spec: LaunchSpec, setup: NamespaceSetup) -> SandboxError {
        let binds = setup.view?.binds ?? []
        let bindIndex = Int(result.detail) - Int(SQUALL_VIEW_BIND.rawValue)
        if bindIndex >= 0 && bindIndex < binds.count {
            return SandboxError(step: "filesystem", path: binds[bindIndex].source, errno: result.error_number,
                                detail: "bind at \(binds[bindIndex].target)")
        }
        let parts: [UInt32: String] = [SQUALL_VIEW_PROPAGATION.rawValue: "private propagation", SQUALL_VIEW_ROOT.rawValue: "tmpfs root",
                                       SQUALL_VIEW_SYMLINK.rawValue: "symlinks", SQUALL_VIEW_PROC.rawValue: "fresh /proc",
                                       SQUALL_VIEW_READ_ONLY_ROOT.rawValue: "read-only root", SQUALL_VIEW_PIVOT.rawValue: "pivot_root",
                                       SQUALL_VIEW_SHM.rawValue: "private /dev/shm"]
        return SandboxError(step: "filesystem", path: setup.view?.rootMountpoint ?? spec.executable, errno: result.error_number,
                            detail: parts[UInt32(result.detail)] ?? "part \(result.detail)")
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
