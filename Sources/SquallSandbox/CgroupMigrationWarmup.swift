import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Takes the cost of the first cgroup move off a short-lived command's launch path.
///
/// Moving a process into a cgroup (writing `cgroup.procs`; v1 has no CLONE_INTO_CGROUP) takes the
/// kernel's global threadgroup lock for writing. When no writer has held it for a grace period,
/// the first writer waits a full RCU grace period: ~11-16 ms on this machine, measured. Writers
/// that follow within a grace period pay ~0.2 ms (rcu_sync keeps the slow path open). A CLI that
/// launches one child would pay the full wait between clone and exec. `begin()` pays it on a
/// background thread, moving this process into the cgroup it is already in (a no-op move), while
/// the command loads packs and records the request, and repeats that every few milliseconds so the
/// fast path is still open when the child moves itself. It stops when a launch with a cgroup lease
/// is done (`end()`, called by the Launcher) or at its deadline, whichever is first.
public enum CgroupMigrationWarmup {
    private static let state = WarmupState()

    /// Starts the background warm-up unless one runs; it ends at once where the host has no usable cgroup.
    public static func begin(deadline: TimeInterval = 0.5, interval: TimeInterval = 0.002) {
        guard state.start() else { return }
        let thread = Thread {
            defer { state.finished() }
            // Detection reads /proc: also off the caller's path.
            guard let procs = ownProcsFile(CgroupHost.shared.availability) else { return }
            let pid = String(getpid())
            let until = Date().addingTimeInterval(deadline)
            while state.isWanted, Date() < until {
                // Failure (no permission, v2's no-internal-process rule) only means no warm-up.
                guard (try? CgroupFiles.write(pid, to: procs)) != nil else { return }
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.name = "squall-cgroup-warmup"
        thread.start()
    }

    /// Stops the warm-up (the child has been placed).
    public static func end() { state.stop() }

    /// Whether the warm-up thread is still alive (it stops within one interval of `end()`).
    public static var isRunning: Bool { state.isRunning }

    /// The `cgroup.procs` of the cgroup this process is in, in the first hierarchy squall uses:
    /// the lock is global, so any one of them warms all.
    static func ownProcsFile(_ availability: CgroupAvailability) -> String? {
        for controller in CgroupController.allCases {
            guard let placement = availability.placements[controller] else { continue }
            // Placements are `<own cgroup>/squall`.
            let own = (placement.directory as NSString).deletingLastPathComponent
            return own + "/cgroup.procs"
        }
        return nil
    }
}

/// Whether the warm-up thread runs and whether it should go on; `start()` fails while one runs.
private final class WarmupState: @unchecked Sendable {
    private let lock = NSLock()
    private var running = false
    private var wanted = false

    func start() -> Bool {
        lock.withLock {
            guard !running else { return false }
            running = true
            wanted = true
            return true
        }
    }

    var isRunning: Bool { lock.withLock { running } }
    var isWanted: Bool { lock.withLock { wanted } }

    func stop() { lock.withLock { wanted = false } }
    func finished() { lock.withLock { running = false; wanted = false } }
}
