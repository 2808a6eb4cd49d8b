/// Resource limits applied in the child (soft = hard). `nil` keeps the inherited limit.
/// RLIMIT_CORE is always 0: a core dump could carry secrets out of the sandbox.
public struct ResourceLimits: Sendable, Codable, Equatable, Hashable {
    public var cpuSeconds: UInt64?
    public var addressSpaceBytes: UInt64?
    public var fileSizeBytes: UInt64?
    public var openFiles: UInt64?
    /// Cgroup limits (see `CgroupLease`): tasks (processes and threads) of the whole child tree,
    /// memory of the tree (swap included), and CPU time as a percentage of one core (200 = two cores).
    public var pids: UInt64?
    public var memoryBytes: UInt64?
    public var cpuPercent: UInt64?

    public init(cpuSeconds: UInt64? = nil, addressSpaceBytes: UInt64? = nil,
                fileSizeBytes: UInt64? = nil, openFiles: UInt64? = nil,
                pids: UInt64? = nil, memoryBytes: UInt64? = nil, cpuPercent: UInt64? = nil) {
        self.cpuSeconds = cpuSeconds
        self.addressSpaceBytes = addressSpaceBytes
        self.fileSizeBytes = fileSizeBytes
        self.openFiles = openFiles
        self.pids = pids
        self.memoryBytes = memoryBytes
        self.cpuPercent = cpuPercent
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cpuSeconds = "cpu_seconds"
        case addressSpaceBytes = "address_space_bytes"
        case fileSizeBytes = "file_size_bytes"
        case openFiles = "open_files"
        case pids
        case memoryBytes = "memory_bytes"
        case cpuPercent = "cpu_percent"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cpuSeconds = try container.decodeIfPresent(UInt64.self, forKey: .cpuSeconds)
        addressSpaceBytes = try container.decodeIfPresent(UInt64.self, forKey: .addressSpaceBytes)
        fileSizeBytes = try container.decodeIfPresent(UInt64.self, forKey: .fileSizeBytes)
        openFiles = try container.decodeIfPresent(UInt64.self, forKey: .openFiles)
        pids = try container.decodeIfPresent(UInt64.self, forKey: .pids)
        memoryBytes = try container.decodeIfPresent(UInt64.self, forKey: .memoryBytes)
        cpuPercent = try container.decodeIfPresent(UInt64.self, forKey: .cpuPercent)
        // Zero would stop the child before it starts: almost certainly a mistake in the file.
        for (key, value) in [(CodingKeys.pids, pids), (.memoryBytes, memoryBytes), (.cpuPercent, cpuPercent)] where value == 0 {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be at least 1")
        }
    }
}
