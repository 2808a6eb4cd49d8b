/// A cgroup limit the kernel enforced on a child tree, read back from the cgroup's counters.
public enum CgroupExhaustion: Sendable, Equatable, CustomStringConvertible {
    /// The OOM killer killed a process because the tree reached its memory limit.
    case memory(limitBytes: UInt64?)
    /// A fork or clone failed because the tree reached pids.max.
    case pids(limit: UInt64?)

    public var description: String {
        switch self {
        case .memory(let bytes):
            return "memory limit" + (bytes.map { " (\(ByteCountText.describe($0)))" } ?? "") + " exceeded"
        case .pids(let limit):
            return "fork limit" + (limit.map { " (\($0) processes)" } ?? "") + " reached"
        }
    }
}

/// "512 MiB", "1 GiB", "1.5 GiB", "4096 bytes".
enum ByteCountText {
    static func describe(_ bytes: UInt64) -> String {
        let units: [(UInt64, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, unit) in units where bytes >= size {
            if bytes % size == 0 { return "\(bytes / size) \(unit)" }
            let tenths = (bytes * 10 + size / 2) / size
            return "\(tenths / 10).\(tenths % 10) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
