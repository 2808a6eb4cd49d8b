import Foundation
import SquallModel
import SquallStore

/// Answers children's datastore requests (`action_service`) against the key-value store.
/// Key names arrive already prefixed by the child; only the system scope exists here.
/// Encrypted values go to the child as stored unless it asks `get_value(..., decrypt=True)`.
public struct DatastoreService: Sendable {
    let store: any KeyValueStore
    let secrets: SecretValues

    public init(store: any KeyValueStore, cipher: (any SecretCipher)? = nil) {
        self.store = store
        secrets = SecretValues(cipher: cipher)
    }

    public func handle(operation: String, arguments: [String: JSONValue]) throws -> JSONValue {
        let scope = arguments["scope"]?.stringValue ?? "system"
        guard scope == "system" else { throw EngineError.badInput("scope '\(scope)' is not supported; use 'system'") }
        switch operation {
        case "get_value":
            let name = try requiredName(arguments)
            guard let pair = try store.value(scope: scope, name: name) else { return .null }
            let decrypt = arguments["decrypt"]?.boolValue == true
            return .string(decrypt ? try secrets.decrypted(pair).value : pair.value)
        case "set_value":
            let name = try requiredName(arguments)
            guard let value = arguments["value"]?.stringValue else { throw EngineError.badInput("set_value: 'value' must be a string") }
            let encrypt = arguments["encrypt"]?.boolValue == true
            let ttl = arguments["ttl"]?.intValue
            if let ttl, ttl <= 0 { throw EngineError.badInput("set_value: ttl must be a positive number of seconds") }
            // Sealed inside the write transaction, as Engine.setKey (a concurrent key rotation).
            try store.setValue(KeyValuePair(scope: scope, name: name, value: value, secret: encrypt, encrypted: encrypt,
                                            expireTimestamp: ttl.map { Date().addingTimeInterval(TimeInterval($0)) })) { value in
                try encrypt ? secrets.encrypt(value, name: name) : value
            }
            return true
        case "delete_value":
            return .bool(try store.deleteValue(scope: scope, name: try requiredName(arguments)))
        case "list_values":
            let pairs = try store.values(scope: scope, prefix: arguments["prefix"]?.stringValue,
                                         limit: arguments["limit"]?.intValue, offset: arguments["offset"]?.intValue)
            return .array(pairs.map(Self.json))
        default:
            throw EngineError.badInput("unknown datastore operation '\(operation)'")
        }
    }

    private func requiredName(_ arguments: [String: JSONValue]) throws -> String {
        guard let name = arguments["name"]?.stringValue, !name.isEmpty else {
            throw EngineError.badInput("datastore request without a key name")
        }
        return name
    }

    /// A pair as shown to children and on the CLI (st2's field names).
    public static func json(_ pair: KeyValuePair) -> JSONValue {
        [
            "name": .string(pair.name), "value": .string(pair.value), "scope": .string(pair.scope),
            "secret": .bool(pair.secret), "encrypted": .bool(pair.encrypted),
            "expire_timestamp": pair.expireTimestamp.map { .string(Timestamps.format($0)) } ?? .null,
        ]
    }
}
