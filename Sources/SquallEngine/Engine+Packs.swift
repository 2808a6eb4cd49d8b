import Foundation
import SquallModel
import SquallPacks

/// Packs for front ends: what is loaded, what each holds, registering, and pack configs. Changes
/// tell a running server to reload its packs.
extension Engine {
    /// The loaded packs sorted by ref.
    public func packs() -> [Pack] {
        catalog.packs.values.sorted { $0.ref < $1.ref }
    }

    /// The loaded pack with this ref.
    public func pack(_ ref: String) throws -> Pack {
        guard let pack = catalog.packs[ref] else { throw EngineError.notFound("pack '\(ref)' not found") }
        return pack
    }

    /// What a pack holds, its rules counted as in force.
    public func packContents(_ ref: String) -> PackContentCounts {
        PackContentCounts(pack: ref, catalog: catalog, rules: rules())
    }

    /// Re-reads packs' content and configs (every loaded pack when `names` is empty); see `PackRegistrar`.
    public func registerPacks(_ names: [String]) throws -> PackRegistrar.Report {
        try audited("pack.register", target: names.isEmpty ? "*" : names.joined(separator: ",")) {
            try PackRegistrar.register(names, engine: self)
        }
    }

    /// A loaded pack's config file, to read, validate and edit.
    public func packConfigFile(_ ref: String) throws -> PackConfigFile {
        try PackConfigFile(pack: try pack(ref), configsDirectory: settings.configsDirectory)
    }

    /// Validates `config` against the pack's schema and replaces its file (nothing changes when it
    /// fails); a running server restarts the pack's sensors with it. Secret values go to the
    /// datastore encrypted, the file refers to them (see `secretsMovedToDatastore`).
    public func savePackConfig(_ config: [String: JSONValue], to file: PackConfigFile) throws {
        if let schema = file.schema { _ = try schema.validate(.object(config), configFile: file.path) }
        let (moved, secretPairs) = try secretsMovedToDatastore(config, file: file)
        // Encrypted first, all of them: a key problem stops everything before anything is written.
        for (name, value) in secretPairs { _ = try secrets.encrypt(value, name: name) }
        for (name, value) in secretPairs {
            // Sealed inside the write transaction, as Engine.setKey (a concurrent key rotation).
            try store.setValue(KeyValuePair(name: name, value: value, secret: true, encrypted: true)) { try secrets.encrypt($0, name: name) }
        }
        try file.save(moved)
        Server.requestReload(.packs, dataDirectory: settings.dataDirectory)
    }
}
