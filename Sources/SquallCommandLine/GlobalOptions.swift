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

    /// Who acts in this invocation, for the audit log: `cli:<unix user>` with one request id.
    public static let audit = AuditContext.commandLine()

    /// For the few changes made without the engine (pack install and remove): runs `work` and
    /// writes its outcome to the audit log as the engine's facade does for everything else.
    public func audited<T>(_ settings: Settings, _ action: String, target: String, _ work: () throws -> T) throws -> T {
        let log = AuditLog(settings: settings)
        do {
            let result = try work()
            log.record(Self.audit, action: action, target: target, outcome: .success)
            return result
        } catch {
            log.record(Self.audit, action: action, target: target, outcome: .failure, reason: "\(error)")
            throw error
        }
    }

    public init() {}

    public func settings(indexURL: String? = nil) throws -> Settings {
        try reportingErrors { try Settings.resolve(packsPath: packsPath, dataDirectory: dataDirectory, indexURL: indexURL) }
    }

    /// Opens the engine, showing virtualenv progress and pack problems on stderr. `onlyPack` loads
    /// only that pack's content (a command about one action needs no other), `loadingPacks` false
    /// none (a command that only reads records); `credentials` are given by squall-server's
    /// commands, the only ones that hash passwords, tokens and API keys.
    public func engine(showPackErrors: Bool = false, onlyPack: String? = nil, loadingPacks: Bool = true, credentials: CredentialHashing? = nil,
                       progress display: ProgressDisplay = .standardError) throws -> Engine {
        let settings = try settings()
        let engine = try reportingErrors {
            try EngineBootstrap.openEngine(settings: settings, onlyPack: onlyPack, loadingPacks: loadingPacks, credentials: credentials,
                                           progress: { line in display.show(line) })
        }
        engine.setAuditContext(Self.audit)
        if showPackErrors {
            ProgressDisplay.standardError.finish()
            for error in engine.catalog.errors { FileHandle.standardError.write(Data(("warning: " + error.description + "\n").utf8)) }
        }
        return engine
    }
}

/// Writes a line to stdout (after ending a progress line on the terminal).
public func say(_ text: String) {
    say(lines: [text])
}

/// Writes lines to stdout; a long line straight from its storage: a 40 MB result was copied twice
/// more on its way out (the line with its newline, then as Data).
public func say(lines: [String]) {
    ProgressDisplay.standardError.finish()
    let output = FileHandle.standardOutput
    var pending = Data()
    for line in lines {
        if line.utf8.count < 1 << 16 {
            pending.append(contentsOf: line.utf8)
        } else {
            output.write(pending)
            pending.removeAll()
            var long = line
            long.withUTF8 { bytes in
                output.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count, deallocator: .none))
            }
        }
        pending.append(UInt8(ascii: "\n"))
        if pending.count >= 1 << 16 {
            output.write(pending)
            pending.removeAll()
        }
    }
    output.write(pending)
}
