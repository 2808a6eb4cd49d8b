import Foundation

/// What was installed, from where: `<data-dir>/packs/.squall/<ref>.json`. The source never carries a credential.
public struct InstallRecord: Codable, Sendable, Equatable {
    public var pack: String
    /// The URL or directory installed from, credentials removed.
    public var source: String
    /// The version, tag, branch or commit asked for; nil when the default was taken.
    public var requestedRevision: String?
    /// The commit installed; nil for a plain directory.
    public var commit: String?
    /// pack.yaml's version.
    public var version: String
    /// ISO 8601, UTC.
    public var installedAt: String

    enum CodingKeys: String, CodingKey {
        case pack, source, commit, version
        case requestedRevision = "requested_revision"
        case installedAt = "installed_at"
    }

    public static func read(file: String) -> InstallRecord? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? JSONDecoder().decode(InstallRecord.self, from: data)
    }

    func write(file: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: file), options: .atomic)
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
