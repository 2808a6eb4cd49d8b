import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes cgroups that killed supervisors left under squall's parent cgroups (a lease is only
/// removed by the process that made it, so a kill -9 leaves its directories behind, and every
/// limit write then walks them). Safe beside other squall servers on the host: it removes only
/// empty directories directly under the parent, only old ones (a lease being created right now is
/// empty and young), and never a `pooled-<pid>-*` or `launch-<pid>-*` whose process is alive (a
/// server's pool keeps those empty between executions).
public enum CgroupStaleSweep {
    public struct Outcome: Sendable, Equatable {
        public var removed = 0
        /// Left alone: populated (rmdir said EBUSY), younger than the bound, or held by a live pid.
        public var inUse = 0, young = 0, heldByLiveProcess = 0
        /// Directories that could not be examined or removed for another reason; the first one's error.
        public var failed = 0
        public var firstError: String?
        /// True when the removal cap stopped the sweep (the rest waits for the next start).
        public var capped = false

        /// One line for the log.
        public var summary: String {
            var line = "removed \(removed), in use \(inUse), younger than the bound \(young), held by a live process \(heldByLiveProcess)"
            if capped { line += ", stopped at the removal cap" }
            if failed > 0 { line += ", \(failed) failed (first: \(firstError ?? "?"))" }
            return line
        }
    }

    /// Sweeps every parent directory (one level, no recursion). A directory is old when its mtime
    /// and ctime are both more than `olderThan` seconds before `now`. Never throws: problems are counted.
    public static func sweep(parents: [String], olderThan: TimeInterval = 600, now: Date = Date(),
                             maximumRemovals: Int = 10_000) -> Outcome {
        var outcome = Outcome()
        for parent in parents {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else {
                note(&outcome, "\(parent): cannot list")
                continue
            }
            for name in names.sorted() {
                guard outcome.removed < maximumRemovals else {
                    outcome.capped = true
                    return outcome
                }
                sweepOne(parent + "/" + name, name: name, cutoff: now.timeIntervalSince1970 - olderThan, into: &outcome)
            }
        }
        return outcome
    }

    private static func sweepOne(_ path: String, name: String, cutoff: TimeInterval, into outcome: inout Outcome) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno != ENOENT { note(&outcome, "\(path): " + CgroupFiles.errorText(errno)) }
            return
        }
        // The parent's control files (cgroup.procs, pids.max...) are files; cgroups are directories.
        guard info.st_mode & S_IFMT == S_IFDIR else { return }
        let changed = max(seconds(info.st_mtim), seconds(info.st_ctim))
        guard changed < cutoff else {
            outcome.young += 1
            return
        }
        if let owner = ownerPid(name), processIsAlive(owner) {
            outcome.heldByLiveProcess += 1
            return
        }
        guard CgroupFiles.processes(in: path).isEmpty else {
            outcome.inUse += 1
            return
        }
        if rmdir(path) == 0 {
            outcome.removed += 1
        } else if errno == EBUSY {
            outcome.inUse += 1
        } else if errno != ENOENT {
            // ENOENT: another server's sweep got there first.
            note(&outcome, "\(path): cannot remove: " + CgroupFiles.errorText(errno))
        }
    }

    /// The pid in `pooled-<pid>-*` and `launch-<pid>-*` (the only names a live process keeps empty on purpose).
    static func ownerPid(_ name: String) -> pid_t? {
        let parts = name.split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0] == "pooled" || parts[0] == "launch" else { return nil }
        return pid_t(parts[1])
    }

    /// EPERM means the process exists under another user. A reused pid keeps a stale lease one more
    /// start: the safe side.
    private static func processIsAlive(_ pid: pid_t) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    private static func seconds(_ time: timespec) -> TimeInterval {
        TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9
    }

    private static func note(_ outcome: inout Outcome, _ error: String) {
        outcome.failed += 1
        if outcome.firstError == nil { outcome.firstError = error }
    }
}

extension CgroupHost {
    /// Sweeps this host's squall parent cgroups (one per hierarchy in use); see `CgroupStaleSweep`.
    public func sweepStale(olderThan: TimeInterval = 600, now: Date = Date(), maximumRemovals: Int = 10_000) -> CgroupStaleSweep.Outcome {
        let parents = Set(availability.placements.values.map(\.directory)).sorted()
        return CgroupStaleSweep.sweep(parents: parents, olderThan: olderThan, now: now, maximumRemovals: maximumRemovals)
    }
}
