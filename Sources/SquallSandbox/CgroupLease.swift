import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The cgroups of one launch: created with their limits before the child exists, joined by the
/// child before execve (it writes "0" to the `cgroup.procs` files opened here), and removed by
/// `release()` once everything that ran in them is gone.
public final class CgroupLease: @unchecked Sendable {
    public let name: String
    public let limits: ResourceLimits
    /// One directory per hierarchy (v1: pids, memory and cpu each; v2: one for all).
    public let directories: [String]
    private let controllers: [(controller: CgroupController, version: CgroupVersion, directory: String)]

    private let lock = NSLock()
    private var procsDescriptors: [Int32]
    private var released = false
    /// The kernel's kill counters as they were when a pooled lease was last handed out: they
    /// cannot be reset, so `exhaustion()` counts from here (CgroupLeasePool).
    private var baselines: [String: UInt64] = [:]

    /// A name for launches without an execution id.
    static func uniqueName() -> String {
        "launch-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Names become directory names: no separators, no dot-dot, nothing a shell or a log would mangle.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    init(name: String, limits: ResourceLimits, placements: [CgroupController: CgroupPlacement]) throws {
        guard CgroupLease.isValidName(name) else {
            throw CgroupError(path: name, message: "invalid cgroup name (letters, digits, '.', '_', '-'; at most 128)")
        }
        self.name = name
        self.limits = limits
        var controllers: [(CgroupController, CgroupVersion, String)] = []
        var directories: [String] = []
        for controller in CgroupController.allCases {
            guard let placement = placements[controller] else { continue }
            let directory = placement.directory + "/" + name
            controllers.append((controller, placement.version, directory))
            if !directories.contains(directory) { directories.append(directory) }
        }
        self.controllers = controllers
        self.directories = directories
        self.procsDescriptors = []

        var created: [String] = []
        do {
            for directory in directories {
                try CgroupLease.createFresh(directory)
                created.append(directory)
            }
            for entry in controllers {
                try CgroupLimitWriter.write(limits, controller: entry.0, version: entry.1, directory: entry.2)
            }
            for directory in directories {
                let fd = open(directory + "/cgroup.procs", O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    throw CgroupError(path: directory + "/cgroup.procs", message: "cannot open: " + CgroupFiles.errorText(errno))
                }
                procsDescriptors.append(fd)
            }
        } catch {
            procsDescriptors.forEach { _ = close($0) }
            procsDescriptors = []
            created.reversed().forEach { _ = rmdir($0) }
            released = true
            throw error
        }
    }

    deinit {
        try? release()
    }

    /// An existing directory is refused, never reused: it may belong to a launch under way.
    private static func createFresh(_ directory: String) throws {
        if mkdir(directory, 0o755) == 0 { return }
        let reason = errno == EEXIST ? "already exists (names must be unique per launch)" : "cannot create: " + CgroupFiles.errorText(errno)
        throw CgroupError(path: directory, message: reason)
    }

    /// The open `cgroup.procs` descriptors the child writes "0" to. After `release()` an invalid
    /// one, so a launch with a released lease fails at the cgroup step instead of running unconfined.
    var descriptorsForLaunch: [Int32] {
        lock.lock()
        defer { lock.unlock() }
        return released ? [-1] : procsDescriptors
    }

    /// Every process currently in the lease's cgroups.
    public func processes() -> [pid_t] {
        var all = Set<pid_t>()
        for directory in directories { all.formUnion(CgroupFiles.processes(in: directory)) }
        return all.sorted()
    }

    /// Why the kernel stopped something in these cgroups: reads the kernel's counters, so call it
    /// before `release()`.
    public func exhaustion() -> [CgroupExhaustion] {
        var found: [CgroupExhaustion] = []
        for entry in controllers {
            switch (entry.controller, entry.version) {
            case (.memory, .v1):
                if counter("oom_kill", in: entry.directory + "/memory.oom_control") > 0 {
                    found.append(.memory(limitBytes: limits.memoryBytes))
                }
            case (.memory, .v2):
                if counter("oom_kill", in: entry.directory + "/memory.events") > 0 {
                    found.append(.memory(limitBytes: limits.memoryBytes))
                }
            case (.pids, _):
                if counter("max", in: entry.directory + "/pids.events") > 0 {
                    found.append(.pids(limit: limits.pids))
                }
            case (.cpu, _):
                continue
            }
        }
        return found
    }

    /// How many scheduler periods the CPU quota held the children back (nil without the cpu controller).
    public func cpuThrottledPeriods() -> UInt64? {
        guard let entry = controllers.first(where: { $0.controller == .cpu }) else { return nil }
        return counter("nr_throttled", in: entry.directory + "/cpu.stat")
    }

    /// A kernel counter since the lease was (last) handed out.
    private func counter(_ key: String, in path: String) -> UInt64 {
        let value = CgroupFiles.keyedValue(key, in: path) ?? 0
        let base = lock.withLock { baselines[path + " " + key] ?? 0 }
        return value >= base ? value - base : value
    }

    /// For reuse (CgroupLeasePool): kills what is left and waits until the cgroups are empty,
    /// keeping them. False when they did not empty (or the lease is released): not reusable.
    func vacate() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !released else { return false }
        let deadline = Date().addingTimeInterval(5)
        while !processes().isEmpty && Date() < deadline {
            killAll()
            usleep(1000)
        }
        return processes().isEmpty
    }

    /// For reuse: the kill counters count from now, and the memory high-water mark (and v1's
    /// failure count) start again. The limits stay as written: pooled leases are kept per limits.
    func resetForReuse() {
        var now: [String: UInt64] = [:]
        for entry in controllers {
            let counters: [(file: String, key: String)]
            switch (entry.controller, entry.version) {
            case (.memory, .v1):
                counters = [("memory.oom_control", "oom_kill")]
                try? CgroupFiles.write("0", to: entry.directory + "/memory.max_usage_in_bytes")
                try? CgroupFiles.write("0", to: entry.directory + "/memory.failcnt")
            case (.memory, .v2): counters = [("memory.events", "oom_kill")]
            case (.pids, _): counters = [("pids.events", "max")]
            case (.cpu, _): counters = [("cpu.stat", "nr_throttled")]
            }
            for (file, key) in counters {
                let path = entry.directory + "/" + file
                now[path + " " + key] = CgroupFiles.keyedValue(key, in: path) ?? 0
            }
        }
        lock.withLock { baselines = now }
    }

    /// SIGKILL to everything in the cgroups, including processes that left the child's process group.
    public func killAll() {
        for directory in directories where CgroupFiles.exists(directory + "/cgroup.kill") {
            try? CgroupFiles.write("1", to: directory + "/cgroup.kill")
        }
        // v1 has no cgroup.kill: kill what is listed until nothing is. A process forked between the
        // read and the kill shows up in the next round; pids.max bounds how many rounds it takes.
        for pid in processes() where pid > 1 && pid != getpid() {
            _ = kill(pid, SIGKILL)
        }
    }

    /// Kills what is left, waits until the cgroups are empty, and removes them. Idempotent.
    /// Throws when a directory cannot be removed (it names the directory).
    public func release() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !released else { return }
        released = true
        procsDescriptors.forEach { _ = close($0) }
        procsDescriptors = []

        // A deadline for stuck processes (uninterruptible sleep), not a speed expectation.
        let deadline = Date().addingTimeInterval(30)
        while !processes().isEmpty && Date() < deadline {
            killAll()
            usleep(1000)
        }
        var failure: CgroupError?
        for directory in directories {
            while rmdir(directory) != 0 && errno != ENOENT {
                if errno == EBUSY && Date() < deadline {
                    killAll()
                    usleep(1000)
                    continue
                }
                failure = failure ?? CgroupError(path: directory, message: "cannot remove: " + CgroupFiles.errorText(errno))
                break
            }
        }
        if let failure { throw failure }
    }
}
