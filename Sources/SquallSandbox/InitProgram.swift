import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// squall-init (Sandbox/init), PID 1 of every child's pid namespace: without it the program itself
/// would be PID 1, whose signals without a handler the kernel drops (`kill -TERM $$` did nothing)
/// and to which orphans are reparented without ever being reaped. It is built next to the squall
/// executable (and the test bundle); the child execs it through a descriptor opened once
/// here, so it needs no place in the filesystem view.
public enum InitProgram {
    /// Whether squall-init was found: without it a pid namespace's program is its PID 1.
    public static var isAvailable: Bool { execPath != nil }

    /// "/proc/self/fd/N" for the descriptor, or nil when squall-init is not beside the executable
    /// (the program is then PID 1 itself, as `squall sandbox check` says).
    static let execPath: String? = {
        guard let executable = RealPath.of("/proc/self/exe") else { return nil }
        let path = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("squall-init").path
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { return nil }
        // Above 4: the child dup2s init's pipes onto 3 and 4 just before it execs this path.
        let fd = opened > 4 ? opened : fcntl(opened, F_DUPFD_CLOEXEC, 5)
        if fd != opened { close(opened) }
        guard fd >= 0 else { return nil }
        return "/proc/self/fd/\(fd)"
    }()
}
