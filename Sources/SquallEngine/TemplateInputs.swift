import Foundation
import SquallModel
import SquallPacks

/// What action-parameter templates see besides the request's own values: `st2kv` and the pack's
/// rendered config. `squall run` reads them afresh; the server reads them once per batch of
/// trigger instances and shares them between every rule that fires in it.
public final class TemplateInputs: @unchecked Sendable {
    /// `st2kv` for templates: `{"system": {...}, "user": {...}}`.
    public let datastore: JSONValue
    private let loadConfig: (Pack, JSONValue) throws -> JSONValue
    private let lock = NSLock()
    private var configs: [String: JSONValue] = [:]

    init(datastore: JSONValue, loadConfig: @escaping (Pack, JSONValue) throws -> JSONValue) {
        self.datastore = datastore
        self.loadConfig = loadConfig
    }

    /// The pack's config with its templates rendered, read once per `TemplateInputs`.
    func config(for pack: Pack) throws -> JSONValue {
        lock.lock(); defer { lock.unlock() }
        if let config = configs[pack.ref] { return config }
        let config = try loadConfig(pack, datastore)
        configs[pack.ref] = config
        return config
    }
}

/// The datastore as templates and criteria see it, kept until a key is written or deleted by any
/// process (the store's generation counter moves) or a key's TTL runs out.
final class DatastoreSnapshot: @unchecked Sendable {
    private let engine: Engine
    private let lock = NSLock()
    private var cached: (generation: Int64, validUntil: Date, value: JSONValue)?

    init(engine: Engine) { self.engine = engine }

    func current(now: Date = Date()) throws -> JSONValue {
        // Read before the pairs: a write in between makes the next call reload, never miss it.
        let generation = try engine.store.keyValueGeneration()
        lock.lock(); defer { lock.unlock() }
        if let cached, cached.generation == generation, now < cached.validUntil { return cached.value }
        let pairs = try engine.store.values(scope: "system", prefix: nil, limit: nil, offset: nil)
        let value = Engine.st2kv(systemPairs: pairs)
        cached = (generation, pairs.compactMap(\.expireTimestamp).min() ?? .distantFuture, value)
        return value
    }
}
