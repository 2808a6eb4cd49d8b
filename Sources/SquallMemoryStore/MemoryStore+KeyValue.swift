import Foundation
public import SquallModel
import SquallStore

extension MemoryStore {
    public func setValue(_ pair: KeyValuePair) throws {
        try setValue(pair, sealing: { $0 })
    }

    public func setValue(_ pair: KeyValuePair, sealing seal: (String) throws -> String) throws {
        let now = Date()
        try transaction { state in
            var pair = pair
            pair.value = try seal(pair.value)
            // Writes sweep expired pairs, as SQLite's do.
            for (key, stored) in state.pairs where Self.isExpired(stored, at: now) {
                state.pairs[key] = nil
                state.keyValueGeneration += 1
            }
            state.pairs[PairKey(scope: pair.scope, name: pair.name)] = pair
            state.keyValueGeneration += 1
        }
    }

    public func value(scope: String, name: String) throws -> KeyValuePair? {
        let now = Date()
        return try transaction { state in
            let key = PairKey(scope: scope, name: name)
            guard let pair = state.pairs[key] else { return nil }
            guard !Self.isExpired(pair, at: now) else {
                state.pairs[key] = nil
                state.keyValueGeneration += 1
                return nil
            }
            return pair
        }
    }

    public func values(scope: String, prefix: String?, limit: Int?, offset: Int?) throws -> [KeyValuePair] {
        let now = Date()
        let pairs = try read { state in
            state.pairs.values.filter { pair in
                // Byte-wise, like SQLite's substr: case-sensitive, no wildcards.
                pair.scope == scope && !Self.isExpired(pair, at: now)
                    && (prefix.map { pair.name.utf8.starts(with: $0.utf8) } ?? true)
            }
        }
        // SQLite's BINARY collation: byte order.
        let sorted = pairs.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let page = sorted.dropFirst(max(offset ?? 0, 0))
        return Array(limit.map { page.prefix(max($0, 0)) } ?? page)
    }

    @discardableResult
    public func deleteValue(scope: String, name: String) throws -> Bool {
        let now = Date()
        return try transaction { state in
            guard let pair = state.pairs.removeValue(forKey: PairKey(scope: scope, name: name)) else { return false }
            state.keyValueGeneration += 1
            return !Self.isExpired(pair, at: now)
        }
    }

    @discardableResult
    public func rewriteSecretValues(_ rewrite: (KeyValuePair) throws -> String, beforeCommit: () throws -> Void) throws -> Int {
        try transaction { state in
            var count = 0
            for (key, pair) in state.pairs where pair.secret {
                var rewritten = pair
                rewritten.value = try rewrite(pair)
                rewritten.encrypted = true
                state.pairs[key] = rewritten
                count += 1
            }
            try beforeCommit()
            if count > 0 { state.keyValueGeneration += 1 }
            return count
        }
    }

    public func keyValueGeneration() throws -> Int64 {
        try read { $0.keyValueGeneration }
    }

    private static func isExpired(_ pair: KeyValuePair, at now: Date) -> Bool {
        pair.expireTimestamp.map { $0 <= now } ?? false
    }
}
