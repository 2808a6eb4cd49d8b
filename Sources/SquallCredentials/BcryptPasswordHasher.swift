import HummingbirdBcrypt
import SquallEngine

/// Users' passwords as bcrypt hashes (`$2b$12$...`), as squall has always stored them.
public struct BcryptPasswordHasher: PasswordHasher {
    /// bcrypt's work factor: ~0.25 s per hash on this class of machine, st2's htpasswd default is lower.
    public static let cost: UInt8 = 12

    public init() {}

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: Self.cost) }

    public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    public var timingDummyHash: String { Self.dummy }

    // Made once per process, on the first login of an unknown user.
    private static let dummy = Bcrypt.hash("squall-timing-dummy", cost: cost)
}
