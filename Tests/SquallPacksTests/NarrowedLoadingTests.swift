import XCTest
import SquallModel
@testable import SquallPacks

/// Loading one pack's content for a command about one action, with the packs path's rules intact.
final class NarrowedLoadingTests: XCTestCase {
    func testOnlyTheNamedPacksContentIsLoadedAndTheFirstPackWithItsRefStillWins() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("first/other", ["pack.yaml": TemporaryPacks.packYAML(name: "other"),
                                        "actions/a.yaml": "name: a\nrunner_type: noop\n"])
        // The directory name is not the ref: the pack is found by its pack.yaml.
        try packs.write("first/wanted-dir", ["pack.yaml": TemporaryPacks.packYAML(name: "wanted", version: "1.0.0"),
                                             "actions/a.yaml": "name: a\nrunner_type: noop\n",
                                             "actions/bad.yaml": "name: bad\n"])
        try packs.write("second/wanted", ["pack.yaml": TemporaryPacks.packYAML(name: "wanted", version: "2.0.0"),
                                          "actions/b.yaml": "name: b\nrunner_type: noop\n"])
        let catalog = PackCatalog.load(packsPath: [packs.root + "/first", packs.root + "/second"], only: "wanted")
        XCTAssertEqual(Set(catalog.packs.keys), ["wanted"])
        XCTAssertEqual(catalog.packs["wanted"]?.version, "1.0.0")
        XCTAssertEqual(Set(catalog.actions.keys), ["wanted.a"])
        // The wanted pack's problems are still reported (run explains why an action is missing).
        XCTAssertEqual(catalog.errors.map(\.field), ["runner_type"])

        let everything = PackCatalog.load(packsPath: [packs.root + "/first", packs.root + "/second"])
        XCTAssertEqual(Set(everything.actions.keys), ["other.a", "wanted.a"])
    }

    func testAnActionRefReadsOnlyItsFileWhenNamedAfterIt() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("p/wanted", ["pack.yaml": TemporaryPacks.packYAML(name: "wanted"),
                                     "actions/a.yaml": "name: a\nrunner_type: noop\n",
                                     "actions/bad.yaml": "name: bad\n",
                                     "actions/file_c.yaml": "name: c\nrunner_type: noop\n",
                                     "actions/d.yaml": "name: not_d\nrunner_type: noop\n"])
        let path = [packs.root + "/p"]
        let one = PackCatalog.load(packsPath: path, only: "wanted.a")
        XCTAssertEqual(Set(one.actions.keys), ["wanted.a"])
        XCTAssertEqual(one.onlyPack, "wanted")
        XCTAssertEqual(one.errors.count, 0, "the other files are not read")
        // A file named otherwise, a file that names another action, or a broken one: every file is
        // read, so the action is still found and the pack's problems are still reported.
        XCTAssertEqual(Set(PackCatalog.load(packsPath: path, only: "wanted.c").actions.keys), ["wanted.a", "wanted.c", "wanted.not_d"])
        XCTAssertEqual(Set(PackCatalog.load(packsPath: path, only: "wanted.d").actions.keys), ["wanted.a", "wanted.c", "wanted.not_d"])
        let broken = PackCatalog.load(packsPath: path, only: "wanted.bad")
        XCTAssertNil(broken.actions["wanted.bad"])
        XCTAssertEqual(broken.errors.map(\.field), ["runner_type"])
    }
}
