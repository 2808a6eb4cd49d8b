import Foundation
import GRDB
public import SquallModel
import SquallStore

extension SQLiteStore {
    public func appendOutput(_ lines: [OutputLine]) throws {
        guard !lines.isEmpty else { return }
        // One transaction and one prepared statement per batch: lines arrive in bursts.
        try write("append \(lines.count) output lines") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO output_lines (execution_id, sequence, stream, line, timestamp) VALUES (?, ?, ?, ?, ?)
                """)
            for line in lines {
                try insert.execute(arguments: [
                    line.executionId, line.sequence, line.stream.rawValue, line.line,
                    StoredTimestamp.microseconds(line.timestamp),
                ])
            }
        }
    }

    public func output(executionId: String, after sequence: Int?) throws -> [OutputLine] {
        try read("read output of \(executionId)") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT sequence, stream, line, timestamp FROM output_lines
                WHERE execution_id = ? AND sequence > ? ORDER BY sequence
                """, arguments: [executionId, sequence ?? Int.min])
            return try rows.map { row in
                let streamText: String = row["stream"]
                guard let stream = SquallModel.OutputStreamKind(rawValue: streamText) else {
                    throw StoreError(.corruptRecord, "output of \(executionId): unknown stream \(streamText)")
                }
                return OutputLine(executionId: executionId, sequence: row["sequence"], stream: stream,
                                  line: row["line"], timestamp: StoredTimestamp.date(row["timestamp"]))
            }
        }
    }
}
