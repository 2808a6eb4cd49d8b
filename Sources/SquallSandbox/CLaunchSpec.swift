import CSquallLauncher
#if canImport(Glibc)
import Glibc
#endif

/// The C copy of a LaunchSpec: every string and array the child reads, allocated before the
/// launch (the child must not allocate) and freed after it.
final class CLaunchSpec {
    private var path: UnsafeMutablePointer<CChar>
    private var argv: [UnsafeMutablePointer<CChar>?]
    private var envp: [UnsafeMutablePointer<CChar>?]
    private var workingDirectory: UnsafeMutablePointer<CChar>?
    private var rlimits: [squall_rlimit]
    private var seccompProgram: [UInt8]
    private var seccompArgumentFilter: [UInt8]
    private var groups: [UInt32]
    private var identity: ProcessIdentity?
    /// Namespaces, id maps and the filesystem view (none unless the launcher sets one).
    var namespaceSetup = CNamespaceSetup(.none)
    private var cgroupDescriptors: [Int32]
    /// squall-init's argv (used by the launcher only with a pid namespace), or empty without it.
    private var initPath: UnsafeMutablePointer<CChar>?
    private var initArgv: [UnsafeMutablePointer<CChar>?] = []

    init(_ spec: LaunchSpec, seccompProgram: SeccompPrograms) {
        path = strdup(spec.executable)
        argv = ([spec.argv0 ?? spec.executable] + spec.arguments).map { strdup($0) } + [nil]
        // Sorted so children see a deterministic environment.
        envp = spec.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        workingDirectory = spec.workingDirectory.map { strdup($0) }
        rlimits = CLaunchSpec.rlimits(for: spec.policy.limits)
        self.seccompProgram = seccompProgram.main
        seccompArgumentFilter = seccompProgram.argumentFilter
        identity = spec.policy.identity
        groups = spec.policy.identity?.supplementaryGroups ?? []
        cgroupDescriptors = spec.cgroup?.descriptorsForLaunch ?? []
        if spec.policy.namespaces.contains(.pid), let execPath = InitProgram.execPath {
            initPath = strdup(execPath)
            initArgv = [strdup("squall-init"), strdup(spec.executable)] + argv.dropLast().map { strdup($0!) } + [nil]
        }
    }

    deinit {
        free(path)
        argv.forEach { free($0) }
        envp.forEach { free($0) }
        free(workingDirectory)
        free(initPath)
        initArgv.forEach { free($0) }
    }

    static func rlimits(for limits: ResourceLimits) -> [squall_rlimit] {
        var result = [squall_rlimit(resource: Int32(RLIMIT_CORE.rawValue), value: 0)]
        let optional: [(__rlimit_resource, UInt64?)] = [
            (RLIMIT_CPU, limits.cpuSeconds), (RLIMIT_AS, limits.addressSpaceBytes),
            (RLIMIT_FSIZE, limits.fileSizeBytes), (RLIMIT_NOFILE, limits.openFiles),
        ]
        for (resource, value) in optional {
            if let value { result.append(squall_rlimit(resource: Int32(resource.rawValue), value: value)) }
        }
        return result
    }

    /// Calls `body` with a C spec whose pointers stay valid for the duration of the call.
    func withSpec<Result>(_ body: (UnsafePointer<squall_launch_spec>) -> Result) -> Result {
        argv.withUnsafeBufferPointer { argvBuffer in
            envp.withUnsafeBufferPointer { envpBuffer in
                rlimits.withUnsafeBufferPointer { rlimitBuffer in
                    seccompProgram.withUnsafeBytes { programBytes in
                      seccompArgumentFilter.withUnsafeBytes { argumentFilterBytes in
                        groups.withUnsafeBufferPointer { groupBuffer in
                          cgroupDescriptors.withUnsafeBufferPointer { cgroupBuffer in
                           initArgv.withUnsafeBufferPointer { initArgvBuffer in
                            var spec = squall_launch_spec()
                            // Used by the launcher only when the clone has a new pid namespace.
                            spec.init_path = initPath.map { UnsafePointer($0) }
                            spec.init_argv = initPath == nil ? nil : initArgvBuffer.baseAddress
                            spec.path = UnsafePointer(path)
                            spec.argv = argvBuffer.baseAddress
                            spec.envp = envpBuffer.baseAddress
                            spec.working_directory = workingDirectory.map { UnsafePointer($0) }
                            spec.rlimits = rlimitBuffer.baseAddress
                            spec.rlimit_count = rlimitBuffer.count
                            spec.seccomp_filter = programBytes.isEmpty ? nil : programBytes.baseAddress
                            spec.seccomp_filter_length = programBytes.count
                            spec.seccomp_argument_filter = argumentFilterBytes.isEmpty ? nil : argumentFilterBytes.baseAddress
                            spec.seccomp_argument_filter_length = argumentFilterBytes.count
                            if let identity {
                                spec.change_identity = 1
                                spec.uid = identity.uid
                                spec.gid = identity.gid
                                spec.supplementary_groups = groupBuffer.baseAddress
                                spec.supplementary_group_count = groupBuffer.count
                            }
                            spec.cgroup_procs_fds = cgroupBuffer.baseAddress
                            spec.cgroup_procs_fd_count = cgroupBuffer.count
                            return namespaceSetup.apply(to: &spec) { body($0) }
                           }
                          }
                      }
                        }
                    }
                }
            }
        }
    }
}
