public import Foundation
public import SquallModel
public import SquallStore

/// Users, tokens and API keys in memory (the SQLite tables' semantics).
struct AuthRecords: Sendable {
    var users: [String: UserAccount] = [:]
    var tokens: [String: AuthToken] = [:]
    /// In creation order, as SQLite's rowid lists them.
    var apiKeys: [APIKeyRecord] = []
}

extension MemoryStore {
    public func createUser(_ user: UserAccount) throws {
        try transaction { state in
            guard state.auth.users[user.name] == nil else { throw StoreError(.duplicateID, "user \(user.name) already exists") }
            state.auth.users[user.name] = user
        }
    }

    public func user(named name: String) throws -> UserAccount? { try read { $0.auth.users[name] } }

    public func users() throws -> [UserAccount] {
        try read { state in state.auth.users.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) } }
    }

    @discardableResult
    public func setPasswordHash(_ hash: String, forUser name: String) throws -> Bool {
        try transaction { state in
            guard state.auth.users[name] != nil else { return false }
            state.auth.users[name]?.passwordHash = hash
            state.auth.tokens = state.auth.tokens.filter { $0.value.user != name }
            return true
        }
    }

    @discardableResult
    public func deleteUser(named name: String) throws -> Bool {
        try transaction { state in
            let existed = state.auth.users.removeValue(forKey: name) != nil
            state.auth.tokens = state.auth.tokens.filter { $0.value.user != name }
            state.auth.apiKeys.removeAll { $0.user == name }
            return existed
        }
    }

    public func saveToken(_ token: AuthToken) throws {
        let now = Date()
        try transaction { state in
            state.auth.tokens = state.auth.tokens.filter { $0.value.expiry > now }
            state.auth.tokens[token.tokenHash] = token
        }
    }

    public func token(hash: String) throws -> AuthToken? {
        let now = Date()
        return try read { state in state.auth.tokens[hash].flatMap { $0.expiry > now ? $0 : nil } }
    }

    public func createAPIKey(_ key: APIKeyRecord) throws {
        try transaction { state in
            guard !state.auth.apiKeys.contains(where: { $0.id == key.id || $0.keyHash == key.keyHash }) else {
                throw StoreError(.duplicateID, "API key \(key.id) already exists")
            }
            state.auth.apiKeys.append(key)
        }
    }

    public func apiKey(id: String) throws -> APIKeyRecord? { try read { $0.auth.apiKeys.first { $0.id == id } } }

    public func apiKey(hash: String) throws -> APIKeyRecord? { try read { $0.auth.apiKeys.first { $0.keyHash == hash } } }

    public func apiKeys(user: String?) throws -> [APIKeyRecord] {
        try read { state in state.auth.apiKeys.filter { user == nil || $0.user == user } }
    }

    @discardableResult
    public func updateAPIKey(_ key: APIKeyRecord) throws -> Bool {
        try transaction { state in
            guard let index = state.auth.apiKeys.firstIndex(where: { $0.id == key.id }) else { return false }
            state.auth.apiKeys[index].enabled = key.enabled
            state.auth.apiKeys[index].metadata = key.metadata
            return true
        }
    }

    @discardableResult
    public func deleteAPIKey(id: String) throws -> Bool {
        try transaction { state in
            guard let index = state.auth.apiKeys.firstIndex(where: { $0.id == id }) else { return false }
            state.auth.apiKeys.remove(at: index)
            return true
        }
    }
}
