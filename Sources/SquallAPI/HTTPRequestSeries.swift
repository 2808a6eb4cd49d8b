import Prometheus
import Synchronization

/// The HTTP request counter and duration histogram of each route, method and status, made once:
/// asking the registry on every request (labels sorted and joined, its lock taken twice) was a
/// visible share of a small request's time in `perf` profiles.
final class HTTPRequestSeries: Sendable {
    struct Key: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    struct Series: Sendable {
        var requests: Counter
        var duration: DurationHistogram
    }

    private let made = Mutex<[Key: Series]>([:])

    /// The series for `key`, made by `make` the first time.
    func series(_ key: Key, make: () -> Series) -> Series {
        if let found = made.withLock({ $0[key] }) { return found }
        // Made outside the lock (the registry has its own); the registry gives the same objects again for the same labels.
        let series = make()
        made.withLock { $0[key] = series }
        return series
    }
}
