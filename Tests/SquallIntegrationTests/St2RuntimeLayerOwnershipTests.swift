import Foundation
import SquallBootstrap
import SquallEngine
import SquallRunners
import SquallSandbox
import XCTest

/// The st2 runtime layer belongs to squall (the supervisor's uid/gid), not to the pack whose build
/// sandbox ran pip, and nothing in it is writable by group or other: every pack's children import it.
final class St2RuntimeLayerOwnershipTests: XCTestCase {
    var harness: IntegrationHarness!
    var settings: Settings!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        settings = Settings(home: IntegrationHarness.repositoryRoot, packsPath: [St2RuntimeLayerTests.fixturePacks],
                            dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
    }

    override func tearDown() { harness.remove() }

    /// A private layer (one small package, so pip really runs in the pack's build sandbox).
    private func privateLayer(_ name: String) throws -> (VirtualenvManager, St2RuntimeLayer) {
        let list = harness.dataDirectory + "/\(name)-requirements.txt"
        try "six==1.17.0\n".write(toFile: list, atomically: true, encoding: .utf8)
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        var virtualenvs = engine.virtualenvs
        let layer = St2RuntimeLayer(root: harness.dataDirectory + "/\(name)-runtime", requirementsFile: list)
        virtualenvs.st2Layer = layer
        return (virtualenvs, layer)
    }

    /// Entries under `root` (itself included) not owned by this process or writable by group/other.
    private func strayEntries(under root: String) -> [String] {
        var pending = [root], stray: [String] = []
        while let path = pending.popLast() {
            var info = stat()
            guard lstat(path, &info) == 0 else { stray.append("\(path): gone"); continue }
            let type = info.st_mode & S_IFMT
            if info.st_uid != geteuid() || info.st_gid != getegid() { stray.append("\(path): owned by \(info.st_uid):\(info.st_gid)") }
            if type != S_IFLNK, info.st_mode & 0o022 != 0 { stray.append("\(path): mode \(String(info.st_mode & 0o7777, radix: 8))") }
            if type == S_IFDIR { pending += ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 } }
        }
        return stray
    }

    func testLayerBuiltInAPacksSandboxIsOwnedBySquallAndReadOnlyToPacks() throws {
        let (virtualenvs, _) = try privateLayer("fresh")
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        let pack = try XCTUnwrap(engine.catalog.packs["st2_layer_probe"])
        var lines: [String] = []
        _ = try virtualenvs.ensure(pack, progress: { lines.append($0) })
        let layer = try XCTUnwrap(virtualenvs.st2LayerPath(forPack: pack.ref), lines.joined(separator: "\n"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: layer + "/six.py"), lines.joined(separator: "\n"))
        XCTAssertEqual(strayEntries(under: layer), [])
    }

    func testLayerLeftOwnedByAPackIsTakenOverOnNextUse() throws {
        let (virtualenvs, layer) = try privateLayer("old")
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        let pack = try XCTUnwrap(engine.catalog.packs["st2_layer_probe"])
        _ = try virtualenvs.ensure(pack, progress: { _ in })
        let path = try XCTUnwrap(layer.path(forVirtualenv: virtualenvs.path(forPack: pack.ref)))
        // As an older squall left it: the building pack's uid, group-writable, a world-writable file.
        try FileManager.default.createDirectory(atPath: path + "/oldpkg", withIntermediateDirectories: true)
        try "x = 1\n".write(toFile: path + "/oldpkg/__init__.py", atomically: false, encoding: .utf8)
        let packUid = PackIdentity.forPack(pack.ref).uid
        for entry in [path, path + "/oldpkg", path + "/oldpkg/__init__.py"] { XCTAssertEqual(lchown(entry, packUid, packUid), 0) }
        XCTAssertEqual(chmod(path + "/oldpkg", 0o775), 0)
        XCTAssertEqual(chmod(path + "/oldpkg/__init__.py", 0o666), 0)
        // A link a package left pointing out of the layer: the link is taken over, never its target.
        let outside = harness.dataDirectory + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        XCTAssertEqual(chmod(outside, 0o777), 0)
        XCTAssertEqual(lchown(outside, packUid, packUid), 0)
        try FileManager.default.createSymbolicLink(atPath: path + "/escape", withDestinationPath: outside)
        XCTAssertNotEqual(strayEntries(under: path), [])

        var lines: [String] = []
        _ = try virtualenvs.ensure(pack, progress: { lines.append($0) })
        XCTAssertEqual(strayEntries(under: path), [], lines.joined(separator: "\n"))
        var target = stat()
        XCTAssertEqual(stat(outside, &target), 0)
        XCTAssertEqual(target.st_uid, packUid, "the link's target is not squall's to change")
        XCTAssertEqual(target.st_mode & 0o7777, 0o777)
    }
}
