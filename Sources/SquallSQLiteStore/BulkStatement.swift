import GRDB
import GRDBSQLite
import SquallStore

/// A statement prepared once per connection (GRDB's statement cache owns it) and run for many
/// rows, its values bound with SQLite's C API; left reset with no bindings after each run. For the
/// rules engine's batches: GRDB's `StatementArguments` took each value through an existential and
/// copied each string into a C string, about a quarter of the writer thread's instructions
/// (callgrind, `squall bench-server`). Use it inside one of the store's write transactions.
final class BulkStatement {
    private let connection: OpaquePointer
    /// Held so the compiled statement outlives this use even if the cache is emptied meanwhile.
    private let owner: Statement
    private let statement: OpaquePointer
    private let sql: String

    /// The statement from `db`'s cache, compiled on the connection's first use of `sql`: compiling
    /// (with GRDB's authorizer called for each column) was most of the per-execution writes' cost
    /// (perf, `squall server` running rule-started executions). GRDB empties the cache when the schema changes.
    static func cached(_ db: Database, sql: String) throws -> BulkStatement {
        guard let connection = db.sqliteConnection else { throw StoreError(.database, "the database connection is closed") }
        return BulkStatement(connection: connection, owner: try db.cachedStatement(sql: sql), sql: sql)
    }

    private init(connection: OpaquePointer, owner: Statement, sql: String) {
        self.connection = connection
        self.owner = owner
        statement = owner.sqliteStatement
        self.sql = sql
    }

    /// Runs the statement with `row` bound to its parameters in order; returns how many rows it changed.
    @discardableResult
    func run(_ row: [ColumnValue]) throws -> Int {
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        try bindThenStep(row[...], at: 1)
        return Int(sqlite3_changes(connection))
    }

    /// Binds the first value, then the rest, then steps, from inside each text's buffer access: the
    /// texts are bound without a copy (SQLITE_STATIC) and stay valid until the step is done. A
    /// 40 MB result was copied twice on its way in (GRDB's C string, then SQLite's TRANSIENT copy).
    private func bindThenStep(_ values: ArraySlice<ColumnValue>, at index: Int32) throws {
        guard let value = values.first else {
            guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("run") }
            return
        }
        let rest = values.dropFirst()
        switch value {
        case .text(var text):
            try text.withUTF8 { bytes in
                // An empty buffer may have no address, and a NULL one would bind NULL.
                let code = bytes.isEmpty
                    ? sqlite3_bind_text(statement, index, "", 0, BulkStatement.transient)
                    : bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text64(statement, index, $0, UInt64(bytes.count), nil, UInt8(SQLITE_UTF8)) // nil: SQLITE_STATIC
                    }
                guard code == SQLITE_OK else { throw failure("bind parameter \(index)") }
                try bindThenStep(rest, at: index + 1)
            }
        case .integer(let number):
            guard sqlite3_bind_int64(statement, index, number) == SQLITE_OK else { throw failure("bind parameter \(index)") }
            try bindThenStep(rest, at: index + 1)
        case .null:
            guard sqlite3_bind_null(statement, index) == SQLITE_OK else { throw failure("bind parameter \(index)") }
            try bindThenStep(rest, at: index + 1)
        case .zeroBlob(let count):
            guard sqlite3_bind_zeroblob64(statement, index, sqlite3_uint64(count)) == SQLITE_OK else { throw failure("bind parameter \(index)") }
            try bindThenStep(rest, at: index + 1)
        }
    }

    private func failure(_ what: String) -> StoreError {
        StoreError(.database, "\(what) of \(sql): " + String(cString: sqlite3_errmsg(connection)))
    }

    /// SQLITE_TRANSIENT, a macro Swift does not import: SQLite copies the value before the call returns.
    nonisolated(unsafe) private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
