import Foundation
import Synchronization

/// Recent token and API key look-ups of the HTTP API, so a client's burst of requests does not
/// read the store twice per request (credential, then account). Correctness first:
/// - an entry lives `lifetime` seconds at most (the setting `api_credential_cache_seconds`; 0 keeps none), and never past the token's expiry, so a change
///   made by another process (`squall user delete` on the same data dir) takes effect within it;
/// - every change made through this engine (users, API keys, an execution's token revoked) clears
///   the cache (`forgetAll`), and a look-up that raced with such a change is not kept (generation);
/// - at most `capacity` entries (bounded memory): when full, it starts again empty.
final class CredentialCache: Sendable {
    struct Entry: Sendable {
        var user: String
        var isAdmin: Bool
        var expiry: Date?
        var validUntil: Date
    }

    let lifetime: TimeInterval
    static let capacity = 4096

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    private struct State {
        var entries: [String: Entry] = [:]
        var generation = 0
    }
    private let state = Mutex(State())

    var generation: Int { state.withLock { $0.generation } }

    /// The entry for `key` if it is still valid at `now`.
    func entry(_ key: String, now: Date = Date()) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard entry.validUntil > now else { state.entries[key] = nil; return nil }
            return entry
        }
    }

    /// Keeps what a look-up begun at `generation` found, unless a change came meanwhile.
    func keep(_ key: String, user: String, isAdmin: Bool, expiry: Date?, lookedUpAt generation: Int, now: Date = Date()) {
        guard lifetime > 0 else { return }
        let validUntil = min(now.addingTimeInterval(lifetime), expiry ?? .distantFuture)
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(user: user, isAdmin: isAdmin, expiry: expiry, validUntil: validUntil)
        }
    }

    func forgetAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation &+= 1
        }
    }
}
