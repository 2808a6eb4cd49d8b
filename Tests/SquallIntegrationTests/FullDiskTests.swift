import Foundation
import XCTest

/// A disk that fills during a run (issue 15, item 4), on a real full filesystem: a 2 MB tmpfs
/// holding the data directory. The run must not claim success, reading commands must still work
/// while the disk is full, and once space is back the database is intact and the record truthful.
final class FullDiskTests: XCTestCase {
    var harness: IntegrationHarness!
    var mountPoint: String!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        mountPoint = harness.dataDirectory + "/small-disk"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        // The suite runs as root, which mounting needs.
        XCTAssertEqual(try run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint]).status, 0)
    }

    override func tearDown() {
        _ = try? run("/bin/umount", [mountPoint])
        harness.remove()
    }

    func testARunThatFillsTheDiskFailsSayingWhyAndReadsStillWork() throws {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_DATA_DIR"] = mountPoint + "/data"
        let ready = try squall(["run", "core.local", "cmd=echo ready"], environment)
        XCTAssertEqual(ready.status, 0, ready.stderr)

        // ~2 MB of output lines: more than the disk has left.
        let filling = try squall(["run", "core.local", "cmd=seq 1 300000"], environment)
        XCTAssertEqual(filling.status, 1, filling.stdout + filling.stderr)
        XCTAssertTrue(filling.stdout.contains("status: failed"), filling.stdout)
        XCTAssertTrue(filling.stdout.contains("not stored"), filling.stdout)
        XCTAssertTrue(filling.stdout.contains("database or disk is full"), filling.stdout)

        // Still full: listing (which sweeps orphans on open) works and warns.
        let whileFull = try squall(["execution", "list", "--json"], environment)
        XCTAssertEqual(whileFull.status, 0, whileFull.stderr)
        XCTAssertEqual(try statuses(whileFull.stdout).last, "succeeded") // the `echo ready` run
        XCTAssertNotEqual(try statuses(whileFull.stdout).first, "succeeded")

        // Space back: nothing half-written, and the run's record ends failed or abandoned.
        XCTAssertEqual(try run("/bin/mount", ["-o", "remount,size=64m", mountPoint]).status, 0)
        let check = try run("/usr/bin/sqlite3", [mountPoint + "/data/squall.db", "PRAGMA integrity_check"])
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok", check.stderr)
        let after = try squall(["execution", "list", "--json"], environment)
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(["failed", "abandoned"].contains(try statuses(after.stdout).first), after.stdout)
    }

    /// A result bigger than the space left, written in pieces beside its row (StoredResultText):
    /// the run fails saying so, and nothing is left half-written.
    func testAResultBiggerThanTheDiskFailsTheRunAndLeavesTheDatabaseIntact() throws {
        var environment = harness.commandLineEnvironment
        let dataDirectory = mountPoint + "/data"
        environment["SQUALL_DATA_DIR"] = dataDirectory
        // The shared virtualenvs and st2 layer, as the harness links them: not built on the small disk.
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        for link in ["virtualenvs", "runtime"] {
            try FileManager.default.createSymbolicLink(atPath: dataDirectory + "/" + link,
                                                       withDestinationPath: harness.dataDirectory + "/" + link)
        }
        let big = try squall(["run", "squall_bench.large_result", "size=4194304"], environment)
        XCTAssertEqual(big.status, 1, big.stdout + big.stderr)
        XCTAssertTrue(big.stdout.contains("status: failed"), big.stdout)
        XCTAssertTrue(big.stdout.contains("the result was not stored"), big.stdout)
        XCTAssertTrue(big.stdout.contains("database or disk is full"), big.stdout)

        XCTAssertEqual(try run("/bin/mount", ["-o", "remount,size=64m", mountPoint]).status, 0)
        let check = try run("/usr/bin/sqlite3", [dataDirectory + "/squall.db", "PRAGMA integrity_check"])
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok", check.stderr)
        let after = try squall(["execution", "list", "--json"], environment)
        XCTAssertTrue(["failed", "abandoned"].contains(try statuses(after.stdout).first), after.stdout)
    }

    /// The statuses of `execution list --json`, newest first.
    private func statuses(_ json: String) throws -> [String] {
        let list = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        return list.compactMap { $0["status"] as? String }
    }

    /// Runs a program, its stderr into a file: however much it logs, it cannot block on a pipe.
    private func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let errorFile = harness.dataDirectory + "/stderr-" + UUID().uuidString
        FileManager.default.createFile(atPath: errorFile, contents: nil)
        let out = Pipe(), err = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let stderr = try String(contentsOfFile: errorFile, encoding: .utf8)
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: stderr)
    }

    private func squall(_ arguments: [String], _ environment: [String: String]) throws -> Outcome {
        try run(CommandLineTests.binary, arguments, environment: environment)
    }
}
