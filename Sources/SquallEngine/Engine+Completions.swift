import Foundation
import SquallModel

extension Engine {
    /// Executions completed by any process on this data dir with an end in (after, upTo]
    /// (`/metrics` counts them all, not only the server's own).
    public func executionCompletions(endedAfter after: Date?, upTo: Date) throws -> [ExecutionCompletion] {
        try store.completions(endedAfter: after, upTo: upTo)
    }
}
