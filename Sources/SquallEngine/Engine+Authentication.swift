import Foundation
import SquallModel

/// Who a request's credential (token or API key) names, as the HTTP API asks for it on every
/// request; answered from `CredentialCache` when it was looked up in the last seconds.
public struct AuthenticatedCredential: Sendable {
    public var user: String
    /// The account's admin flag; false for a token without an account (an execution's, Engine+ActionAPITokens).
    public var isAdmin: Bool
    /// A token's expiry; nil for an API key.
    public var expiry: Date?
}

extension Engine {
    /// The user the unexpired token `secret` names, or nil.
    public func authenticate(token secret: String) throws -> AuthenticatedCredential? {
        try cachedCredential(key: "token:" + secretHash(secret)) {
            guard let token = try self.token(secret) else { return nil }
            return (token.user, token.expiry)
        }
    }

    /// The user the enabled API key `secret` belongs to, or nil.
    public func authenticate(apiKey secret: String) throws -> AuthenticatedCredential? {
        try cachedCredential(key: "apikey:" + secretHash(secret)) {
            guard let key = try self.apiKey(secret: secret) else { return nil }
            return (key.user, nil)
        }
    }

    /// What `authenticate(token:)` / `authenticate(apiKey:)` would answer, when it is cached; nil
    /// otherwise. No store read, so the HTTP API calls it on its event loop and only hops to a
    /// thread for the look-ups that read the store.
    public func cachedAuthentication(token secret: String) -> AuthenticatedCredential? {
        cachedEntry(key: (try? secretHash(secret)).map { "token:" + $0 })
    }

    public func cachedAuthentication(apiKey secret: String) -> AuthenticatedCredential? {
        cachedEntry(key: (try? secretHash(secret)).map { "apikey:" + $0 })
    }

    private func cachedEntry(key: String?) -> AuthenticatedCredential? {
        guard let key, let entry = credentialCache.entry(key) else { return nil }
        return AuthenticatedCredential(user: entry.user, isAdmin: entry.isAdmin, expiry: entry.expiry)
    }

    private func cachedCredential(key: String, lookUp: () throws -> (user: String, expiry: Date?)?) throws -> AuthenticatedCredential? {
        let now = Date()
        if let entry = credentialCache.entry(key, now: now) {
            return AuthenticatedCredential(user: entry.user, isAdmin: entry.isAdmin, expiry: entry.expiry)
        }
        let generation = credentialCache.generation
        guard let found = try lookUp() else { return nil }
        // Deleting a user deletes their tokens: a token without an account is an execution's.
        let isAdmin = (try? user(named: found.user))?.isAdmin ?? false
        credentialCache.keep(key, user: found.user, isAdmin: isAdmin, expiry: found.expiry, lookedUpAt: generation, now: now)
        return AuthenticatedCredential(user: found.user, isAdmin: isAdmin, expiry: found.expiry)
    }

    /// A change to users, API keys or tokens made through this engine: no cached look-up survives it.
    func credentialsChanged() {
        credentialCache.forgetAll()
    }
}
