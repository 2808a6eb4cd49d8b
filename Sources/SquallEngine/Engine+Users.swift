import Foundation
import SquallModel
import SquallStore

/// Users of the HTTP API for front ends (`squall user`, the API's auth). Passwords are kept as
/// hashes only (`CredentialHashing.passwords`: bcrypt).
extension Engine {
    @discardableResult
    public func createUser(_ name: String, password: String, admin: Bool = false) throws -> UserAccount {
        try audited("user.create", target: name, detail: { _ in ["admin": .bool(admin)] }) {
            try createUserUnaudited(name, password: password, admin: admin)
        }
    }

    private func createUserUnaudited(_ name: String, password: String, admin: Bool) throws -> UserAccount {
        try Self.checkUserName(name)
        try Self.checkPassword(password)
        let user = UserAccount(name: name, passwordHash: try credentialHashing.passwords.hash(password), isAdmin: admin)
        do {
            try store.createUser(user)
        } catch let error as StoreError where error.kind == .duplicateID {
            throw EngineError.badInput("user '\(name)' already exists")
        }
        return user
    }

    public func users() throws -> [UserAccount] { try store.users() }

    public func user(named name: String) throws -> UserAccount {
        guard let user = try store.user(named: name) else { throw EngineError.notFound("user '\(name)' not found") }
        return user
    }

    /// Deletes a user with their tokens and API keys.
    public func deleteUser(_ name: String) throws {
        try audited("user.delete", target: name) {
            guard try store.deleteUser(named: name) else { throw EngineError.notFound("user '\(name)' not found") }
        }
    }

    /// Replaces a user's password; their tokens stop working.
    public func setPassword(_ password: String, forUser name: String) throws {
        try audited("user.password", target: name) {
            try Self.checkPassword(password)
            guard try store.setPasswordHash(credentialHashing.passwords.hash(password), forUser: name) else {
                throw EngineError.notFound("user '\(name)' not found")
            }
        }
    }

    /// The user when `password` is theirs; nil otherwise (an unknown user costs the same bcrypt time).
    /// Both are audited as `auth.login` by the user named.
    public func authenticate(user name: String, password: String) throws -> UserAccount? {
        let user: UserAccount?
        do {
            user = try verifiedUser(name, password: password)
        } catch {
            audit("auth.login", target: name, actor: name, outcome: .failure, reason: "\(error)")
            throw error
        }
        audit("auth.login", target: name, actor: name, outcome: user == nil ? .failure : .success,
              reason: user == nil ? "invalid credentials" : nil)
        return user
    }

    private func verifiedUser(_ name: String, password: String) throws -> UserAccount? {
        let passwords = try credentialHashing.passwords
        guard let user = try store.user(named: name) else {
            _ = passwords.verify(password, hash: passwords.timingDummyHash)
            return nil
        }
        return passwords.verify(password, hash: user.passwordHash) ? user : nil
    }

    static func checkUserName(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= 128 else { throw EngineError.badInput("user name must be 1 to 128 bytes") }
        // Basic auth splits at the first ':'; control characters and spaces make names unreadable in lists.
        guard !name.contains(":"), !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }) else {
            throw EngineError.badInput("user name '\(name)' must not contain ':', spaces or control characters")
        }
    }

    static func checkPassword(_ password: String) throws {
        guard !password.isEmpty else { throw EngineError.badInput("password must not be empty") }
        // bcrypt reads only 72 bytes: a longer password would be silently cut.
        guard password.utf8.count <= 72 else { throw EngineError.badInput("password must be at most 72 bytes (bcrypt's limit)") }
    }
}
