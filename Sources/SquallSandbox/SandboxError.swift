#if canImport(Glibc)
import Glibc
#endif

/// A launch that failed: which step, for which path, and the errno. One line.
public struct SandboxError: Error, CustomStringConvertible, Equatable {
    /// The launcher step: "validate", "pipes", "clone", "setrlimit", "chdir", "seccomp", "exec", ...
    public var step: String
    /// The path the step was about (the executable, or the working directory for chdir).
    public var path: String
    public var errno: Int32
    /// Extra context, e.g. which rlimit.
    public var detail: String?

    public init(step: String, path: String, errno: Int32, detail: String? = nil) {
        self.step = step
        self.path = path
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        let reason = String(cString: strerror(errno))
        let extra = detail.map { " (\($0))" } ?? ""
        return "sandbox launch failed at step \(step)\(extra) for \(path): \(reason) (errno \(errno))"
    }
}

extension SandboxError {
    /// A failure where a host without some namespace (or unprivileged user namespaces, or
    /// mounting in them) stops a launch: the steps that only run when isolation is asked for.
    var mayBeTheHostRefusingIsolation: Bool {
        ["clone", "id-maps", "namespaces", "filesystem", "identity"].contains(step)
    }
}
