import Foundation
import XCTest

/// `squall` links no HTTP stack and no bcrypt (they slowed every one-shot command's start-up:
/// ArgumentParser scans the binary's conformances); `squall server` and `squall user` run
/// squall-server, beside it, which links them. swift-crypto itself is linked by both: `squall`
/// encrypts and decrypts datastore secrets (SquallSecrets' AES-GCM, ~0.3M instructions a start).
final class CommandLineLinkTests: XCTestCase {
    /// Swift modules (mangled as length + name) and C libraries that only squall-server may link.
    static let serverOnly = ["11Hummingbird", "17HummingbirdBcrypt", "7NIOCore", "8NIOPosix"]

    func testSquallLinksNoHTTPStackOrBcrypt() throws {
        let found = try Self.serverOnly.filter { try Self.symbols(of: CommandLineTests.binary).contains($0) }
        XCTAssertEqual(found, [], "squall links server-only code")
    }

    func testSquallServerBesideItLinksThem() throws {
        let server = URL(fileURLWithPath: CommandLineTests.binary).deletingLastPathComponent().appendingPathComponent("squall-server").path
        let symbols = try Self.symbols(of: server)
        for module in Self.serverOnly { XCTAssertTrue(symbols.contains(module), "\(module) in squall-server") }
    }

    func testServerVerbsSayWhenSquallServerIsMissing() throws {
        let harness = try IntegrationHarness()
        defer { harness.remove() }
        let alone = harness.dataDirectory + "/bin"
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandLineTests.binary, toPath: alone + "/squall")
        for verb in ["server", "user"] {
            let outcome = try Outcome.run(alone + "/squall", [verb, "list"], environment: harness.commandLineEnvironment)
            XCTAssertEqual(outcome.status, 1)
            XCTAssertEqual(outcome.stderr, "error: squall-server is not runnable beside the squall executable (\(alone)/squall-server: No such file or directory); `squall \(verb)` needs it\n")
        }
    }

    /// The defined and undefined symbol names of `binary`, one per line.
    static func symbols(of binary: String) throws -> String {
        let nm = try Outcome.run("/usr/bin/nm", ["--format=just-symbols", binary], environment: [:])
        XCTAssertEqual(nm.status, 0, nm.stderr)
        return nm.stdout
    }
}
