import Foundation
import SquallPackManager
import XCTest

/// Installs from served git repositories: default revision, tags, branches, commits, upgrades and downgrades.
final class GitInstallTests: PackInstallerTestCase {
    /// demo at 0.9.0 (v0.9.0), 1.2.0 (annotated v1.2.0), 1.10.0 (plain 1.10.0), 2.0.0-rc.1 (v2.0.0-rc.1),
    /// main at 2.1.0 untagged, branch `feature` at 3.0.0.
    struct Demo { let url: String; let commits: [String: String] }

    func makeDemo() throws -> Demo {
        let repository = try fixtures.workingRepository("demo-src")
        var commits: [String: String] = [:]
        commits["0.9.0"] = try repository.commitPack("demo", version: "0.9.0"); try repository.tag("v0.9.0")
        commits["1.2.0"] = try repository.commitPack("demo", version: "1.2.0"); try repository.tag("v1.2.0", annotated: true)
        commits["1.10.0"] = try repository.commitPack("demo", version: "1.10.0"); try repository.tag("1.10.0")
        commits["2.0.0-rc.1"] = try repository.commitPack("demo", version: "2.0.0-rc.1"); try repository.tag("v2.0.0-rc.1")
        commits["2.1.0"] = try repository.commitPack("demo", version: "2.1.0")
        try repository.branch("feature")
        commits["3.0.0"] = try repository.commitPack("demo", version: "3.0.0")
        try repository.switchTo("main")
        return Demo(url: try repository.serve(as: "demo"), commits: commits)
    }

    func testDefaultInstallsTheHighestReleaseTag() throws {
        let demo = try makeDemo()
        let records = try install(demo.url)
        XCTAssertEqual(records.map(\.pack), ["demo"])
        XCTAssertEqual(installedVersion("demo"), "1.10.0")
        let record = try XCTUnwrap(record("demo"))
        XCTAssertEqual(record.commit, demo.commits["1.10.0"])
        XCTAssertEqual(record.version, "1.10.0")
        XCTAssertNil(record.requestedRevision)
        XCTAssertEqual(record.source, demo.url)
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.packDirectory("demo") + "/.git"), "the clone's .git is not installed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.packDirectory("demo") + "/actions/hello.yaml"))
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: layout.virtualenvsDirectory + "/demo/bin/python"))
        XCTAssertEqual(stagingEntries(), [], "staging is cleaned up")
    }

    func testATagAVersionABranchAndACommit() throws {
        let demo = try makeDemo()
        try install(demo.url + "=v1.2.0")
        XCTAssertEqual(installedVersion("demo"), "1.2.0")
        XCTAssertEqual(record("demo")?.commit, demo.commits["1.2.0"], "an annotated tag is peeled to its commit")
        XCTAssertEqual(record("demo")?.requestedRevision, "v1.2.0")

        try install(demo.url + "=0.9.0")
        XCTAssertEqual(installedVersion("demo"), "0.9.0", "a bare version finds the v-prefixed tag")

        try install(demo.url + "=feature")
        XCTAssertEqual(installedVersion("demo"), "3.0.0")
        XCTAssertEqual(record("demo")?.commit, demo.commits["3.0.0"])

        let sha = try XCTUnwrap(demo.commits["2.1.0"])
        try install(demo.url + "=" + sha)
        XCTAssertEqual(installedVersion("demo"), "2.1.0")
        try install(demo.url + "=" + String(sha.prefix(10)))
        XCTAssertEqual(record("demo")?.commit, sha, "an abbreviated commit id resolves to the full one")
    }

    func testUpgradeThenDowngradeToATagKeepsTheConfig() throws {
        let demo = try makeDemo()
        try install(demo.url + "=v0.9.0")
        let config = layout.configsDirectory + "/demo.yaml"
        try FileManager.default.createDirectory(atPath: layout.configsDirectory, withIntermediateDirectories: true)
        try "api_key: abc\n".write(toFile: config, atomically: true, encoding: .utf8)

        try install(demo.url)
        XCTAssertEqual(installedVersion("demo"), "1.10.0")
        try install(demo.url + "=v0.9.0")
        XCTAssertEqual(installedVersion("demo"), "0.9.0")
        XCTAssertEqual(record("demo")?.commit, demo.commits["0.9.0"])
        XCTAssertEqual(try String(contentsOfFile: config, encoding: .utf8), "api_key: abc\n")
        XCTAssertEqual(installedPacks(), ["demo"])
    }

    func testWithoutReleaseTagsTheDefaultBranchIsInstalled() throws {
        let repository = try fixtures.workingRepository("untagged-src")
        try repository.commitPack("demo", version: "0.1.0")
        let head = try repository.commitPack("demo", version: "0.2.0")
        try repository.tag("not-a-version")
        try install(try repository.serve(as: "untagged"))
        XCTAssertEqual(record("demo")?.commit, head)
        XCTAssertEqual(installedVersion("demo"), "0.2.0")
    }

    func testAMissingTagIsOneLineAndChangesNothing() throws {
        let demo = try makeDemo()
        try install(demo.url + "=v1.2.0")
        let before = snapshot("demo")
        let error = try XCTUnwrap(installFailure(demo.url + "=v9.9.9"))
        XCTAssertEqual(error.step, .checkout)
        XCTAssertTrue(error.description.contains("'v9.9.9' not found"), error.description)
        XCTAssertFalse(error.description.contains("\n"))
        XCTAssertEqual(snapshot("demo"), before)
        XCTAssertEqual(stagingEntries(), [])
    }

    func testACloneFailureNamesTheStepAndChangesNothing() throws {
        let demo = try makeDemo()
        try install(demo.url)
        let before = snapshot("demo")
        // A served repository whose objects are gone: it opens, but the clone fails midway.
        let broken = try fixtures.workingRepository("broken-src")
        try broken.commitPack("demo", version: "5.0.0")
        let url = try broken.serve(as: "broken")
        let objects = String(url.dropFirst("file://".count)) + "/objects"
        for entry in try FileManager.default.contentsOfDirectory(atPath: objects) {
            try FileManager.default.removeItem(atPath: objects + "/" + entry)
        }
        let error = try XCTUnwrap(installFailure(url))
        XCTAssertEqual(error.step, .clone, error.description)
        XCTAssertEqual(snapshot("demo"), before)
    }
}

/// Installs that touch squall's own packs or a kept config.
final class BundledAndConfigTests: PackInstallerTestCase {
    func testABundledPackRefIsRefused() throws {
        let bundled = fixtures.root + "/Packs"
        try GitFixtures.write(["core/pack.yaml": GitFixtures.packYAML("core", version: "1.0.0")], in: bundled)
        let directory = fixtures.root + "/plain/core"
        try GitFixtures.write(["pack.yaml": GitFixtures.packYAML("core", version: "9.0.0")], in: directory)
        let installer = PackInstaller(layout: layout, python: python, bundledPacksDirectory: bundled)
        XCTAssertThrowsError(try installer.install([directory]) { _ in }) { error in
            XCTAssertTrue("\(error)".contains("bundled with squall"), "\(error)")
        }
        XCTAssertEqual(installedPacks(), [])
    }

    func testAKeptConfigThatNoLongerFitsIsAWarning() throws {
        let repository = try fixtures.workingRepository("demo-src")
        try repository.commitPack("demo", version: "1.0.0"); try repository.tag("v1.0.0")
        try repository.commitPack("demo", version: "2.0.0", extra: ["config.schema.yaml": "region:\n  type: string\n  required: true\n"])
        try repository.tag("v2.0.0")
        let url = try repository.serve(as: "demo")
        try install(url + "=v1.0.0")
        try FileManager.default.createDirectory(atPath: layout.configsDirectory, withIntermediateDirectories: true)
        try "other: 1\n".write(toFile: layout.configsDirectory + "/demo.yaml", atomically: true, encoding: .utf8)
        try install(url)
        XCTAssertEqual(installedVersion("demo"), "2.0.0")
        XCTAssertTrue(progressLines.contains { $0.hasPrefix("warning: [demo] the kept config") && $0.contains("region") }, "\(progressLines)")
        XCTAssertEqual(try String(contentsOfFile: layout.configsDirectory + "/demo.yaml", encoding: .utf8), "other: 1\n")
    }
}
