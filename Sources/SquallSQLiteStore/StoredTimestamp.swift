import Foundation

/// Timestamps are stored as whole microseconds since 1970 (INTEGER): exact, sortable, and the
/// same precision st2 shows.
enum StoredTimestamp {
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(_ microseconds: Int64) -> Date {
        // Split whole seconds from the fraction so large values keep their microseconds.
        let seconds = Double(microseconds / 1_000_000)
        let fraction = Double(microseconds % 1_000_000) / 1_000_000
        return Date(timeIntervalSince1970: seconds + fraction)
    }
}
