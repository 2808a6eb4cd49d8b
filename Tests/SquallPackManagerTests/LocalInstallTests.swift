import Foundation
import SquallPackManager
import XCTest

/// Installs from directories on this machine: a git working tree (committed content only) and a plain directory.
final class LocalInstallTests: PackInstallerTestCase {
    func testAWorkingRepositoryInstallsItsLatestCommitWithoutUncommittedChanges() throws {
        let repository = try fixtures.workingRepository("demo")
        try repository.commitPack("demo", version: "1.0.0")
        try repository.tag("v1.0.0")
        let head = try repository.commitPack("demo", version: "1.1.0")
        try GitFixtures.write(["pack.yaml": GitFixtures.packYAML("demo", version: "9.9.9"), "untracked.txt": "draft"], in: repository.path)

        try install(repository.path)
        XCTAssertEqual(installedVersion("demo"), "1.1.0", "HEAD's commit, not the working tree nor the highest tag")
        XCTAssertEqual(record("demo")?.commit, head)
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.packDirectory("demo") + "/untracked.txt"))
        XCTAssertTrue(progressLines.contains { $0.contains("uncommitted changes") && $0.contains("ignored") }, "\(progressLines)")

        try install("file://" + repository.path + "=v1.0.0")
        XCTAssertEqual(installedVersion("demo"), "1.0.0", "a file:// URL to a working tree takes a revision too")
    }

    func testAPlainDirectoryIsCopied() throws {
        let directory = fixtures.root + "/plain/demo"
        try GitFixtures.write(["pack.yaml": GitFixtures.packYAML("demo", version: "0.3.0"),
                               "actions/hello.yaml": GitFixtures.echoAction], in: directory)
        let records = try install(directory)
        XCTAssertEqual(records.first?.version, "0.3.0")
        XCTAssertNil(records.first?.commit)
        XCTAssertEqual(record("demo")?.source, directory)
        XCTAssertEqual(installedVersion("demo"), "0.3.0")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/pack.yaml"), "the source is left as it was")

        let error = try XCTUnwrap(installFailure(directory + "=v1.0.0"))
        XCTAssertTrue(error.description.contains("needs a git repository"), error.description)
    }

    func testANameWithoutAnIndexIsRefused() throws {
        let error = try XCTUnwrap(installFailure("someindexpack"))
        XCTAssertEqual(error.step, .index)
        XCTAssertTrue(error.description.contains("no index is configured"), error.description)
        XCTAssertEqual(installedPacks(), [])
    }
}
