import Foundation
import SquallModel
import XCTest

/// audit.log and rotation: logrotate's rename-and-create and copytruncate need nothing from squall
/// (each line opens the path afresh); with `audit_max_bytes` squall rotates to audit.log.1..5
/// itself, with concurrent writers, losing and splitting no line.
final class AuditLogRotationTests: EngineTestCase {
    var auditLog: String { harness.dataDirectory + "/audit.log" }

    func lines(of path: String) throws -> [JSONValue] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONValue.parse(String($0)) }
    }

    func keySet(_ name: String, environment: [String: String]? = nil) throws {
        let outcome = try harness.squall(["key", "set", name, "v"], environment: environment ?? harness.commandLineEnvironment)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
    }

    func testLogrotateRenameAndCopytruncateNeedNoSignal() throws {
        try keySet("before")
        // logrotate's default: rename, then (create) a new file; the next line goes to the new path.
        try FileManager.default.moveItem(atPath: auditLog, toPath: auditLog + ".1")
        try keySet("after_rename")
        XCTAssertEqual(try lines(of: auditLog + ".1").map { $0["target"] }, ["system:before"])
        XCTAssertEqual(try lines(of: auditLog).map { $0["target"] }, ["system:after_rename"])
        let mode = try FileManager.default.attributesOfItem(atPath: auditLog)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        // copytruncate: the file is emptied in place; appends start at its beginning, no hole.
        XCTAssertEqual(truncate(auditLog, 0), 0)
        try keySet("after_truncate")
        XCTAssertEqual(try lines(of: auditLog).map { $0["target"] }, ["system:after_truncate"])
    }

    func testAuditMaxBytesRotatesAcrossConcurrentWritersWithoutLosingLines() throws {
        var settings = harness.commandLineEnvironment
        settings["SQUALL_AUDIT_MAX_BYTES"] = "4096"
        let environment = settings, harness = self.harness!
        let writers = 4, each = 10
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for index in 0..<each { _ = try? harness.squall(["key", "set", "k\(writer)_\(index)", "v"], environment: environment) }
        }
        let files = [auditLog] + (1...5).map { "\(auditLog).\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
        XCTAssertGreaterThan(files.count, 2, "40 lines of ~250 bytes make several 4 KiB files")
        XCTAssertFalse(FileManager.default.fileExists(atPath: auditLog + ".6"))
        var targets: [String] = []
        for file in files {
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber).intValue
            XCTAssertLessThanOrEqual(size, 4096, file)
            targets += try lines(of: file).compactMap { $0["target"]?.stringValue }
        }
        let expected = (0..<writers).flatMap { writer in (0..<each).map { "system:k\(writer)_\($0)" } }
        XCTAssertEqual(targets.sorted(), expected.sorted(), "every line kept whole, once")
    }

    func testABadAuditMaxBytesIsOneLine() throws {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_AUDIT_MAX_BYTES"] = "12"
        let outcome = try harness.squall(["key", "set", "x", "v"], environment: environment)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderr, "error: audit_max_bytes: '12' is not 0 or a whole number of bytes from 4096 to 2^40 (SQUALL_AUDIT_MAX_BYTES)\n")
    }
}
