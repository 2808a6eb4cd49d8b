/// Resource limits applied in the child (soft = hard). `nil` keeps the inherited limit.
/// RLIMIT_CORE is always 0: a core dump could carry secrets out of the sandbox.
public struct ResourceLimits: Sendable, Codable, Equatable, Hashable {
    public var cpuSeconds: UInt64?
    public var addressSpaceBytes: UInt64?
    public var fileSizeBytes: UInt64?
    public var openFiles: UInt64?

    public init(cpuSeconds: UInt64? = nil, addressSpaceBytes: UInt64? = nil,
                fileSizeBytes: UInt64? = nil, openFiles: UInt64? = nil) {
        self.cpuSeconds = cpuSeconds
        self.addressSpaceBytes = addressSpaceBytes
        self.fileSizeBytes = fileSizeBytes
        self.openFiles = openFiles
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cpuSeconds = "cpu_seconds"
        case addressSpaceBytes = "address_space_bytes"
        case fileSizeBytes = "file_size_bytes"
        case openFiles = "open_files"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cpuSeconds = try container.decodeIfPresent(UInt64.self, forKey: .cpuSeconds)
        addressSpaceBytes = try container.decodeIfPresent(UInt64.self, forKey: .addressSpaceBytes)
        fileSizeBytes = try container.decodeIfPresent(UInt64.self, forKey: .fileSizeBytes)
        openFiles = try container.decodeIfPresent(UInt64.self, forKey: .openFiles)
    }
}
