import Foundation
import SquallModel
import SquallSQLiteStore
import SquallStore
import XCTest

/// Output kept in chunk rows: compact on disk, read back line by line as it was appended.
final class OutputChunkTests: StoreContractTestCase {
    private func line(_ execution: Execution, _ sequence: Int, _ text: String,
                      _ stream: SquallModel.OutputStreamKind = .stdout) -> OutputLine {
        OutputLine(executionId: execution.id, sequence: sequence, stream: stream, line: text,
                   timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(sequence) / 1000))
    }

    func testLinesTricklingInOneBatchAtATimeReadBackWhole() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            let expected = (1...300).map { line(execution, $0, "line \($0) " + String(repeating: "é", count: $0 % 40), $0 % 3 == 0 ? .stderr : .stdout) }
            for one in expected { try store.appendOutput([one]) }
            let lines = try store.output(executionId: execution.id, after: nil)
            XCTAssertEqual(lines, expected)
            XCTAssertEqual(try store.output(executionId: execution.id, after: 290), Array(expected.suffix(10)))
            XCTAssertThrowsError(try store.appendOutput([line(execution, 150, "again")]))
        }
    }

    func testLinesKeepEveryByteTheyHadIncludingNUL() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            let texts = ["", "a\u{0}b", String(repeating: "z", count: 200_000), "tab\tend ⚠️"]
            try store.appendOutput(texts.enumerated().map { line(execution, $0.offset + 1, $0.element) })
            XCTAssertEqual(try store.output(executionId: execution.id, after: nil).map(\.line), texts)
        }
    }
}

/// The SQLite file's size against the output it holds, and lines recorded before chunks.
final class SQLiteOutputFootprintTests: SQLiteTestCase {
    func testAHundredMegabytesOfKilobyteLinesTakeAtMostOnePointTwoTimesAsMuchFile() throws {
        let path = directory.appendingPathComponent("footprint.sqlite").path
        let store = try SQLiteStore(path: path)
        let execution = makeExecution()
        try store.create(execution)
        let text = String(repeating: "x", count: 1023)
        let total = 20_000
        for start in stride(from: 1, through: total, by: 200) {
            try store.appendOutput((start..<start + 200).map {
                OutputLine(executionId: execution.id, sequence: $0, stream: .stdout, line: text, timestamp: Date())
            })
        }
        let outputBytes = total * 1024
        let databaseBytes = Int(try sqlite3(path, "PRAGMA wal_checkpoint(TRUNCATE); SELECT page_count * page_size FROM pragma_page_count, pragma_page_size;")
            .split(separator: "\n").last ?? "") ?? 0
        XCTAssertLessThanOrEqual(Double(databaseBytes) / Double(outputBytes), 1.2,
                                 "\(databaseBytes) database bytes for \(outputBytes) output bytes")
        XCTAssertEqual(try store.output(executionId: execution.id, after: total - 1).map(\.line), [text])
    }

    func testLinesStoredOneRowEachBeforeChunksStillRead() throws {
        let path = directory.appendingPathComponent("legacy.sqlite").path
        let store = try SQLiteStore(path: path)
        let execution = makeExecution()
        try store.create(execution)
        // As the store wrote them before the output-chunks migration.
        _ = try sqlite3(path, (1...3).map {
            "INSERT INTO output_lines (execution_id, sequence, stream, line, timestamp) VALUES ('\(execution.id)', \($0), 'stdout', 'old \($0)', 1700000000000000);"
        }.joined())
        try store.appendOutput([OutputLine(executionId: execution.id, sequence: 4, stream: .stderr, line: "new",
                                           timestamp: Date(timeIntervalSince1970: 1_700_000_001))])
        XCTAssertEqual(try store.output(executionId: execution.id, after: nil).map(\.line), ["old 1", "old 2", "old 3", "new"])
        XCTAssertEqual(try store.output(executionId: execution.id, after: 2).map(\.sequence), [3, 4])
        XCTAssertThrowsError(try store.appendOutput([OutputLine(executionId: execution.id, sequence: 2, stream: .stdout,
                                                                line: "dup", timestamp: Date())]))
    }
}

/// Runs `sql` on the file with the sqlite3 shell (another process, as another tool would) and returns its output.
func sqlite3(_ path: String, _ sql: String) throws -> String {
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    shell.arguments = [path, sql]
    let pipe = Pipe()
    shell.standardOutput = pipe
    try shell.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    shell.waitUntilExit()
    XCTAssertEqual(shell.terminationStatus, 0, "sqlite3 \(sql)")
    return String(decoding: data, as: UTF8.self)
}

/// The SQLite list without results does not read the result column: a result that no longer
/// parses fails a full list, not a summary one.
final class SQLiteSummaryListTests: SQLiteTestCase {
    func testASummaryListDoesNotReadTheResultColumn() throws {
        let path = directory.appendingPathComponent("summary.sqlite").path
        let store = try SQLiteStore(path: path)
        let execution = makeExecution()
        try store.create(execution)
        _ = try sqlite3(path, "UPDATE executions SET result = 'not json' WHERE id = '\(execution.id)';")
        XCTAssertThrowsError(try store.executions(matching: ExecutionQuery(limit: 1)))
        var query = ExecutionQuery(limit: 1)
        query.includeResults = false
        XCTAssertEqual(try store.executions(matching: query).map(\.id), [execution.id])
    }
}
