import Crypto
import Foundation
import SquallEngine

/// Tokens and API keys are kept as the lowercase hex SHA-256 of their text.
public struct SHA256CredentialDigest: CredentialDigest {
    public init() {}

    public func hexDigest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension CredentialHashing {
    /// bcrypt for passwords, SHA-256 for tokens and API keys: what every squall store holds.
    public static let standard = CredentialHashing(passwords: BcryptPasswordHasher(), secrets: SHA256CredentialDigest())
}
