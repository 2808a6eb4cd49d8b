import Foundation
import SquallPackManager
import XCTest

/// Broken packs and failing steps leave the previous version, its virtualenv and its record untouched.
final class FailedInstallTests: PackInstallerTestCase {
    func testABrokenPackYamlIsRefusedAndThePreviousVersionStays() throws {
        let repository = try fixtures.workingRepository("demo-src")
        try repository.commitPack("demo", version: "1.0.0"); try repository.tag("v1.0.0")
        try repository.commit(["pack.yaml": "name: demo\ndescription: broken\nversion: one\nauthor: tester\n"]); try repository.tag("v1.1.0")
        try repository.commit(["pack.yaml": GitFixtures.packYAML("demo", version: "1.2.0"),
                               "actions/bad.yaml": "name: bad\nrunner_type: no-such-runner\n"]); try repository.tag("v1.2.0")
        let url = try repository.serve(as: "demo")
        try install(url + "=v1.0.0")
        let before = snapshot("demo")

        let versionError = try XCTUnwrap(installFailure(url + "=v1.1.0"))
        XCTAssertEqual(versionError.step, .metadata)
        XCTAssertTrue(versionError.description.contains("pack.yaml: field 'version'"), versionError.description)
        XCTAssertFalse(versionError.description.contains(".staging"), "files are named relative to the pack")

        let actionError = try XCTUnwrap(installFailure(url + "=v1.2.0"))
        XCTAssertEqual(actionError.step, .metadata)
        XCTAssertTrue(actionError.description.contains("actions/bad.yaml: field 'runner_type'"), actionError.description)

        XCTAssertEqual(snapshot("demo"), before)
        XCTAssertEqual(stagingEntries(), [])
    }

    func testAPackNeedingAnotherPythonIsRefusedBeforeItsVirtualenvIsBuilt() throws {
        let repository = try fixtures.workingRepository("oldpy-src")
        try repository.commit(["pack.yaml": GitFixtures.packYAML("oldpy", version: "1.0.0") + "python_versions:\n  - \"2\"\n"])
        let error = try XCTUnwrap(installFailure(try repository.serve(as: "oldpy")))
        XCTAssertEqual(error.step, .virtualenv)
        XCTAssertFalse(error.description.contains("\n"), error.description)
        XCTAssertTrue(error.description.contains("pack 'oldpy' needs Python 2 (python_versions in pack.yaml) but \(python) is Python 3."),
                      error.description)
        XCTAssertFalse(progressLines.contains { $0.contains("creating virtualenv") }, "\(progressLines)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.packDirectory("oldpy")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.virtualenvsDirectory + "/oldpy"))
        XCTAssertEqual(stagingEntries(), [])
    }

    func testAPipFailureKeepsThePreviousVersionAndVirtualenvAndShowsPipsOutput() throws {
        let repository = try fixtures.workingRepository("demo-src")
        try repository.commitPack("demo", version: "1.0.0"); try repository.tag("v1.0.0")
        try repository.commitPack("demo", version: "2.0.0", extra: ["requirements.txt": "squall-no-such-package-zzz==1.0\n"])
        try repository.tag("v2.0.0")
        let url = try repository.serve(as: "demo")
        try install(url + "=v1.0.0")
        let before = snapshot("demo")
        XCTAssertNotNil(before[2], "the venv was built")

        let error = try XCTUnwrap(installFailure(url))
        XCTAssertEqual(error.step, .virtualenv)
        XCTAssertTrue(error.description.contains("pip install"), error.description)
        XCTAssertTrue(error.description.contains("squall-no-such-package-zzz"), "pip's own output is in the error: \(error.description)")
        XCTAssertEqual(snapshot("demo"), before)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: layout.virtualenvsDirectory + "/demo/bin/python"))
        XCTAssertEqual(installedVersion("demo"), "1.0.0")
        XCTAssertEqual(stagingEntries(), [])
    }
}
