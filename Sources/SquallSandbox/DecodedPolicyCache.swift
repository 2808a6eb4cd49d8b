import Foundation

/// Policies already decoded and checked, keyed by file and exact contents: every execution asks
/// for its pack's policy, and decoding the same few hundred bytes of JSON each time was 6% of the
/// server's CPU per execution. The file is still read every time, so an edit is seen at once.
enum DecodedPolicyCache {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [String: (contents: Data, value: any Sendable)] = [:]

    /// What `decode` made of `contents` at `path` last time, or `decode(contents)` (kept only when it succeeds).
    static func value<T: Sendable>(path: String, contents: Data, decode: (Data) throws -> T) throws -> T {
        if let known = lock.withLock({ entries[path] }), known.contents == contents, let value = known.value as? T {
            return value
        }
        let value = try decode(contents)
        lock.withLock { entries[path] = (contents, value) }
        return value
    }
}
