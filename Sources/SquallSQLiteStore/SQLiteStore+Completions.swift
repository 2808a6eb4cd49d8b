public import Foundation
import GRDB
public import SquallModel
import SquallStore

extension SQLiteStore {
    /// Read from the end-timestamp index (v8), so a scrape reads only what ended since the last.
    public func completions(endedAfter after: Date?, upTo: Date) throws -> [ExecutionCompletion] {
        let completed = ExecutionStatus.allCases.filter(\.isCompleted).map { "'\($0.rawValue)'" }.joined(separator: ",")
        let lower = after.map(StoredTimestamp.microseconds) ?? Int64.min
        return try read("read completed executions") { db in
            try Row.fetchAll(db, sql: """
                SELECT status, runner, start_timestamp, end_timestamp FROM executions
                WHERE end_timestamp > ? AND end_timestamp <= ? AND status IN (\(completed))
                """, arguments: [lower, StoredTimestamp.microseconds(upTo)]).compactMap { row -> ExecutionCompletion? in
                let status: String = row["status"], start: Int64 = row["start_timestamp"], end: Int64 = row["end_timestamp"]
                guard let status = ExecutionStatus(rawValue: status) else { return nil }
                return ExecutionCompletion(status: status, runner: row["runner"],
                                           startTimestamp: StoredTimestamp.date(start), endTimestamp: StoredTimestamp.date(end))
            }
        }
    }
}
