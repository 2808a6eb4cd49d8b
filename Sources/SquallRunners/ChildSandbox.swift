import Foundation
import SquallModel
import SquallSandbox

/// What the sandbox adds to a runner's launch beyond the command itself: the pack's paths in the
/// filesystem view, a private writable /tmp, the pack's own identity, and a cgroup lease with the
/// policy's pids/memory/cpu limits. `finish` says why the kernel killed the child, if it did.
final class ChildSandbox {
    let tmpDirectory: String
    let lease: CgroupLease?

    /// `readOnlyPaths`: what the child must see besides the system (pack dir, venv, runtime dir).
    /// `hasChannel`: the child connects to a channel socket in the run directory, so it sees that directory.
    /// `pool`: where the lease comes from and goes back to (the server's warm forks); nil, a lease of its own.
    convenience init(job: RunnerJob, readOnlyPaths: [String], hasChannel: Bool, pool: CgroupLeasePool? = nil) throws {
        try self.init(name: "exec-\(job.executionId)", pack: job.action.pack, runDirectory: job.runDirectory,
                      limits: job.policy.limits, readOnlyPaths: readOnlyPaths, hasChannel: hasChannel, pool: pool)
    }

    /// `name` identifies the child's cgroup; `runDirectory` is private to this child and holds its
    /// channel socket and its /tmp.
    init(name: String, pack: String, runDirectory: String, limits: ResourceLimits, readOnlyPaths: [String], hasChannel: Bool,
         pool: CgroupLeasePool? = nil) throws {
        tmpDirectory = runDirectory + "/tmp"
        try ScratchDirectory.make(tmpDirectory, mode: 0o700)
        self.readOnlyPaths = readOnlyPaths + VirtualenvInterpreterView.installations(forVenvsIn: readOnlyPaths)
        lease = try pool.map { try $0.lease(limits: limits) }
            ?? CgroupHost.shared.lease(name: "\(name)-\(UUID().uuidString.prefix(8))", limits: limits)
        self.pool = pool
        identity = PackIdentity.forPack(pack)
        self.runDirectory = runDirectory
        self.hasChannel = hasChannel
    }

    private let pool: CgroupLeasePool?
    private let readOnlyPaths: [String]
    private let identity: ProcessIdentity
    private let runDirectory: String
    private let hasChannel: Bool

    func apply(to spec: inout LaunchSpec) {
        spec.readOnlyPaths = readOnlyPaths.filter { FileManager.default.fileExists(atPath: $0) }
        // Only a channel needs the run directory itself. Without one, not binding it keeps the view
        // smaller, and a run directory under /tmp would nest in the child's /tmp: its mountpoints
        // made on the host's disk inside that /tmp at each launch (measured ~1-4 ms with ext4 here).
        spec.writablePaths = hasChannel ? [runDirectory] : []
        spec.tmpDirectory = tmpDirectory
        if PackIdentity.applies(under: spec.policy) { spec.identity = identity }
        spec.cgroup = lease
    }

    /// Why the child was killed by a cgroup or rlimit (read before the lease is released).
    func killReason(_ termination: ChildTermination, limits: ResourceLimits) -> String? {
        let exhaustion = lease?.exhaustion() ?? []
        return CgroupKillReason.describe(termination: termination, exhaustion: exhaustion, limits: limits)
    }

    /// Kills anything left in the cgroup (even processes that left the process group) and removes it.
    func release() {
        guard let lease else { return }
        if let pool { pool.giveBack(lease) } else { try? lease.release() }
    }
}
