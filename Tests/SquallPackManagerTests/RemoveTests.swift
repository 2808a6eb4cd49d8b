import Foundation
@testable import SquallPackManager
import XCTest

final class RemoveTests: PackInstallerTestCase {
    func testRemoveDeletesPackVirtualenvAndRecordButKeepsTheConfig() throws {
        let directory = fixtures.root + "/plain/demo"
        try GitFixtures.write(["pack.yaml": GitFixtures.packYAML("demo", version: "0.3.0")], in: directory)
        try install(directory)
        try FileManager.default.createDirectory(atPath: layout.configsDirectory, withIntermediateDirectories: true)
        try "a: 1\n".write(toFile: layout.configsDirectory + "/demo.yaml", atomically: true, encoding: .utf8)
        // Remove from a copy of the shared virtualenv root, which other tests reuse.
        let remover = PackRemover(layout: layout, bundledPacksDirectory: nil)
        let venv = layout.virtualenvsDirectory + "/demo"
        let kept = fixtures.root + "/demo-venv-kept"
        try FileManager.default.copyItem(atPath: venv, toPath: kept)
        defer { if !FileManager.default.fileExists(atPath: venv) { try? FileManager.default.moveItem(atPath: kept, toPath: venv) } }

        var lines: [String] = []
        try remover.remove("demo") { lines.append($0) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.packDirectory("demo")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: venv))
        XCTAssertNil(record("demo"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.configsDirectory + "/demo.yaml"))
        XCTAssertTrue(lines.contains { $0.contains("config") })
    }

    func testBundledUnknownAndBadRefsAreRefused() throws {
        let bundled = fixtures.root + "/Packs"
        try GitFixtures.write(["core/pack.yaml": GitFixtures.packYAML("core", version: "1.0.0")], in: bundled)
        let remover = PackRemover(layout: layout, bundledPacksDirectory: bundled)
        for (ref, expected) in [("core", "bundled with squall"), ("nothere", "not installed"), ("../data", "not a pack ref")] {
            XCTAssertThrowsError(try remover.remove(ref) { _ in }) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(ref): \(error)")
            }
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: bundled + "/core/pack.yaml"))
    }
}

final class SemanticVersionTagTests: XCTestCase {
    func testHighestReleaseTag() {
        XCTAssertEqual(SemanticVersionTag.highest(in: ["v0.9.0", "v1.2.0", "1.10.0", "v2.0.0-rc.1", "latest", "v1.2"]), "1.10.0")
        XCTAssertEqual(SemanticVersionTag.highest(in: ["v2.0.0-rc.1", "v2.0.0-rc.2", "v2.0.0-beta"]), "v2.0.0-rc.2")
        XCTAssertNil(SemanticVersionTag.highest(in: ["stable", "release-1"]))
    }
}
