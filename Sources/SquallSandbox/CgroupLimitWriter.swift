/// Writes a policy's cgroup limits into one controller's directory, in the file names of the
/// host's cgroup version. A nil limit leaves the kernel's default (unlimited) in place.
enum CgroupLimitWriter {
    /// The CFS period: 100 ms, the kernel's default.
    static let cpuPeriodMicroseconds: UInt64 = 100_000

    /// The file that holds a controller's limit in a cgroup version's directory.
    static func limitFile(_ controller: CgroupController, _ version: CgroupVersion) -> String {
        switch (controller, version) {
        case (.pids, _): "pids.max"
        case (.memory, .v1): "memory.limit_in_bytes"
        case (.memory, .v2): "memory.max"
        case (.cpu, .v1): "cpu.cfs_quota_us"
        case (.cpu, .v2): "cpu.max"
        }
    }

    static func write(_ limits: ResourceLimits, controller: CgroupController, version: CgroupVersion,
                      directory: String) throws {
        let limitPath = directory + "/" + limitFile(controller, version)
        switch (controller, version) {
        case (.pids, _):
            if let pids = limits.pids { try CgroupFiles.write(String(pids), to: limitPath) }
        case (.memory, .v1):
            guard let bytes = limits.memoryBytes else { return }
            try CgroupFiles.write(String(bytes), to: limitPath)
            // Memory plus swap equal to the memory limit: swap cannot stretch the limit.
            if CgroupFiles.exists(directory + "/memory.memsw.limit_in_bytes") {
                try CgroupFiles.write(String(bytes), to: directory + "/memory.memsw.limit_in_bytes")
            }
        case (.memory, .v2):
            guard let bytes = limits.memoryBytes else { return }
            try CgroupFiles.write(String(bytes), to: limitPath)
            if CgroupFiles.exists(directory + "/memory.swap.max") {
                try CgroupFiles.write("0", to: directory + "/memory.swap.max")
            }
            // One OOM kill takes the whole tree, as a half-killed action would only hang.
            if CgroupFiles.exists(directory + "/memory.oom.group") {
                try CgroupFiles.write("1", to: directory + "/memory.oom.group")
            }
        case (.cpu, .v1):
            guard let percent = limits.cpuPercent else { return }
            try CgroupFiles.write(String(cpuPeriodMicroseconds), to: directory + "/cpu.cfs_period_us")
            try CgroupFiles.write(String(quota(percent)), to: limitPath)
        case (.cpu, .v2):
            guard let percent = limits.cpuPercent else { return }
            try CgroupFiles.write("\(quota(percent)) \(cpuPeriodMicroseconds)", to: limitPath)
        }
    }

    /// The kernel refuses quotas under 1 ms.
    static func quota(_ percent: UInt64) -> UInt64 {
        max(1000, percent * cpuPeriodMicroseconds / 100)
    }
}
