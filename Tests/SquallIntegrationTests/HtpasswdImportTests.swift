import Foundation
import SquallEngine
import SquallTestSupport
import XCTest

/// `squall user import-htpasswd`: an htpasswd file written by Apache's own `htpasswd` (as st2's
/// flat_file backend reads) becomes squall users; the real st2 client then logs in with the same
/// passwords. Only bcrypt lines are imported; each other line is refused with a warning naming it.
final class HtpasswdImportTests: EngineTestCase {
    var session: St2Session!

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try St2Session(harness: harness)
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }

    func testBcryptUsersAreImportedAndLogInWithTheRealClientOtherHashesAreRefusedByLine() throws {
        let file = harness.dataDirectory + "/st2.htpasswd"
        try htpasswd(["-c", "-B", "-i", file, "bob"], password: "bob's htpasswd password")
        try htpasswd(["-m", "-i", file, "carol"], password: "carol md5")
        try htpasswd(["-s", "-i", file, "dave"], password: "dave sha")
        try htpasswd(["-B", "-C", "5", "-i", file, "erin"], password: "erin pw")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        // st2's backend skips comments and lines without ':' (Apache's htpasswd refuses to edit such a file).
        try FileManager.default.appendLine("# operators", to: file)
        try FileManager.default.appendLine("not an entry", to: file)

        let imported = try harness.squall(["user", "import-htpasswd", file], environment: session.harness.commandLineEnvironment)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "user bob created\nuser erin created\n")
        XCTAssertEqual(imported.stderr.split(separator: "\n").map(String.init), [
            "warning: \(file):2: user 'carol': apr1 (MD5) hash not imported, squall keeps bcrypt only (rehash with htpasswd -B)",
            "warning: \(file):3: user 'dave': {SHA} (SHA-1) hash not imported, squall keeps bcrypt only (rehash with htpasswd -B)",
            "warning: \(file):6: no ':' (expected user:hash); line skipped",
        ])
        XCTAssertEqual(try session.st2(["auth", "bob", "-p", "bob's htpasswd password", "-t"]).status, 0)
        XCTAssertEqual(try session.st2(["auth", "erin", "-p", "erin pw", "-t"]).status, 0)
        XCTAssertNotEqual(try session.st2(["auth", "bob", "-p", "wrong", "-t"]).status, 0)
        XCTAssertNotEqual(try session.st2(["auth", "carol", "-p", "carol md5", "-t"]).status, 0)

        // The operator changes bob's password in the file and imports again: bob's old password stops working.
        try written.write(toFile: file, atomically: true, encoding: .utf8)
        try htpasswd(["-B", "-i", file, "bob"], password: "bob's new password")
        let again = try harness.squall(["user", "import-htpasswd", file], environment: session.harness.commandLineEnvironment)
        XCTAssertEqual(again.stdout, "password of bob changed\nuser erin unchanged\n", again.stderr)
        XCTAssertNotEqual(try session.st2(["auth", "bob", "-p", "bob's htpasswd password", "-t"]).status, 0)
        XCTAssertEqual(try session.st2(["auth", "bob", "-p", "bob's new password", "-t"]).status, 0)
    }

    func testAMissingFileIsOneLineAndChangesNothing() throws {
        let missing = harness.dataDirectory + "/no-such.htpasswd"
        let outcome = try harness.squall(["user", "import-htpasswd", missing], environment: session.harness.commandLineEnvironment)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr, "error: htpasswd file \(missing): cannot be read\n")
        let users = try harness.squall(["user", "list"], environment: session.harness.commandLineEnvironment)
        XCTAssertEqual(users.stdout, "alice\tadmin\n")
    }

    func testApacheAndOlderBcryptPrefixesAreKeptAsSquallsBcryptVerifiesThem() {
        let salted = "$05$LtdiiELPayMNfwk5PMWA2uOMNAWW9wacCrYgN.lXUR35YEG.kOPWO"
        let file = HtpasswdFile(text: "a:$2y\(salted)\nb:$2a\(salted)\nc:$2b\(salted)\nd:$2x\(salted)\na:$2b\(salted)x\n", name: "f")
        XCTAssertEqual(file.entries.map(\.user), ["a", "b", "c"])
        XCTAssertEqual(file.entries.map(\.passwordHash), ["$2b\(salted)", "$2a\(salted)", "$2b\(salted)"])
        XCTAssertEqual(file.warnings, [
            "f:4: user 'd': malformed bcrypt hash not imported, squall keeps bcrypt only (rehash with htpasswd -B)",
            "f:5: user 'a': malformed bcrypt hash not imported, squall keeps bcrypt only (rehash with htpasswd -B)",
        ])
    }

    private func htpasswd(_ arguments: [String], password: String) throws {
        let outcome = try harness.run("/usr/bin/htpasswd", arguments, input: password + "\n")
        guard outcome.status == 0 else { throw TestSupportError("htpasswd \(arguments): \(outcome.stderr)") }
    }
}

private extension FileManager {
    func appendLine(_ line: String, to path: String) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }
}
