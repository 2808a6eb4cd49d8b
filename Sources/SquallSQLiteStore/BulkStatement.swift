import GRDB
import GRDBSQLite
import SquallStore

/// A statement prepared once and run for many rows, its values bound with SQLite's C API. For the
/// rules engine's batches: GRDB's `StatementArguments` took each value through an existential and
/// copied each string into a C string, about a quarter of the writer thread's instructions
/// (callgrind, `squall bench-server`). Use it inside one of the store's write transactions.
final class BulkStatement {
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    private let sql: String
    /// The connection's cached statement this one runs (`cached`); nil when it prepared its own.
    private let cachedStatement: Statement?

    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else { throw StoreError(.database, "the database connection is closed") }
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            throw StoreError(.database, "prepare \(sql): " + String(cString: sqlite3_errmsg(connection)))
        }
        self.connection = connection
        self.statement = prepared
        self.sql = sql
        cachedStatement = nil
    }

    /// The statement the connection keeps prepared between transactions (GRDB's statement cache,
    /// which finalizes it): for the server's batches of trigger instances, which come one or two
    /// instances at a time while it keeps up, so preparing each time cost more than the rows.
    static func cached(_ db: Database, sql: String) throws -> BulkStatement {
        guard let connection = db.sqliteConnection else { throw StoreError(.database, "the database connection is closed") }
        return BulkStatement(connection: connection, cached: try db.cachedStatement(sql: sql), sql: sql)
    }

    private init(connection: OpaquePointer, cached: Statement, sql: String) {
        self.connection = connection
        statement = cached.sqliteStatement
        self.sql = sql
        cachedStatement = cached
    }

    deinit { if cachedStatement == nil { sqlite3_finalize(statement) } }

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
