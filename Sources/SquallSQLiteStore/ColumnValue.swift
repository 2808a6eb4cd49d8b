/// The value of one column of a row, as the store writes it: text, an integer or NULL.
enum ColumnValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case null
    /// `count` zero bytes, filled afterwards in pieces with incremental blob I/O (StoredResultText).
    case zeroBlob(Int)

    init(_ text: String?) { self = text.map(ColumnValue.text) ?? .null }
    init(_ number: Int64?) { self = number.map(ColumnValue.integer) ?? .null }
}
