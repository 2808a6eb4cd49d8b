public import Foundation
public import SquallEngine
import SquallSecrets
import SquallSQLiteStore
public import SquallStore

/// Opens the configured store and the engine on it: SQLite at `settings.databasePath` now; a
/// PostgreSQL store, when configured, would be chosen here and nowhere else.
public enum EngineBootstrap {
    /// The store squall keeps its records in, with the executions of dead supervisors (on this
    /// host) marked `abandoned`. That sweep is housekeeping: when it cannot write (a full disk,
    /// say) it is reported through `warn` and the store opens anyway, so reading commands work.
    public static func openStore(settings: Settings,
                                 warn: (String) -> Void = { FileHandle.standardError.write(Data("squall: warning: \($0)\n".utf8)) }) throws -> any Store {
        let store = try SQLiteStore(path: settings.databasePath)
        do {
            try store.abandonOrphans()
        } catch {
            warn("executions of dead supervisors not marked abandoned (\(error)); they will be at the next start")
        }
        return store
    }

    /// The engine on the configured store. `onlyPack` narrows pack loading (`loadingPacks` false:
    /// none), `credentials` hash users' passwords, tokens and API keys (see `Engine.init`).
    public static func openEngine(settings: Settings, onlyPack: String? = nil, loadingPacks: Bool = true, credentials: CredentialHashing? = nil,
                                  progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Engine {
        try Engine(settings: settings, store: try openStore(settings: settings), secretCipher: secretCipher(settings: settings),
                   onlyPack: onlyPack, loadingPacks: loadingPacks, credentials: credentials, progress: progress)
    }

    /// AES-256-GCM for datastore secrets, its key in `<data-dir>/keys/datastore_key`.
    public static func secretCipher(settings: Settings) -> any SecretCipher {
        DatastoreCipher(directory: settings.datastoreKeysDirectory)
    }
}
