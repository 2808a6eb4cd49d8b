import Foundation
import XCTest

/// Real git repositories for tests, made with the git CLI: a working repository the test commits
/// and tags into, and bare clones of it served as file:// URLs.
struct GitFixtures {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "squall-pm-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// Runs git in `directory` with a fixed identity; fails the test on a non-zero exit.
    @discardableResult
    func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "user.name=Tester", "-c", "user.email=tester@example.invalid",
                             "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": root, "GIT_CONFIG_NOSYSTEM": "1"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "git", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")) failed: \(output)"])
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new working repository `<root>/<name>` on branch main.
    func workingRepository(_ name: String) throws -> WorkingRepository {
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(["init", "-q"], in: path)
        return WorkingRepository(path: path, fixtures: self)
    }

    /// Writes files (relative path -> content) under `directory`.
    static func write(_ files: [String: String], in directory: String) throws {
        for (relative, content) in files {
            let full = directory + "/" + relative
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    static func packYAML(_ ref: String, version: String, dependencies: [String] = []) -> String {
        var text = "name: \(ref)\ndescription: a test pack\nversion: \(version)\nauthor: tester\n"
        if !dependencies.isEmpty {
            text += "dependencies:\n" + dependencies.map { "  - \"\($0)\"\n" }.joined()
        }
        return text
    }

    static let echoAction = "name: hello\nrunner_type: local-shell-cmd\ndescription: says hello\nparameters:\n  cmd:\n    default: echo hello\n"
}

struct WorkingRepository {
    let path: String
    let fixtures: GitFixtures

    /// Writes the files, commits everything and returns the new commit's sha.
    @discardableResult
    func commit(_ files: [String: String], message: String = "change", removing: [String] = []) throws -> String {
        try GitFixtures.write(files, in: path)
        for file in removing { try FileManager.default.removeItem(atPath: path + "/" + file) }
        try fixtures.git(["add", "-A"], in: path)
        try fixtures.git(["commit", "-q", "-m", message], in: path)
        return try fixtures.git(["rev-parse", "HEAD"], in: path)
    }

    /// Commits a pack at `version` (pack.yaml plus one action) and returns the commit.
    @discardableResult
    func commitPack(_ ref: String, version: String, dependencies: [String] = [], extra: [String: String] = [:]) throws -> String {
        var files = ["pack.yaml": GitFixtures.packYAML(ref, version: version, dependencies: dependencies),
                     "actions/hello.yaml": GitFixtures.echoAction]
        files.merge(extra) { _, new in new }
        return try commit(files, message: "\(ref) \(version)")
    }

    func tag(_ name: String, annotated: Bool = false) throws {
        try fixtures.git(annotated ? ["tag", "-a", name, "-m", name] : ["tag", name], in: path)
    }

    func branch(_ name: String) throws { try fixtures.git(["checkout", "-q", "-b", name], in: path) }
    func switchTo(_ name: String) throws { try fixtures.git(["checkout", "-q", name], in: path) }

    /// A bare copy with every branch and tag, as a server would hold it; returns its file:// URL.
    func serve(as name: String) throws -> String {
        let bare = fixtures.root + "/served/" + name + ".git"
        try? FileManager.default.removeItem(atPath: bare)
        try FileManager.default.createDirectory(atPath: fixtures.root + "/served", withIntermediateDirectories: true)
        try fixtures.git(["clone", "-q", "--bare", path, bare], in: fixtures.root)
        return "file://" + bare
    }
}
