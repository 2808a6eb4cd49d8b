import Foundation

/// Writes small packs into a fresh temporary directory for a test.
struct TemporaryPacks {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "squall-packs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Writes `files` (relative path -> content) under `<root>/<directory>`.
    @discardableResult
    func write(_ directory: String, _ files: [String: String]) throws -> String {
        let base = root + "/" + directory
        for (path, content) in files {
            let full = base + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return base
    }

    static func packYAML(name: String, version: String = "1.0.0") -> String {
        "name: \(name)\ndescription: test pack\nversion: \(version)\nauthor: tester\n"
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// The repository's own bundled packs directory.
    static var bundledPacks: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Packs").path
    }
}
