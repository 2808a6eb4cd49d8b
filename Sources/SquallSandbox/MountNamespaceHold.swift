import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a child's mount namespace alive past the child's exit and lets it go in the background.
///
/// The last process of a mount namespace tears it down inside its own exit, between closing its
/// files (the supervisor sees its pipes reach end-of-file) and becoming a zombie: unmounting the
/// view ends in an RCU grace period (synchronize_rcu_expedited in namespace_unlock; 0.1-1.5 ms
/// measured here with perf sched), which the supervisor would wait out before it can reap the
/// child. Holding a reference (an open /proc/<pid>/ns/mnt) moves that teardown to our close, done
/// on a background queue once the child is reaped, so it overlaps recording the result.
enum MountNamespaceHold {
    private static let releases = DispatchQueue(label: "squall-mount-namespace-release")

    /// The child's mount namespace, or -1 (the child already gone: nothing is left to hold).
    static func take(of pid: pid_t) -> Int32 {
        open("/proc/\(pid)/ns/mnt", O_RDONLY | O_CLOEXEC)
    }

    /// Closes the hold on the background queue (the close may wait for a grace period).
    static func release(_ fd: Int32) {
        guard fd >= 0 else { return }
        releases.async { _ = close(fd) }
    }

    /// Returns once every release queued so far is done (for counting descriptors).
    static func waitForReleases() {
        releases.sync {}
    }
}
