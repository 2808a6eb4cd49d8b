import Foundation
import SquallPackManager
import XCTest

/// `pack install <name>[=version]` and dependencies by name, resolved through an index served over HTTP.
final class IndexInstallTests: PackInstallerTestCase {
    var server: IndexServer!

    override func setUpWithError() throws {
        try super.setUpWithError()
        try FileManager.default.createDirectory(atPath: fixtures.root + "/web", withIntermediateDirectories: true)
        server = try IndexServer(directory: fixtures.root + "/web")
    }

    override func tearDown() {
        server.stop()
        super.tearDown()
    }

    /// gamma with releases v1.0.0 and v2.0.0, listed in the served index under its name.
    func serveGamma() throws -> String {
        let gamma = try fixtures.workingRepository("gamma-src")
        try gamma.commitPack("gamma", version: "1.0.0"); try gamma.tag("v1.0.0")
        try gamma.commitPack("gamma", version: "2.0.0"); try gamma.tag("v2.0.0")
        let url = try gamma.serve(as: "gamma")
        try IndexServer.writeIndex(["gamma": IndexServer.entry("gamma", repo: url, version: "2.0.0")], to: fixtures.root + "/web/index.json")
        return url
    }

    func installer(indexes: [String]) -> PackInstaller {
        var installer = installer()
        installer.indexURLs = indexes
        return installer
    }

    func testInstallByNameTakesTheLatestReleaseOrTheAskedVersion() throws {
        let url = try serveGamma()
        let index = [server.url("index.json")]
        let pinned = try installer(indexes: index).install(["gamma=1.0.0"]) { self.progressLines.append($0) }
        XCTAssertEqual(pinned.map(\.pack), ["gamma"])
        XCTAssertEqual(installedVersion("gamma"), "1.0.0")
        XCTAssertEqual(record("gamma")?.source, url, "the record names the repository the index gave")
        XCTAssertEqual(record("gamma")?.requestedRevision, "1.0.0")
        XCTAssertTrue(progressLines.contains { $0.contains("[gamma] index \(index[0])") }, "\(progressLines)")

        try installer(indexes: index).install(["gamma"]) { self.progressLines.append($0) }
        XCTAssertEqual(installedVersion("gamma"), "2.0.0")
    }

    func testADependencyByNameResolvesThroughTheIndex() throws {
        _ = try serveGamma()
        let alpha = try fixtures.workingRepository("alpha-src")
        try alpha.commitPack("alpha", version: "1.0.0", dependencies: ["gamma=1.0.0"])
        let records = try installer(indexes: [IndexServer.unreachable, server.url("index.json")])
            .install([try alpha.serve(as: "alpha")]) { self.progressLines.append($0) }
        XCTAssertEqual(records.map(\.pack), ["gamma", "alpha"])
        XCTAssertEqual(installedVersion("gamma"), "1.0.0")
        XCTAssertTrue(progressLines.contains { $0.hasPrefix("warning: index \(IndexServer.unreachable) could not be read") }, "\(progressLines)")
    }

    func testAnUnreachableIndexStopsOnlyInstallsThatNeedIt() throws {
        let url = try serveGamma()
        let down = installer(indexes: [IndexServer.unreachable])
        let records = try down.install([url + "=v1.0.0"]) { self.progressLines.append($0) }
        XCTAssertEqual(records.map(\.pack), ["gamma"])
        XCTAssertFalse(progressLines.contains { $0.contains("index") }, "a URL install never reads the index: \(progressLines)")

        let before = snapshot("gamma")
        do {
            try down.install(["gamma=2.0.0"]) { _ in }
            XCTFail("an install by name with the index down succeeded")
        } catch let error as PackManagerError {
            XCTAssertEqual(error.step, .index)
            XCTAssertTrue(error.description.hasPrefix("gamma: index lookup failed: index \(IndexServer.unreachable) could not be read: "),
                          error.description)
            XCTAssertFalse(error.description.contains("\n"))
        }
        XCTAssertEqual(snapshot("gamma"), before, "the failed install changed nothing")
        XCTAssertEqual(installedVersion("gamma"), "1.0.0")
    }

    func testANameTheIndexLacksIsRefusedBeforeAnythingIsInstalled() throws {
        let url = try serveGamma()
        do {
            try installer(indexes: [server.url("index.json")]).install([url, "nosuchpack"]) { _ in }
            XCTFail("installed a pack the index lacks")
        } catch let error as PackManagerError {
            XCTAssertEqual(error.step, .index)
            XCTAssertEqual(error.description, "nosuchpack: index lookup failed: no pack named 'nosuchpack' in the index \(server.url("index.json"))")
        }
        XCTAssertEqual(installedPacks(), [])
        XCTAssertEqual(stagingEntries(), [])
    }

    func testAnIndexEntryWithoutARepoURLIsRefused() throws {
        try IndexServer.writeIndex(["norepo": ["name": "norepo", "version": "1.0.0"]], to: fixtures.root + "/web/index.json")
        do {
            try installer(indexes: [server.url("index.json")]).install(["norepo"]) { _ in }
            XCTFail("installed an entry without repo_url")
        } catch let error as PackManagerError {
            XCTAssertTrue(error.description.contains("has no repo_url"), error.description)
        }
    }
}
