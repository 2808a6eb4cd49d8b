import Foundation

/// A person who may use the HTTP API. Only the bcrypt hash of the password is kept.
public struct UserAccount: Sendable, Hashable {
    public var name: String
    public var passwordHash: String
    public var isAdmin: Bool
    public var createdAt: Date

    public init(name: String, passwordHash: String, isAdmin: Bool = false, createdAt: Date = Date()) {
        self.name = name; self.passwordHash = passwordHash; self.isAdmin = isAdmin; self.createdAt = createdAt
    }
}

/// An access token handed out by `POST /auth/v1/tokens`. Only its SHA-256 is kept: a copy of the
/// store lets nobody act as the user.
public struct AuthToken: Sendable, Hashable {
    /// st2's token document `id` (not secret).
    public var id: String
    public var tokenHash: String
    public var user: String
    public var expiry: Date
    public var createdAt: Date

    public init(id: String, tokenHash: String, user: String, expiry: Date, createdAt: Date = Date()) {
        self.id = id; self.tokenHash = tokenHash; self.user = user; self.expiry = expiry; self.createdAt = createdAt
    }
}

/// An API key (st2's `St2-Api-Key`). Only its SHA-256 is kept; the key is shown once, at creation.
public struct APIKeyRecord: Sendable, Hashable {
    public var id: String
    public var keyHash: String
    public var user: String
    public var metadata: JSONValue
    public var enabled: Bool
    public var createdAt: Date

    public init(id: String, keyHash: String, user: String, metadata: JSONValue = .object([:]), enabled: Bool = true,
                createdAt: Date = Date()) {
        self.id = id; self.keyHash = keyHash; self.user = user; self.metadata = metadata; self.enabled = enabled
        self.createdAt = createdAt
    }
}
