import Foundation
import Synchronization
import SquallEngine
import SquallModel

/// The rendered JSON of completed executions, for `GET /executions`: a completed execution is
/// final (the store refuses to change its status), so its document is rendered once and its bytes
/// spliced into later pages instead of decoding and re-encoding the record each time. Keyed by
/// what identifies the record as stored (id, status, end) and whether the result was included.
/// Bounded: documents over `largestDocument` bytes are not kept, and past `capacity` bytes in
/// all it starts again empty.
final class ExecutionDocumentCache: Sendable {
    struct Key: Hashable, Sendable {
        var stamp: ExecutionStamp
        var includeResult: Bool
    }

    static let capacity = 32 << 20
    static let largestDocument = 256 << 10

    private struct State {
        var documents: [Key: [UInt8]] = [:]
        var bytes = 0
    }
    private let state = Mutex(State())

    func document(_ key: Key) -> [UInt8]? {
        state.withLock { $0.documents[key] }
    }

    /// Keeps `document` when the execution it renders is completed (nothing else is final).
    func keep(_ document: [UInt8], for key: Key) {
        guard key.stamp.status.isCompleted, document.count <= Self.largestDocument else { return }
        state.withLock { state in
            if state.bytes + document.count > Self.capacity { state = State() }
            if let replaced = state.documents.updateValue(document, forKey: key) { state.bytes -= replaced.count }
            state.bytes += document.count
        }
    }
}
