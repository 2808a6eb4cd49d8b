import SquallSandbox
#if canImport(Glibc)
import Glibc
#endif

/// What `ChildSupervisor` drives: a launched child (`SandboxedProcess`) or an execution forked
/// by a warm host (`WarmForkedChild`).
protocol SupervisedChild: AnyObject {
    /// The pid to record and to kill (in the supervisor's pid namespace).
    var pid: pid_t { get }
    var stdoutFD: Int32 { get }
    var stderrFD: Int32 { get }
    /// Readable once the child has ended, or -1.
    var exitFD: Int32 { get }
    func tryWait() -> ChildTermination?
    func wait() -> ChildTermination
    func signalGroup(_ signal: Int32)
}

extension SandboxedProcess: SupervisedChild {}
