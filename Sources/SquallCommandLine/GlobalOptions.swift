import ArgumentParser
import Foundation
import SquallBootstrap
import SquallEngine
import SquallRunners

/// Options every command takes: where packs and data live.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("packs-path"), help: "Colon-separated pack directories, searched left to right (env SQUALL_PACKS_PATH).")
    public var packsPath: String?

    @Option(name: .customLong("data-dir"), help: "Where executions, configs and virtualenvs live (env SQUALL_DATA_DIR; default ~/.local/share/squall).")
    public var dataDirectory: String?

    public init() {}

    public func settings(indexURL: String? = nil) throws -> Settings {
        try reportingErrors { try Settings.resolve(packsPath: packsPath, dataDirectory: dataDirectory, indexURL: indexURL) }
    }

    /// Opens the engine, showing virtualenv progress and pack problems on stderr. `onlyPack` loads
    /// only that pack's content (a command about one action needs no other); `credentials` are
    /// given by squall-server's commands, the only ones that hash passwords, tokens and API keys.
    public func engine(showPackErrors: Bool = false, onlyPack: String? = nil, credentials: CredentialHashing? = nil,
                       progress display: ProgressDisplay = .standardError) throws -> Engine {
        let settings = try settings()
        let engine = try reportingErrors {
            try EngineBootstrap.openEngine(settings: settings, onlyPack: onlyPack, credentials: credentials,
                                           progress: { line in display.show(line) })
        }
        if showPackErrors {
            ProgressDisplay.standardError.finish()
            for error in engine.catalog.errors { FileHandle.standardError.write(Data(("warning: " + error.description + "\n").utf8)) }
        }
        return engine
    }
}

/// Writes a line to stdout (after ending a progress line on the terminal).
public func say(_ text: String) {
    ProgressDisplay.standardError.finish()
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
