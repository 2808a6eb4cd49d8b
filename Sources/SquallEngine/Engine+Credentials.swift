import Foundation
import SquallModel
import SquallStore

/// A secret handed out once (a token or an API key) with the record kept of it (its hash only).
public struct IssuedSecret<Record: Sendable>: Sendable {
    public var secret: String
    public var record: Record
}

/// Access tokens and API keys for the HTTP API. Both are 32 random bytes shown once; the store
/// keeps their digest (`CredentialHashing.secrets`: SHA-256).
extension Engine {
    /// A token for `user` living `ttlSeconds` (the `auth_token_ttl` setting when nil, never longer).
    public func issueToken(for user: String, ttlSeconds: Int? = nil) throws -> IssuedSecret<AuthToken> {
        let maximum = settings.api.tokenTTLSeconds
        if let ttlSeconds {
            guard ttlSeconds >= 1 else { throw EngineError.badInput("ttl must be at least 1 second (got \(ttlSeconds))") }
            guard ttlSeconds <= maximum else {
                throw EngineError.badInput("Requested TTL exceeds maximum allowed TTL of \(maximum) seconds")
            }
        }
        let secret = Self.randomSecret()
        let record = AuthToken(id: ExecutionID.generate(), tokenHash: try secretHash(secret), user: user,
                               expiry: Date().addingTimeInterval(TimeInterval(ttlSeconds ?? maximum)))
        try store.saveToken(record)
        return IssuedSecret(secret: secret, record: record)
    }

    /// The unexpired token `secret` is, if any.
    public func token(_ secret: String) throws -> AuthToken? {
        try store.token(hash: try secretHash(secret))
    }

    /// A new API key for `user` (who must exist).
    public func createAPIKey(for user: String, metadata: JSONValue = .object([:])) throws -> IssuedSecret<APIKeyRecord> {
        try audited("apikey.create", target: user, detail: { ["apikey_id": .string($0.record.id)] }) {
            _ = try self.user(named: user)
            let secret = Self.randomSecret()
            let record = APIKeyRecord(id: ExecutionID.generate(), keyHash: try secretHash(secret), user: user, metadata: metadata)
            try store.createAPIKey(record)
            return IssuedSecret(secret: secret, record: record)
        }
    }

    /// The enabled API key `secret` is, if any.
    public func apiKey(secret: String) throws -> APIKeyRecord? {
        try store.apiKey(hash: try secretHash(secret)).flatMap { $0.enabled ? $0 : nil }
    }

    /// The API key with this id, or whose key this is (st2's `GET /apikeys/{id_or_key}`).
    public func apiKey(idOrKey: String) throws -> APIKeyRecord {
        if let key = try store.apiKey(id: idOrKey) ?? store.apiKey(hash: try secretHash(idOrKey)) { return key }
        throw EngineError.notFound("ApiKey with key_or_id=\(idOrKey) not found")
    }

    public func apiKeys(user: String? = nil) throws -> [APIKeyRecord] { try store.apiKeys(user: user) }

    @discardableResult
    public func updateAPIKey(id: String, enabled: Bool, metadata: JSONValue? = nil) throws -> APIKeyRecord {
        // `id` may be the key itself (st2 accepts either): the audit names the record's id only.
        var key = try apiKey(idOrKey: id)
        return try audited(enabled ? "apikey.enable" : "apikey.disable", target: key.id) {
            key.enabled = enabled
            if let metadata { key.metadata = metadata }
            guard try store.updateAPIKey(key) else { throw EngineError.notFound("ApiKey with key_or_id=\(key.id) not found") }
            return key
        }
    }

    public func deleteAPIKey(id: String) throws {
        try audited("apikey.delete", target: id) {
            guard try store.deleteAPIKey(id: id) else { throw EngineError.notFound("ApiKey with key_or_id=\(id) not found") }
        }
    }

    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    func secretHash(_ secret: String) throws -> String {
        try credentialHashing.secrets.hexDigest(secret)
    }
}
