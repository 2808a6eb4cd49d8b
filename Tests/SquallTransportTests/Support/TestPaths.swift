import Foundation

/// Paths of the repository files the tests use, found from this source file's location.
enum TestPaths {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // SquallTransportTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let pythonRunnerDirectory = repositoryRoot.appendingPathComponent("Runners/python")
    static let actionWrapper = pythonRunnerDirectory.appendingPathComponent("squall_action_wrapper.py")
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/SquallTransportTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// A fresh private (0700) directory for one channel.
    static func makePrivateDirectory() throws -> String {
        var template = Array("/tmp/squall-transport-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        return String(cString: made)
    }
}
