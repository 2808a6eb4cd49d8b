import Foundation
import SquallModel
import XCTest

/// A server keeps audit.log open between lines (AuditLogFile): logrotate's rename-and-create, a
/// removed file and copytruncate must still put each line where opening afresh would have.
final class AuditLogHeldFileTests: St2SessionTestCase {
    var auditLog: String { harness.dataDirectory + "/audit.log" }

    func targets(of path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .compactMap { try JSONValue.parse(String($0))["target"]?.stringValue }
    }

    func testTheServersLinesFollowARenameARemovalAndATruncation() throws {
        let login = try session.http("POST", "/auth/v1/tokens",
                                     headers: ["Authorization: Basic \(Data("alice:\(St2Session.password)".utf8).base64EncodedString())"], body: "{}")
        let token = try XCTUnwrap(try JSONValue.parse(login.body)["token"]?.stringValue, login.body)
        func setKey(_ name: String) throws {
            let reply = try session.http("PUT", "/api/v1/keys/\(name)", headers: ["X-Auth-Token: \(token)"], body: #"{"name": "\#(name)", "value": "v"}"#)
            XCTAssertEqual(reply.status, 200, reply.body)
        }
        try setKey("before")
        XCTAssertEqual(try targets(of: auditLog).last, "system:before")

        try FileManager.default.moveItem(atPath: auditLog, toPath: auditLog + ".1")
        try setKey("after_rename")
        XCTAssertEqual(try targets(of: auditLog), ["system:after_rename"])
        XCTAssertEqual(try targets(of: auditLog + ".1").last, "system:before")
        let mode = try FileManager.default.attributesOfItem(atPath: auditLog)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)

        try FileManager.default.removeItem(atPath: auditLog)
        try setKey("after_removal")
        XCTAssertEqual(try targets(of: auditLog), ["system:after_removal"])

        XCTAssertEqual(truncate(auditLog, 0), 0)
        try setKey("after_truncate")
        XCTAssertEqual(try targets(of: auditLog), ["system:after_truncate"])
        XCTAssertEqual(try targets(of: auditLog + ".1").last, "system:before", "nothing more went to the renamed file")
    }
}
