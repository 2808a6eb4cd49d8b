import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Empty cgroup leases kept for reuse by a long-running process (the server's warm forks), one
/// list per set of limits. A lease costs a directory per hierarchy (three with cgroup v1), its limit
/// writes (a CPU quota write walks the kernel's whole task-group tree) and their removal:
/// ~1 ms of the server's CPU per execution, measured. A lease comes back only once nothing runs in
/// it; it is then reset (its kill counters read as zero again, its memory peak cleared) before the
/// next execution gets it, and one that does not empty is released as before.
public final class CgroupLeasePool: @unchecked Sendable {
    /// Idle leases kept per set of limits; more than the server runs at once is never needed.
    let capacity: Int
    private let host: CgroupHost
    private let lock = NSLock()
    private var idle: [ResourceLimits: [CgroupLease]] = [:]
    private var drained = false

    public init(host: CgroupHost = .shared, capacity: Int = 16) {
        self.host = host
        self.capacity = capacity
    }

    /// An empty, reset lease with `limits` (a reused one when there is one); nil without cgroups.
    public func lease(limits: ResourceLimits) throws -> CgroupLease? {
        if let reused = lock.withLock({ idle[limits]?.popLast() }) {
            reused.resetForReuse()
            return reused
        }
        return try host.lease(name: "pooled-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())", limits: limits)
    }

    /// Takes a lease back after its execution: kills what is left in it; kept when it is empty and
    /// there is room, released (removed) otherwise.
    public func giveBack(_ lease: CgroupLease) {
        guard lease.vacate() else {
            try? lease.release()
            return
        }
        let kept = lock.withLock { () -> Bool in
            guard !drained, idle[lease.limits, default: []].count < capacity else { return false }
            idle[lease.limits, default: []].append(lease)
            return true
        }
        if !kept { try? lease.release() }
    }

    /// How many leases wait for reuse.
    public var idleCount: Int { lock.withLock { idle.values.reduce(0) { $0 + $1.count } } }

    /// Removes every idle lease; leases given back later are released (the server is stopping).
    public func drain() {
        let all = lock.withLock { () -> [CgroupLease] in
            drained = true
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        for lease in all { try? lease.release() }
    }
}
