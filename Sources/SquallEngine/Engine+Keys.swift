import Foundation
import SquallModel

/// Which datastore a key lives in: st2's system scope (what templates read as `st2kv.system`), or
/// one user's own keys (st2's `st2kv.user`, stored as `<user>:<name>` in the user scope, as st2 does).
public enum KeyScope: Sendable, Hashable {
    case system
    case user(String)

    /// A scope as st2's API and CLI spell it (`system`, `st2kv.system`, `user`, `st2kv.user`);
    /// `user` names the owner of user-scoped keys.
    public init(named name: String, user: String?) throws {
        switch name {
        case "system", "st2kv.system": self = .system
        case "user", "st2kv.user":
            guard let user, !user.isEmpty else { throw EngineError.badInput("scope 'user' needs a user") }
            self = .user(user)
        default: throw EngineError.badInput("scope '\(name)' is not one of system, user")
        }
    }

    /// How the audit log names a key: `system:<name>` or `user:<owner>:<name>`.
    func auditName(_ name: String) -> String {
        switch self {
        case .system: return "system:" + name
        case .user(let user): return "user:\(user):" + name
        }
    }

    /// The store's scope column and the prefix of the stored name.
    var stored: (scope: String, namePrefix: String) {
        switch self {
        case .system: return ("system", "")
        case .user(let user): return ("user", user + ":")
        }
    }
}

/// The key-value datastore for front ends. Pairs come back with the name as given (a user-scoped
/// pair without its owner's prefix).
extension Engine {
    /// The pair named `name`; expired pairs are gone. An encrypted value comes as stored (st2's
    /// hex) unless `decrypt` (the caller checks the right to ask).
    public func key(_ name: String, scope: KeyScope = .system, decrypt: Bool = false) throws -> KeyValuePair {
        let (storedScope, prefix) = scope.stored
        guard let pair = try store.value(scope: storedScope, name: prefix + name) else {
            throw EngineError.notFound("key '\(name)' not found")
        }
        let shown = Self.shown(pair, prefix: prefix)
        return decrypt ? try secrets.decrypted(shown) : shown
    }

    /// Pairs sorted by name, optionally only those whose name starts with `prefix`.
    public func keys(scope: KeyScope = .system, prefix: String? = nil, limit: Int? = nil, offset: Int = 0,
                     decrypt: Bool = false) throws -> [KeyValuePair] {
        if let limit, limit < 1 { throw EngineError.badInput("limit must be at least 1 (got \(limit))") }
        guard offset >= 0 else { throw EngineError.badInput("offset must not be negative (got \(offset))") }
        let (storedScope, owner) = scope.stored
        let namePrefix = owner + (prefix ?? "")
        return try store.values(scope: storedScope, prefix: namePrefix.isEmpty ? nil : namePrefix, limit: limit, offset: offset)
            .map { decrypt ? try secrets.decrypted(Self.shown($0, prefix: owner)) : Self.shown($0, prefix: owner) }
    }

    /// Creates or replaces a pair; with `ttlSeconds` it expires that many seconds from now. A
    /// `secret` pair is stored encrypted (`secretCipher`); with `alreadyEncrypted` its value is an
    /// encrypted value (st2's `encrypted: true`, as `key list -j` printed it), checked to decrypt.
    @discardableResult
    public func setKey(_ name: String, value: String, scope: KeyScope = .system, ttlSeconds: Int? = nil, secret: Bool = false,
                       alreadyEncrypted: Bool = false) throws -> KeyValuePair {
        // The value is never audited, secret or not.
        try audited("key.set", target: scope.auditName(name), detail: { _ in ["secret": .bool(secret || alreadyEncrypted)] }) {
            guard !name.isEmpty else { throw EngineError.badInput("key name must not be empty") }
            if let ttlSeconds, ttlSeconds <= 0 { throw EngineError.badInput("ttl must be a positive number of seconds (got \(ttlSeconds))") }
            let (storedScope, prefix) = scope.stored
            var pair = KeyValuePair(scope: storedScope, name: prefix + name, value: value, secret: secret || alreadyEncrypted,
                                    encrypted: secret || alreadyEncrypted,
                                    expireTimestamp: ttlSeconds.map { Date().addingTimeInterval(TimeInterval($0)) })
            // Sealed inside the store's write transaction: a concurrent `key rotate` cannot
            // install its key between this encryption and this write.
            try store.setValue(pair) { value in
                guard secret || alreadyEncrypted else { return value }
                let stored = alreadyEncrypted ? try checkedEncrypted(value, name: name) : try secrets.encrypt(value, name: name)
                pair.value = stored
                return stored
            }
            return Self.shown(pair, prefix: prefix)
        }
    }

    /// Deletes a pair that exists (not expired).
    public func deleteKey(_ name: String, scope: KeyScope = .system) throws {
        try audited("key.delete", target: scope.auditName(name)) {
            let (storedScope, prefix) = scope.stored
            guard try store.deleteValue(scope: storedScope, name: prefix + name) else {
                throw EngineError.notFound("key '\(name)' not found")
            }
        }
    }

    private static func shown(_ pair: KeyValuePair, prefix: String) -> KeyValuePair {
        guard !prefix.isEmpty, pair.name.hasPrefix(prefix) else { return pair }
        var shown = pair
        shown.name = String(pair.name.dropFirst(prefix.count))
        return shown
    }
}
