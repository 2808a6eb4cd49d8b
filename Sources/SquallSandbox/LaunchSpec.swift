/// What to run and how to confine it.
public struct LaunchSpec: Sendable {
    /// Absolute path; never searched on PATH.
    public var executable: String
    /// argv[1...].
    public var arguments: [String]
    /// argv[0]; defaults to `executable`.
    public var argv0: String?
    /// The child's whole environment: nothing of the supervisor's leaks in.
    public var environment: [String: String]
    /// `nil` keeps the supervisor's working directory.
    public var workingDirectory: String?
    public var policy: SandboxPolicy
    /// The cgroups the child joins before execve (see `CgroupHost.lease`); nil: none.
    public var cgroup: CgroupLease?

    // The pack's part of the minimal filesystem view (used when the policy asks for the `mount`
    // namespace; ignored otherwise). Each path appears at the same path inside the view.
    /// Seen read-only: the pack's directory, its virtualenv, squall's Runners/python.
    public var readOnlyPaths: [String] = []
    /// Seen writable: the execution's private run directory (its ZeroMQ socket). Handed to the
    /// child's identity (chown of the directory and its entries) when it has its own.
    public var writablePaths: [String] = []
    /// The child's /tmp: a fresh directory per execution, created and later removed by the caller.
    public var tmpDirectory: String?
    /// The outside identity (`PackIdentity.forPack`); overrides `policy.identity`.
    public var identity: ProcessIdentity?
    /// Shows the host's dynamic loader as it is instead of the execute-only copy: a linker must
    /// read it (libc.so names it), so build steps that compile C extensions need this. The child's
    /// programs are then dumpable; its user and pid namespaces still keep others out.
    public var readableLoader = false

    public init(executable: String, arguments: [String] = [], argv0: String? = nil,
                environment: [String: String] = [:], workingDirectory: String? = nil,
                policy: SandboxPolicy, cgroup: CgroupLease? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.argv0 = argv0
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.policy = policy
        self.cgroup = cgroup
    }
}
