import Foundation
import SquallSandbox
#if canImport(Glibc)
import Glibc
#endif

/// One execution forked by a warm host: PID 1 of its own pid namespace, whose parent (the host)
/// reports its wait status on the execution's private socket. Killing it kills everything in its
/// pid namespace; its cgroup lease catches anything else.
final class WarmForkedChild: SupervisedChild {
    let pid: pid_t
    let stdoutFD: Int32
    let stderrFD: Int32
    /// The execution's socket: readable when the host reports the status or dies.
    let exitFD: Int32
    private var termination: ChildTermination?

    init(pid: pid_t, stdoutFD: Int32, stderrFD: Int32, socket: Int32) {
        self.pid = pid; self.stdoutFD = stdoutFD; self.stderrFD = stderrFD; self.exitFD = socket
    }

    deinit {
        _ = Glibc.close(stdoutFD)
        _ = Glibc.close(stderrFD)
        _ = Glibc.close(exitFD)
    }

    func tryWait() -> ChildTermination? { readStatus(timeoutMilliseconds: 0) }

    func wait() -> ChildTermination {
        while true {
            if let done = readStatus(timeoutMilliseconds: 1000) { return done }
        }
    }

    func signalGroup(_ signal: Int32) {
        // The execution is PID 1 of its namespace and the leader of its own session.
        _ = kill(-pid, signal)
        _ = kill(pid, signal)
    }

    private func readStatus(timeoutMilliseconds: Int32) -> ChildTermination? {
        if let termination { return termination }
        var ready = pollfd(fd: exitFD, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, timeoutMilliseconds) == 1 else { return nil }
        let message = WarmHostSupport.receive(exitFD)?.bytes ?? []
        if message.count == 5, message[0] == UInt8(ascii: "S") {
            let status = message[1...].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
            termination = WarmHostSupport.termination(waitStatus: status)
        } else {
            // The host died (or said something else): the execution is gone with it.
            _ = kill(pid, SIGKILL)
            termination = .signaled(SIGKILL)
        }
        return termination
    }
}
