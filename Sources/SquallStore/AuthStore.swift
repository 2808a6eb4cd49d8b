public import Foundation
public import SquallModel

/// Users, their access tokens and their API keys (the HTTP API's credentials). Secrets are never
/// handed to the store: passwords arrive bcrypt-hashed, tokens and keys as their SHA-256.
public protocol AuthStore: Sendable {
    /// Adds a user; `StoreError.duplicateID` when the name is taken.
    func createUser(_ user: UserAccount) throws
    func user(named name: String) throws -> UserAccount?
    /// Every user sorted by name.
    func users() throws -> [UserAccount]
    /// Replaces a user's password hash; returns whether the user exists.
    @discardableResult func setPasswordHash(_ hash: String, forUser name: String) throws -> Bool
    /// Deletes a user with their tokens and API keys; returns whether there was one.
    @discardableResult func deleteUser(named name: String) throws -> Bool

    /// Keeps a token, sweeping expired ones.
    func saveToken(_ token: AuthToken) throws
    /// The unexpired token with this hash.
    func token(hash: String) throws -> AuthToken?

    /// Adds an API key; `StoreError.duplicateID` when the id is taken.
    func createAPIKey(_ key: APIKeyRecord) throws
    func apiKey(id: String) throws -> APIKeyRecord?
    func apiKey(hash: String) throws -> APIKeyRecord?
    /// API keys oldest first, optionally only one user's.
    func apiKeys(user: String?) throws -> [APIKeyRecord]
    /// Replaces a stored key's `enabled` and `metadata`; returns whether it exists.
    @discardableResult func updateAPIKey(_ key: APIKeyRecord) throws -> Bool
    @discardableResult func deleteAPIKey(id: String) throws -> Bool
}
