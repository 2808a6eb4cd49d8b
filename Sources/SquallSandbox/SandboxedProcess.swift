import CSquallLauncher
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A running sandboxed child: the leader of its own process group, with stdout and stderr pipes.
/// Nobody else may waitpid() this pid: the object caches the termination once reaped.
/// With a pid namespace the child is squall-init (PID 1 there), which runs the program as its own
/// child; the termination is then the program's, as init reported it (`statusFD`).
public final class SandboxedProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Read ends of the child's stdout and stderr; owned by this object (closed on `close()`/deinit).
    public let stdoutFD: Int32
    public let stderrFD: Int32
    /// Readable once the child has exited (a pidfd): poll it with the pipes, which reach
    /// end-of-file before the child can be reaped. -1 on kernels without pidfd_open (before 5.3).
    public let exitFD: Int32
    /// With an init: where it writes the program's wait status before exiting; else -1. Read and
    /// closed by whoever reaps the child (never by `close()`: its number must not be reused first).
    private var statusFD: Int32
    private let runsUnderInit: Bool

    private let lock = NSLock()
    private var termination: ChildTermination?
    private var descriptorsClosed = false
    /// The child's own mount namespace, held until it is reaped (`MountNamespaceHold`); else -1.
    private var mountNamespaceHold: Int32

    /// `ownMountNamespace`: the child was cloned into a new mount namespace (hold it).
    init(pid: pid_t, stdoutFD: Int32, stderrFD: Int32, ownMountNamespace: Bool, statusFD: Int32 = -1) {
        self.pid = pid
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
        self.exitFD = squall_exit_notice_open(pid)
        self.mountNamespaceHold = ownMountNamespace ? MountNamespaceHold.take(of: pid) : -1
        self.statusFD = statusFD
        runsUnderInit = statusFD >= 0
    }

    /// The program's host pid: `pid` itself, or under an init the init's child.
    public var programPid: pid_t {
        guard runsUnderInit else { return pid }
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) } ?? pid
    }

    /// Whether this object still keeps the child's mount namespace alive (until it is reaped).
    var holdsMountNamespace: Bool { lock.withLock { mountNamespaceHold >= 0 } }

    deinit {
        closeDescriptors()
        if statusFD >= 0 { _ = Glibc.close(statusFD) }
    }

    /// kill(-pid, signal): the child and everything it started in its process group.
    public func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// Blocks until the child has terminated (EINTR-safe). Returns the cached result afterwards.
    public func wait() -> ChildTermination {
        if let known = cachedTermination() { return known }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, 0)
            if result == pid {
                if ChildTermination.isStopped(status) { continue }
                return record(programTermination(initStatus: status))
            }
            if result < 0 && errno == EINTR { continue }
            // ECHILD: another caller of wait() reaped it first.
            return waitForOtherReaper()
        }
    }

    /// Non-blocking: nil while the child runs.
    public func tryWait() -> ChildTermination? {
        if let known = cachedTermination() { return known }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                if ChildTermination.isStopped(status) { return nil }
                return record(programTermination(initStatus: status))
            }
            if result == 0 { return nil }
            if result < 0 && errno == EINTR { continue }
            return cachedTermination()
        }
    }

    /// The status init reported for the program, or (no init, or init killed before it could say)
    /// the reaped child's own. Init has exited, so the read cannot block.
    private func programTermination(initStatus status: Int32) -> ChildTermination {
        lock.lock()
        defer { lock.unlock() }
        guard statusFD >= 0 else { return ChildTermination(waitStatus: status) }
        var reported: Int32 = 0
        let count = withUnsafeMutableBytes(of: &reported) { Glibc.read(statusFD, $0.baseAddress, $0.count) }
        _ = Glibc.close(statusFD)
        statusFD = -1
        return ChildTermination(waitStatus: count == MemoryLayout<Int32>.size ? reported : status)
    }

    /// Closes the pipe read ends and `exitFD` early (idempotent).
    public func close() {
        closeDescriptors()
    }

    private func closeDescriptors() {
        lock.lock()
        defer { lock.unlock() }
        guard !descriptorsClosed else { return }
        descriptorsClosed = true
        _ = Glibc.close(stdoutFD)
        _ = Glibc.close(stderrFD)
        if exitFD >= 0 { _ = Glibc.close(exitFD) }
        releaseMountNamespace()
    }

    /// Lets the namespace go (the caller holds `lock`).
    private func releaseMountNamespace() {
        MountNamespaceHold.release(mountNamespaceHold)
        mountNamespaceHold = -1
    }

    private func cachedTermination() -> ChildTermination? {
        lock.lock()
        defer { lock.unlock() }
        return termination
    }

    private func record(_ result: ChildTermination) -> ChildTermination {
        lock.lock()
        defer { lock.unlock() }
        termination = result
        releaseMountNamespace()
        return result
    }

    private func waitForOtherReaper() -> ChildTermination {
        while true {
            if let known = cachedTermination() { return known }
            usleep(1000)
        }
    }
}
