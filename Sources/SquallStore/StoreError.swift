/// A failure of a store operation, with the kind callers may want to react to.
public struct StoreError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// An execution with that id already exists.
        case duplicateID
        /// The record to update does not exist.
        case notFound
        /// The execution is completed already: its status is final (see `ExecutionStore.update(id:_:)`).
        case alreadyCompleted
        /// A stored row could not be turned back into a model value.
        case corruptRecord
        /// The database itself failed (open, busy, constraint, I/O...).
        case database
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "store error (\(kind.rawValue)): \(message)" }
}
