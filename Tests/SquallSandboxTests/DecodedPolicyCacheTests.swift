import Foundation
@testable import SquallSandbox
import XCTest

/// Decoded policies are reused only for the same bytes: an operator's edit applies to the very
/// next execution, and a broken edit is refused, never answered with the last good policy.
final class DecodedPolicyCacheTests: XCTestCase {
    func testAnEditedSiteDefaultIsSeenAtOnceAndABrokenEditIsRefused() throws {
        let dataDirectory = NSTemporaryDirectory() + "squall-policycache-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dataDirectory + "/policy/packs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let builtinPath = SandboxPolicy.defaultPolicyPath(home: repositoryRoot)
        let resolver = PackPolicyResolver(builtinPath: builtinPath, dataDirectory: dataDirectory)
        var site = try SandboxPolicy.load(contentsOf: builtinPath)
        for pids: UInt64 in [97, 98, 99] {
            site.limits.pids = pids
            try JSONEncoder().encode(site).write(to: URL(fileURLWithPath: resolver.siteDefaultPath))
            XCTAssertEqual(try resolver.policy(forPack: "core").limits.pids, pids)
            XCTAssertEqual(try resolver.policy(forPack: "core").limits.pids, pids, "asked again, same bytes")
        }
        try Data("{\"version\": 1, \"limits\": ".utf8).write(to: URL(fileURLWithPath: resolver.siteDefaultPath))
        XCTAssertThrowsError(try resolver.policy(forPack: "core")) { error in
            XCTAssertTrue("\(error)".contains("default.json"), "\(error)")
        }
    }
}
