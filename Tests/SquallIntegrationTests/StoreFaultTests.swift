import Foundation
import XCTest

/// Faults around the store with real processes (issue 15, reliability): `kill -9` of `squall run`
/// at observed points of an execution's life, another process holding the write lock, a disk with
/// no room left. After each, the next command finds every execution in a truthful final state
/// and the file passes `PRAGMA integrity_check`.
final class StoreFaultTests: XCTestCase {
    var harness: IntegrationHarness!
    var database: String { harness.dataDirectory + "/squall.db" }

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
    }

    override func tearDown() {
        harness.remove()
    }

    func testKillingRunAtAnyPointLeavesNoExecutionUnfinished() throws {
        XCTAssertEqual(try harness.squall(["run", "core.local", "cmd=echo ready"]).status, 0)
        // From its first instant on: before the record exists, while it is created, while the child starts.
        for delay in stride(from: 0, through: 150_000, by: 10_000) {
            let run = try startRun("cmd=sleep 1000")
            usleep(UInt32(delay))
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            try assertEveryExecutionFinalAndTheFileIntact(after: "a kill \(delay / 1000) ms into the run")
        }
    }

    func testKillingRunWhileItRecordsOutputKeepsTheLinesAndAbandonsTheExecution() throws {
        let run = try startRun("cmd=i=0; while true; do i=$((i+1)); echo line $i; sleep 0.01; done")
        eventually("output lines recorded") { poll("SELECT count(*) FROM output_chunks").map { $0 != "0" } ?? false }
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let statuses = try assertEveryExecutionFinalAndTheFileIntact(after: "a kill during output")
        XCTAssertEqual(statuses.first?.status, "abandoned")
        let tail = try harness.squall(["execution", "tail", try XCTUnwrap(statuses.first?.id)])
        XCTAssertEqual(tail.status, 0, tail.stderr)
        XCTAssertTrue(tail.stdout.hasPrefix("line 1\nline 2\n"), tail.stdout)
        XCTAssertTrue(tail.stdout.contains("has completed (status abandoned)"), tail.stdout)
    }

    func testKillingRunBeforeItsActionCompletesAbandonsItsExecution() throws {
        let run = try startRun("cmd=sleep 1000")
        eventually("the execution running") { poll("SELECT status FROM executions") == "running" }
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let statuses = try assertEveryExecutionFinalAndTheFileIntact(after: "a kill while running")
        XCTAssertEqual(statuses.map(\.status), ["abandoned"])
    }

    func testAWriteLockHeldElsewhereMakesCommandsWaitThenFailInOneLine() throws {
        XCTAssertEqual(try harness.squall(["run", "core.local", "cmd=echo ready"]).status, 0)
        let holder = try holdWriteLock()
        let blocked = try harness.squall(["run", "core.local", "cmd=echo blocked"])
        XCTAssertNotEqual(blocked.status, 0, blocked.stdout)
        let lines = blocked.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("database is locked"), blocked.stderr)
        // Reading needs no write lock.
        let list = try harness.squall(["execution", "list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        release(holder)
        let after = try harness.squall(["run", "core.local", "cmd=echo after"])
        XCTAssertEqual(after.status, 0, after.stderr)
        let statuses = try assertEveryExecutionFinalAndTheFileIntact(after: "a held write lock")
        XCTAssertEqual(statuses.map(\.status), ["succeeded", "succeeded"], "the blocked run recorded nothing")
    }

    func testARunOnADiskAlreadyFullFailsSayingWhyAndLeavesTheFileIntact() throws {
        let mountPoint = harness.dataDirectory + "/full-disk"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        XCTAssertEqual(try Outcome.run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint], environment: [:]).status, 0)
        defer { _ = try? Outcome.run("/bin/umount", [mountPoint], environment: [:]) }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_DATA_DIR"] = mountPoint + "/data"
        XCTAssertEqual(try harness.squall(["run", "core.local", "cmd=echo ready"], environment: environment).status, 0)
        // Fill what is left (dd stops at ENOSPC).
        _ = try Outcome.run("/bin/dd", ["if=/dev/zero", "of=\(mountPoint)/filler", "bs=4096"], environment: [:])
        // More output than the WAL's slack can take: the record may or may not fit, the lines do not.
        let full = try harness.squall(["run", "core.local", "cmd=seq 1 100000"], environment: environment)
        XCTAssertNotEqual(full.status, 0, full.stdout)
        XCTAssertTrue(full.stdout.contains("status: failed") || full.stderr.split(separator: "\n").count == 1, full.stdout + full.stderr)
        XCTAssertTrue((full.stdout + full.stderr).contains("database or disk is full"), full.stdout + full.stderr)
        try FileManager.default.removeItem(atPath: mountPoint + "/filler")
        let statuses = try assertEveryExecutionFinalAndTheFileIntact(after: "a full disk", database: mountPoint + "/data/squall.db",
                                                                     environment: environment)
        XCTAssertEqual(statuses.last?.status, "succeeded")
        XCTAssertTrue(statuses.dropLast().allSatisfy { $0.status != "succeeded" }, "\(statuses)")
    }

    // MARK: - Helpers

    /// `squall run core.local <cmd>`, started and left running.
    private func startRun(_ command: String) throws -> Process {
        let run = Process()
        run.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        run.arguments = ["run", "core.local", command]
        run.environment = harness.commandLineEnvironment
        run.standardInput = FileHandle.nullDevice
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        return run
    }

    /// Lists every execution with a new `squall` process (which abandons those whose supervisor is
    /// gone), asserts each is in a final state and the file is intact; returns them newest first.
    @discardableResult
    private func assertEveryExecutionFinalAndTheFileIntact(after fault: String, database: String? = nil,
                                                           environment: [String: String]? = nil) throws -> [(id: String, status: String)] {
        let list = try harness.squall(["execution", "list", "-n", "1000", "-a", "id", "status", "--json"], environment: environment)
        XCTAssertEqual(list.status, 0, "after \(fault): " + list.stderr)
        let records = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        let statuses = records.map { (id: $0["id"] as? String ?? "", status: $0["status"] as? String ?? "") }
        let final = ["succeeded", "failed", "timeout", "canceled", "abandoned"]
        for record in statuses where !final.contains(record.status) {
            XCTFail("after \(fault): execution \(record.id) is left \(record.status)")
        }
        XCTAssertEqual(try sqlite("PRAGMA integrity_check", database: database ?? self.database), "ok", "after \(fault)")
        return statuses
    }

    private func sqlite(_ sql: String, database: String? = nil) throws -> String {
        let outcome = try Outcome.run("/usr/bin/sqlite3", ["-cmd", ".timeout 10000", database ?? self.database, sql], environment: [:])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What `sql` reads now, or nil when it cannot yet (no database, or no table, so far).
    private func poll(_ sql: String) -> String? {
        guard let outcome = try? Outcome.run("/usr/bin/sqlite3", ["-cmd", ".timeout 10000", database, sql], environment: [:]),
              outcome.status == 0 else { return nil }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A Python process that holds the database's write lock (BEGIN EXCLUSIVE) until its stdin closes.
    private func holdWriteLock() throws -> (process: Process, stdin: Pipe) {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.read()
            """, database]
        let stdin = Pipe(), stdout = Pipe()
        holder.standardInput = stdin
        holder.standardOutput = stdout
        try holder.run()
        // Its first line says the lock is held.
        var said = Data()
        while !said.contains(UInt8(ascii: "\n")) {
            let more = stdout.fileHandleForReading.availableData
            if more.isEmpty { break }
            said.append(more)
        }
        XCTAssertEqual(String(decoding: said, as: UTF8.self), "locked\n")
        return (holder, stdin)
    }

    private func release(_ holder: (process: Process, stdin: Pipe)) {
        try? holder.stdin.fileHandleForWriting.close()
        holder.process.waitUntilExit()
    }
}
