/// How users' passwords are hashed and checked (bcrypt in squall-server's `SquallCredentials`).
/// A seam, so that the engine, and with it every one-shot CLI command, links no crypto library.
public protocol PasswordHasher: Sendable {
    /// A new salted hash of `password`.
    func hash(_ password: String) -> String
    /// Whether `password` is the one `hash` was made from.
    func verify(_ password: String, hash: String) -> Bool
    /// A hash no password is checked against for real: unknown users are checked against it, so
    /// they take as long as known ones.
    var timingDummyHash: String { get }
}

/// The hash kept of a token or an API key (hex SHA-256 in `SquallCredentials`): both are random,
/// so a fast hash is enough.
public protocol CredentialDigest: Sendable {
    func hexDigest(_ secret: String) -> String
}

/// What the engine hashes credentials with, given by the composition root that serves or manages
/// users (squall-server); an engine without it refuses the user, token and API-key calls.
public struct CredentialHashing: Sendable {
    public var passwords: any PasswordHasher
    public var secrets: any CredentialDigest

    public init(passwords: any PasswordHasher, secrets: any CredentialDigest) {
        self.passwords = passwords
        self.secrets = secrets
    }
}

extension Engine {
    var credentialHashing: CredentialHashing {
        get throws {
            guard let credentials else {
                throw EngineError.failure("users, tokens and API keys need squall-server (this process has no credential hashing)")
            }
            return credentials
        }
    }
}
