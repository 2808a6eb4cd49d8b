import Foundation
import GRDB
import SquallModel
import SquallStore

/// How an `Execution` maps onto the `executions` table's columns and back.
enum ExecutionColumns {
    static let names = """
        id, action, runner, parameters, status, log, start_timestamp, end_timestamp, result, \
        context, supervisor_pid, supervisor_start_time
        """

    /// `names` to read: a result stored beside the row (StoredResultText) is read as the row's.
    static let selected = names.replacingOccurrences(of: " result,", with: " \(StoredResultText.column) AS result,")

    /// `names` with the result left unread (NULL): what lists without results select.
    static let namesWithoutResult = names.replacingOccurrences(of: " result,", with: " NULL AS result,")

    /// The columns in `names` order. A record with a text action result needs `resultText`, the
    /// result written beside the row after it (its column is NULL).
    static func values(_ e: Execution, resultText: StoredResultText? = nil) -> [ColumnValue] {
        [
            .text(e.id), .text(e.action), .text(e.runner),
            .text(JSONValue.object(e.parameters).jsonString()),
            .text(e.status.rawValue),
            .text(logText(e.log)),
            .integer(StoredTimestamp.microseconds(e.startTimestamp)),
            ColumnValue(e.endTimestamp.map(StoredTimestamp.microseconds)),
            // A result holding a big action result as text is written beside the row (StoredResultText).
            resultText == nil ? ColumnValue(e.materialized().result?.jsonString()) : .null,
            .text(JSONValue.object(e.context).jsonString()),
            ColumnValue(e.supervisorPid.map { Int64($0) }),
            ColumnValue(e.supervisorStartTime.map { Int64(bitPattern: $0) }),
        ]
    }

    static func execution(from row: Row) throws -> Execution {
        let id: String = row["id"]
        func corrupt(_ what: String) -> StoreError {
            StoreError(.corruptRecord, "execution \(id): \(what)")
        }
        func json(_ column: String) throws -> JSONValue {
            let text: String = row[column]
            do { return try JSONValue.parse(text) } catch { throw corrupt("\(column) is not JSON") }
        }
        func object(_ column: String) throws -> [String: JSONValue] {
            guard let object = try json(column).objectValue else { throw corrupt("\(column) is not an object") }
            return object
        }
        let statusText: String = row["status"]
        guard let status = ExecutionStatus(rawValue: statusText) else { throw corrupt("unknown status \(statusText)") }
        // Parsed from SQLite's own buffer when `row` is a cursor's: a big result is not copied first.
        let result: JSONValue?
        do { result = try row.withUnsafeData(named: "result") { bytes in try bytes.map(JSONValue.parse) } } catch {
            throw corrupt("result is not JSON")
        }
        guard let log = decodeLog(try json("log")) else { throw corrupt("log is malformed") }
        let pid: Int64? = row["supervisor_pid"]
        let startTime: Int64? = row["supervisor_start_time"]
        let endMicros: Int64? = row["end_timestamp"]
        return Execution(
            id: id, action: row["action"], runner: row["runner"],
            parameters: try object("parameters"), status: status, log: log,
            startTimestamp: StoredTimestamp.date(row["start_timestamp"]),
            endTimestamp: endMicros.map(StoredTimestamp.date),
            result: result, context: try object("context"),
            supervisorPid: pid.map { Int32(truncatingIfNeeded: $0) },
            supervisorStartTime: startTime.map { UInt64(bitPattern: $0) })
    }

    // The log is a JSON array of {"status", "timestamp"} with timestamps in microseconds, like the columns.
    static func logText(_ log: [StatusTransition]) -> String {
        StatusLogText.text(log) { ($0.status.rawValue, $0.timestamp) }
    }

    static func decodeLog(_ value: JSONValue) -> [StatusTransition]? {
        guard let entries = value.arrayValue else { return nil }
        var log: [StatusTransition] = []
        for entry in entries {
            guard let statusText = entry["status"]?.stringValue,
                  let status = ExecutionStatus(rawValue: statusText),
                  let micros = entry["timestamp"]?.intValue else { return nil }
            log.append(StatusTransition(status: status, timestamp: StoredTimestamp.date(Int64(micros))))
        }
        return log
    }
}
