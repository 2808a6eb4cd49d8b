import Foundation
import XCTest
import SquallRunners

/// The per-execution directories made with mkdir(2) keep what FileManager gave them: the exact
/// mode whatever the umask, parents only when asked, and a removal that also takes a non-empty tree.
final class ScratchDirectoryTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "scratch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testTheModeIsExactWhateverTheUmask() throws {
        let saved = umask(0o077)
        defer { umask(saved) }
        try ScratchDirectory.make(root + "/channel", mode: 0o711)
        XCTAssertEqual(try mode(root + "/channel"), 0o711)
    }

    func testParentsAreMadeOnlyWhenAsked() throws {
        XCTAssertThrowsError(try ScratchDirectory.make(root + "/c/one", mode: 0o711, parents: false)) { error in
            XCTAssertTrue("\(error)".contains(root + "/c/one"), "names the directory: \(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/c"), "no parent made")
        try ScratchDirectory.make(root + "/run/tmp", mode: 0o700)
        XCTAssertEqual(try mode(root + "/run/tmp"), 0o700)
        // An existing directory is taken as it is, as FileManager's intermediate directories were.
        try ScratchDirectory.make(root + "/run/tmp", mode: 0o700)
    }

    func testRemovalTakesTheExpectedEntriesAndAnyLeftover() throws {
        try ScratchDirectory.make(root + "/run/tmp", mode: 0o700)
        ScratchDirectory.remove(root + "/run", expected: ["tmp"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/run"))
        // What an action left in its /tmp goes too.
        try ScratchDirectory.make(root + "/run/tmp/deep", mode: 0o700)
        FileManager.default.createFile(atPath: root + "/run/tmp/deep/file", contents: Data("x".utf8))
        FileManager.default.createFile(atPath: root + "/run/channel", contents: nil)
        ScratchDirectory.remove(root + "/run", expected: ["tmp", "channel"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/run"))
    }
}
