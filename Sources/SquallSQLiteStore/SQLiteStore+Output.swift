import Foundation
import GRDB
public import SquallModel
import SquallStore

/// Output is kept in `output_chunks` (see `OutputChunk`); executions recorded before that
/// migration keep their rows in `output_lines`, and reads merge both.
extension SQLiteStore {
    public func appendOutput(_ lines: [OutputLine]) throws {
        guard !lines.isEmpty else { return }
        let groups = try Self.groupedByExecution(lines)
        // One transaction per batch: lines arrive in bursts.
        try write("append \(lines.count) output lines") { db in
            for (executionId, group) in groups {
                try Self.append(group, of: executionId, in: db)
            }
        }
    }

    public func output(executionId: String, after sequence: Int?) throws -> [OutputLine] {
        let after = sequence ?? Int.min
        return try read("read output of \(executionId)") { db in
            var lines: [OutputLine] = []
            let chunks = try Row.fetchCursor(db, sql: """
                SELECT first_sequence, lines FROM output_chunks
                WHERE execution_id = ? AND last_sequence > ? ORDER BY first_sequence
                """, arguments: [executionId, after])
            while let chunk = try chunks.next() {
                for line in try Self.decode(chunk, of: executionId) where line.sequence > after {
                    lines.append(OutputLine(executionId: executionId, sequence: line.sequence, stream: line.stream,
                                            line: line.text, timestamp: StoredTimestamp.date(line.timestampMicros)))
                }
            }
            lines += try Self.legacyLines(of: executionId, after: after, in: db)
            // Chunks overlap only when a batch filled a gap left by an earlier one.
            if !zip(lines, lines.dropFirst()).allSatisfy({ $0.sequence < $1.sequence }) {
                lines.sort { $0.sequence < $1.sequence }
            }
            return lines
        }
    }

    /// The batch's lines per execution, each group in sequence order; a sequence given twice is refused.
    private static func groupedByExecution(_ lines: [OutputLine]) throws -> [(String, [OutputChunk.Line])] {
        var order: [String] = []
        var groups: [String: [OutputChunk.Line]] = [:]
        for line in lines {
            if groups[line.executionId] == nil { order.append(line.executionId) }
            groups[line.executionId, default: []].append(OutputChunk.Line(
                sequence: line.sequence, stream: line.stream,
                timestampMicros: StoredTimestamp.microseconds(line.timestamp), text: line.line))
        }
        return try order.map { id in
            var group = groups[id]!
            if !zip(group, group.dropFirst()).allSatisfy({ $0.sequence < $1.sequence }) {
                group.sort { $0.sequence < $1.sequence }
            }
            for (previous, next) in zip(group, group.dropFirst()) where previous.sequence == next.sequence {
                throw StoreError(.duplicateID, "output line \(next.sequence) of \(id) is given twice")
            }
            return (id, group)
        }
    }

    private static func append(_ group: [OutputChunk.Line], of executionId: String, in db: Database) throws {
        guard let first = group.first?.sequence, let last = group.last?.sequence else { return }
        try refuseStoredSequences(group, of: executionId, between: first, and: last, in: db)
        var pending = group
        // A short last chunk that ends before this batch grows instead of leaving a row per flush.
        // (Its blob is read only then: a full chunk's overflow pages stay unread.)
        if let tail = try Row.fetchOne(db, sql: """
            SELECT rowid, last_sequence, length(lines) AS size FROM output_chunks
            WHERE execution_id = ? ORDER BY last_sequence DESC LIMIT 1
            """, arguments: [executionId]),
           (tail["last_sequence"] as Int) < first, (tail["size"] as Int) < OutputChunk.growBytes {
            let rowid: Int64 = tail["rowid"]
            if let chunk = try Row.fetchOne(db, sql: "SELECT first_sequence, lines FROM output_chunks WHERE rowid = ?", arguments: [rowid]) {
                pending = try decode(chunk, of: executionId) + pending
            }
            try db.execute(sql: "DELETE FROM output_chunks WHERE rowid = ?", arguments: [rowid])
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO output_chunks (execution_id, first_sequence, last_sequence, line_count, lines) VALUES (?, ?, ?, ?, ?)
            """)
        var start = 0
        while start < pending.count {
            var end = start
            var bytes = 0
            while end < pending.count, end == start || bytes < OutputChunk.targetBytes {
                bytes += pending[end].text.utf8.count + 5
                end += 1
            }
            let chunk = pending[start..<end]
            let firstSequence = chunk.first!.sequence
            let blob = Data(OutputChunk.encode(Array(chunk), firstSequence: firstSequence))
            try insert.execute(arguments: [executionId, firstSequence, chunk.last!.sequence, chunk.count, blob])
            start = end
        }
    }

    /// Refuses the batch when a sequence in it is already stored (as the per-line primary key did).
    private static func refuseStoredSequences(_ group: [OutputChunk.Line], of executionId: String,
                                              between first: Int, and last: Int, in db: Database) throws {
        var stored = Set(try Int.fetchAll(db, sql: """
            SELECT sequence FROM output_lines WHERE execution_id = ? AND sequence BETWEEN ? AND ?
            """, arguments: [executionId, first, last]))
        // Appends in order find no chunk ending at or after the batch's first line.
        for chunk in try Row.fetchAll(db, sql: """
            SELECT first_sequence, lines FROM output_chunks
            WHERE execution_id = ? AND last_sequence >= ? AND first_sequence <= ?
            """, arguments: [executionId, first, last]) {
            stored.formUnion(try decode(chunk, of: executionId).map(\.sequence))
        }
        if let duplicate = group.first(where: { stored.contains($0.sequence) }) {
            throw StoreError(.duplicateID, "output line \(duplicate.sequence) of \(executionId) already exists")
        }
    }

    private static func decode(_ chunk: Row, of executionId: String) throws -> [OutputChunk.Line] {
        let blob: Data = chunk["lines"]
        return try OutputChunk.decode([UInt8](blob), firstSequence: chunk["first_sequence"], executionId: executionId)
    }

    /// Lines stored one per row, before output chunks.
    private static func legacyLines(of executionId: String, after: Int, in db: Database) throws -> [OutputLine] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT sequence, stream, line, timestamp FROM output_lines
            WHERE execution_id = ? AND sequence > ? ORDER BY sequence
            """, arguments: [executionId, after])
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
