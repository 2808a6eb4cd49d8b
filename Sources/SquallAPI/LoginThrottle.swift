import Foundation

/// Slows password guessing: after `maxFailures` failed logins for one user from one source within
/// `window`, that pair is refused (429) until the oldest failure ages out; a success clears it.
/// Kept in memory: a restart forgets, as st2 keeps nothing either.
actor LoginThrottle {
    static let maxFailures = 5
    static let window: TimeInterval = 900
    /// Beyond this many tracked pairs, stale ones are dropped (a spray of names cannot grow it forever).
    static let sweepAbove = 10_000

    private var failures: [String: [Date]] = [:]

    private static func key(_ user: String, _ source: String) -> String { user + "\u{0}" + source }

    /// Seconds until `user` may try again from `source`; nil when they may now.
    func retryAfter(user: String, source: String, now: Date = Date()) -> Int? {
        let recent = (failures[Self.key(user, source)] ?? []).filter { now.timeIntervalSince($0) < Self.window }
        guard recent.count >= Self.maxFailures, let oldest = recent.first else { return nil }
        return max(1, Int((Self.window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    func failed(user: String, source: String, now: Date = Date()) {
        if failures.count > Self.sweepAbove {
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } }
        }
        var recent = (failures[Self.key(user, source)] ?? []).filter { now.timeIntervalSince($0) < Self.window }
        recent.append(now)
        failures[Self.key(user, source)] = Array(recent.suffix(Self.maxFailures))
    }

    func succeeded(user: String, source: String) {
        failures[Self.key(user, source)] = nil
    }
}
