/// The system part of a child's minimal filesystem view (with the `mount` namespace): which host
/// paths it sees read-only and which device nodes it gets. The pack's own paths come from the
/// `LaunchSpec` (readOnlyPaths, writablePaths, tmpDirectory). Missing paths are skipped, so one list
/// serves merged-/usr and split layouts; a path that is a symlink into another listed path (merged
/// /usr: /bin -> usr/bin) becomes the same symlink in the view.
public struct FilesystemPolicy: Sendable, Codable, Equatable, Hashable {
    public var readOnly: [String]
    public var devices: [String]
    /// The hostname inside the `uts` namespace.
    public var hostname: String

    public init(readOnly: [String], devices: [String] = FilesystemPolicy.standardDevices, hostname: String = "squall") {
        self.readOnly = readOnly
        self.devices = devices
        self.hostname = hostname
    }

    public static let standardDevices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"]

    /// What a policy without a `filesystem` section gets: programs and libraries, no configuration.
    public static let minimal = FilesystemPolicy(readOnly: ["/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc/ld.so.cache"])

    enum CodingKeys: String, CodingKey, CaseIterable {
        case readOnly = "read_only", devices, hostname
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        readOnly = try container.decode([String].self, forKey: .readOnly)
        devices = try container.decodeIfPresent([String].self, forKey: .devices) ?? FilesystemPolicy.standardDevices
        hostname = try container.decodeIfPresent(String.self, forKey: .hostname) ?? "squall"
        for (key, paths) in [(CodingKeys.readOnly, readOnly), (.devices, devices)] {
            if let bad = paths.first(where: { !$0.hasPrefix("/") || $0.utf8.contains(0) || $0.split(separator: "/").contains("..") }) {
                throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                       debugDescription: "'\(bad)' is not a plain absolute path")
            }
        }
        if let bad = devices.first(where: { !$0.hasPrefix("/dev/") }) {
            throw DecodingError.dataCorruptedError(forKey: .devices, in: container, debugDescription: "'\(bad)' is not under /dev")
        }
        if hostname.isEmpty || hostname.utf8.count > 64 || hostname.utf8.contains(0) {
            throw DecodingError.dataCorruptedError(forKey: .hostname, in: container, debugDescription: "must be 1 to 64 bytes")
        }
    }
}
