import Foundation
import SquallRunners

/// Where squall finds its own files, the packs and its data. Every setting can come from a
/// command-line option or a `SQUALL_<SETTING>` environment variable, options first.
public struct Settings: Sendable {
    /// squall's installation root: holds Runners/, Sandbox/ and Packs/ (the bundled packs).
    public var home: String
    /// Directories searched for packs, left to right: the bundled packs first (like st2's system
    /// packs path), then the user's, then `<data-dir>/packs` where `squall pack install` puts packs.
    public var packsPath: [String]
    /// Executions, the datastore, configs/ and virtualenvs/ live here.
    public var dataDirectory: String
    /// The interpreter pack virtualenvs are built from. Always an absolute path: a pyenv shim on
    /// PATH costs ~150 ms per start.
    public var python: String
    /// Per-pack interpreters (pack ref -> absolute path) that replace `python` for those packs' venvs.
    public var packPythons: [String: String] = [:]

    public var databasePath: String { dataDirectory + "/squall.db" }
    public var configsDirectory: String { dataDirectory + "/configs" }
    public var virtualenvsDirectory: String { dataDirectory + "/virtualenvs" }
    public var runDirectory: String { dataDirectory + "/run" }
    public var bundledPacksDirectory: String { home + "/Packs" }
    public var pythonRuntimeDirectory: String { home + "/Runners/python" }
    public var sandboxPolicyPath: String { home + "/Sandbox/policy/default.json" }

    public init(home: String, packsPath: [String], dataDirectory: String, python: String) {
        self.home = home; self.packsPath = packsPath; self.dataDirectory = dataDirectory; self.python = python
    }

    public static let defaultPython = "/usr/bin/python3"

    /// The documented default data directory: `$XDG_DATA_HOME/squall`, else `~/.local/share/squall`.
    public static func defaultDataDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/squall" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/squall"
    }

    /// Resolves settings from options (nil when not given) and the environment.
    public static func resolve(packsPath: String?, dataDirectory: String?, python: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let home = try environment["SQUALL_HOME"] ?? locateHome()
        let data = dataDirectory ?? environment["SQUALL_DATA_DIR"] ?? defaultDataDirectory(environment: environment)
        let userPaths = (packsPath ?? environment["SQUALL_PACKS_PATH"] ?? "")
            .split(separator: ":").map(String.init).filter { !$0.isEmpty }
        let interpreter = python ?? environment["SQUALL_PYTHON"] ?? defaultPython
        guard interpreter.hasPrefix("/") else {
            throw EngineError.badInput("python: '\(interpreter)' must be an absolute path (SQUALL_PYTHON)")
        }
        let packPythons: [String: String]
        do { packPythons = try PackPythonOverrides.parse(environment["SQUALL_PACK_PYTHON"] ?? "") } catch {
            throw EngineError.badInput("\(error)")
        }
        let absoluteData = absolute(data)
        // Bundled packs first (like st2's system path), then the user's, then those `pack install` put in the data dir.
        var settings = Settings(home: home, packsPath: [home + "/Packs"] + userPaths.map(absolute) + [absoluteData + "/packs"],
                                dataDirectory: absoluteData, python: interpreter)
        settings.packPythons = packPythons
        return settings
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Walks up from the running executable to the directory that holds Runners/python.
    static func locateHome() throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let executable = Bundle.main.executableURL { directory = executable.resolvingSymlinksInPath().deletingLastPathComponent() }
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: directory.path + "/Runners/python/squall_action_wrapper.py") {
                return directory.path
            }
            directory.deleteLastPathComponent()
        }
        throw EngineError.badInput("cannot find squall's home (the directory with Runners/ and Packs/): set SQUALL_HOME")
    }
}
