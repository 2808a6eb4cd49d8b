import NIOCore
import Synchronization

/// Whole `GET /executions` replies, served again while the store has not changed: every commit to
/// the database, by this server or by another process (`squall run`), moves the store's change
/// version (Engine.storeChangeVersion), and a reply is served only at the version it was read at.
/// A hit needs no read transaction and no hop to a thread; a client polling the list (the web UI,
/// `st2 execution list` in a loop) costs a dictionary look-up until something changes.
/// Bounded: replies of one version at a time, at most `largestPage` bytes each and `capacity`
/// bytes in all (past it, it starts again empty).
final class ExecutionPageCache: Sendable {
    /// The request's query string as sent: a hit is served before the query is parsed at all
    /// (parsing it again for each parameter was a visible part of a cached page's time).
    typealias Key = String

    struct Page: Sendable {
        var body: ByteBuffer
        var total: Int
        /// The `limit` the reply's `X-Limit` header states (nil: none).
        var limit: Int?
    }

    static let capacity = 16 << 20
    static let largestPage = 1 << 20

    private struct State {
        var version: UInt64?
        var pages: [Key: Page] = [:]
        var bytes = 0
    }
    private let state = Mutex(State())

    /// The reply kept for `key` if it was read at `version`, the store's version now.
    func page(_ key: Key, version: UInt64) -> Page? {
        state.withLock { $0.version == version ? $0.pages[key] : nil }
    }

    /// Keeps `page`, read after the store's version was `version`. A commit between that check and
    /// the read makes the page newer than its version says: the next check sees another version and
    /// reads again, so nothing stale is served. Replies of other versions are dropped (never
    /// served again).
    func keep(_ page: Page, for key: Key, readAt version: UInt64) {
        guard page.body.readableBytes <= Self.largestPage else { return }
        state.withLock { state in
            if state.version != version || state.bytes + page.body.readableBytes > Self.capacity { state = State(version: version) }
            if let replaced = state.pages.updateValue(page, forKey: key) { state.bytes -= replaced.body.readableBytes }
            state.bytes += page.body.readableBytes
        }
    }
}
