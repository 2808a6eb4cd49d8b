import Foundation
import SquallModel
import XCTest

/// `squall user`: passwords from stdin only, bcrypt-hashed, one-line errors that change nothing.
final class UserCommandTests: EngineTestCase {
    func testCreateListPasswdDeleteAndBadInput() throws {
        let create = try harness.squallWithInput(["user", "create", "carol", "--password-stdin"], input: "first password\n")
        XCTAssertEqual(create.status, 0, create.stderr)
        XCTAssertEqual(create.stdout, "user carol created\n")
        XCTAssertTrue(try engine.authenticate(user: "carol", password: "first password") != nil, "echo's newline is not part of it")

        let argvOnly = try harness.squallWithInput(["user", "create", "dave"], input: "pw")
        XCTAssertEqual(argvOnly.status, 2)
        XCTAssertTrue(argvOnly.stderr.contains("--password-stdin"), argvOnly.stderr)
        let twice = try harness.squallWithInput(["user", "create", "carol", "--password-stdin"], input: "other")
        XCTAssertEqual(twice.status, 2)
        XCTAssertTrue(twice.stderr.contains("user 'carol' already exists"), twice.stderr)
        let empty = try harness.squallWithInput(["user", "create", "erin", "--password-stdin"], input: "")
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("password must not be empty"), empty.stderr)
        let colon = try harness.squallWithInput(["user", "create", "a:b", "--password-stdin"], input: "pw")
        XCTAssertEqual(colon.status, 2)

        let list = try harness.squall(["user", "list", "--json"])
        XCTAssertEqual(try JSONValue.parse(list.stdout).arrayValue?.map { $0["name"] }, ["carol"])

        let passwd = try harness.squallWithInput(["user", "passwd", "carol", "--password-stdin"], input: "second password")
        XCTAssertEqual(passwd.status, 0, passwd.stderr)
        XCTAssertNil(try engine.authenticate(user: "carol", password: "first password"))
        XCTAssertNotNil(try engine.authenticate(user: "carol", password: "second password"))

        XCTAssertEqual(try harness.squall(["user", "delete", "carol"]).status, 0)
        XCTAssertEqual(try harness.squall(["user", "delete", "carol"]).status, 2)
        XCTAssertNil(try engine.authenticate(user: "carol", password: "second password"))
    }
}
