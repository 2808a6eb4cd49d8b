public import Foundation
import GRDB
public import SquallModel
public import SquallStore

extension SQLiteStore {
    public func executionStamps(matching query: ExecutionQuery) throws -> [(id: String, status: ExecutionStatus, endTimestamp: Date?)] {
        var (filter, arguments) = Self.whereClause(query)
        arguments += [max(query.limit, 0), max(query.offset, 0)]
        let sql = """
            SELECT id, status, end_timestamp FROM executions \(filter)
            ORDER BY start_timestamp DESC, id DESC LIMIT ? OFFSET ?
            """
        return try read("list execution stamps") { db in
            // A cached statement: preparing (and authorizing) it again was most of this read's time.
            try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments).map { row in
                let id: String = row[0], statusText: String = row[1], end: Int64? = row[2]
                guard let status = ExecutionStatus(rawValue: statusText) else {
                    throw StoreError(.corruptRecord, "execution \(id): unknown status \(statusText)")
                }
                return (id, status, end.map(StoredTimestamp.date))
            }
        }
    }

    public func executions(ids: [String], includeResults: Bool) throws -> [Execution] {
        guard !ids.isEmpty else { return [] }
        // `selected`, not `names`: a big result is stored beside the row (StoredResultText).
        let columns = includeResults ? ExecutionColumns.selected : ExecutionColumns.namesWithoutResult
        // SQLite allows 32,766 variables: pages are far smaller, but stay within it anyway.
        var found: [Execution] = []
        for start in stride(from: 0, to: ids.count, by: 10_000) {
            let chunk = Array(ids[start..<min(start + 10_000, ids.count)])
            let sql = "SELECT \(columns) FROM executions WHERE id IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ",")))"
            found += try read("read executions") { db in
                try Array(Row.fetchCursor(db, sql: sql, arguments: StatementArguments(chunk)).map(ExecutionColumns.execution(from:)))
            }
        }
        return found
    }

    public func changeVersion() throws -> UInt64? {
        try dataVersion.version()
    }
}
