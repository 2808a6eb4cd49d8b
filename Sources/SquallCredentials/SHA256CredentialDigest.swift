import Crypto
import Foundation
import SquallEngine

/// Tokens and API keys are kept as the lowercase hex SHA-256 of their text.
public struct SHA256CredentialDigest: CredentialDigest {
    public init() {}

    public func hexDigest(_ secret: String) -> String {
        // By hand: String(format:) per byte was a tenth of an API request's time (every request
        // hashes its token to look it up) in a release profile.
        let digits: StaticString = "0123456789abcdef"
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits.utf8Start[Int(byte >> 4)])
            hex.append(digits.utf8Start[Int(byte & 0xf)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

extension CredentialHashing {
    /// bcrypt for passwords, SHA-256 for tokens and API keys: what every squall store holds.
    public static let standard = CredentialHashing(passwords: BcryptPasswordHasher(), secrets: SHA256CredentialDigest())
}
