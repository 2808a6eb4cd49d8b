import Foundation
import SquallPacks
import SquallRunners
import SquallTemplates

/// Where squall finds its own files, the packs and its data. Every setting can come from a
/// command-line option, a `SQUALL_<SETTING>` environment variable or the settings file
/// (SettingsFile), in that order of precedence, else its default.
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
    /// Pack indexes (http(s) URLs, file:// URLs or absolute paths), highest priority first.
    public var indexURLs: [String]
    /// How long trigger instances, rule enforcements and executions are kept (`squall server` purges older ones).
    public var retention = Retention()
    /// Bounds on the YAML squall reads and the templates it renders (Settings+Limits).
    public var yamlLimits = YAMLLimits()
    public var templateLimits = TemplateLimits()
    /// The HTTP API: where it listens, body and token limits (Settings+API).
    public var api = APISettings()
    /// `warm_hosts`: `squall server` forks Python executions from a warm host per pack (WarmHostPool); on unless turned off.
    public var warmHosts = true
    /// `warm_host_idle_seconds`: a warm host with no execution for this long is stopped (300).
    public var warmHostIdleSeconds: Double = 300
    /// `st2_runtime_layer`: Python children get st2's runtime packages after their venv's (St2RuntimeLayer); on unless turned off.
    public var st2RuntimeLayerEnabled = true
    /// `audit_syslog`: each audit.log line also goes to syslog (AuditLog); off unless turned on.
    public var auditSyslog = false
    /// `run_via_server`: `squall run` hands its execution to a running server (Engine+ServerHandoff); on unless turned off.
    public var runViaServer = true
    /// `inquiry_check_interval`: seconds between the server's looks for inquiries past their TTL (Settings+Inquiries).
    public var inquiryCheckIntervalSeconds = Settings.defaultInquiryCheckInterval
    /// `audit_max_bytes`: audit.log is rotated past this size (AuditLogRotation); nil: never.
    public var auditMaxBytes: Int?

    public var databasePath: String { dataDirectory + "/squall.db" }
    public var configsDirectory: String { dataDirectory + "/configs" }
    public var virtualenvsDirectory: String { dataDirectory + "/virtualenvs" }
    public var runDirectory: String { dataDirectory + "/run" }
    /// The datastore's encryption key (st2: /etc/st2/keys/datastore_key.json).
    public var datastoreKeysDirectory: String { dataDirectory + "/keys" }
    public var bundledPacksDirectory: String { home + "/Packs" }
    public var pythonRuntimeDirectory: String { home + "/Runners/python" }
    public var sandboxPolicyPath: String { home + "/Sandbox/policy/default.json" }
    /// The st2 runtime layer pack venvs get, nil when `st2_runtime_layer` is off.
    public var st2RuntimeLayer: St2RuntimeLayer? {
        st2RuntimeLayerEnabled ? St2RuntimeLayer(root: dataDirectory + "/runtime",
                                                 requirementsFile: pythonRuntimeDirectory + "/st2-runtime-requirements.txt") : nil
    }

    public init(home: String, packsPath: [String], dataDirectory: String, python: String, indexURLs: [String] = []) {
        self.home = home; self.packsPath = packsPath; self.dataDirectory = dataDirectory; self.python = python
        self.indexURLs = indexURLs
    }

    public static let defaultPython = "/usr/bin/python3"
    /// StackStorm Exchange's index, st2's default `index_url`.
    public static let defaultIndexURL = "https://index.stackstorm.org/v1/index.json"

    /// The documented default data directory: `$XDG_DATA_HOME/squall`, else `~/.local/share/squall`.
    public static func defaultDataDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/squall" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/squall"
    }

    /// Resolves settings from options (nil when not given), the environment and the settings file.
    public static func resolve(packsPath: String?, dataDirectory: String?, python: String? = nil, indexURL: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let file = try SettingsFile.load(environment: environment)
        func value(_ option: String?, _ key: SettingKey) -> String? {
            option ?? environment[key.environmentName] ?? file?.values[key]
        }
        let home = try environment["SQUALL_HOME"] ?? locateHome()
        let data = value(dataDirectory, .dataDirectory) ?? defaultDataDirectory(environment: environment)
        let userPaths = (value(packsPath, .packsPath) ?? "")
            .split(separator: ":").map(String.init).filter { !$0.isEmpty }
        let interpreter = value(python, .python) ?? defaultPython
        guard interpreter.hasPrefix("/") else {
            throw EngineError.badInput("python: '\(interpreter)' must be an absolute path (\(origin(python, .python, file, environment)))")
        }
        let packPythons: [String: String]
        do {
            packPythons = try PackPythonOverrides.parse(value(nil, .packPython) ?? "", setting: origin(nil, .packPython, file, environment))
        } catch {
            throw EngineError.badInput("\(error)")
        }
        let indexes = try indexList(value(indexURL, .indexURL) ?? defaultIndexURL, origin: origin(indexURL, .indexURL, file, environment))
        let absoluteData = absolute(data)
        // Bundled packs first (like st2's system path), then the user's, then those `pack install` put in the data dir.
        var settings = Settings(home: home, packsPath: [home + "/Packs"] + userPaths.map(absolute) + [absoluteData + "/packs"],
                                dataDirectory: absoluteData, python: interpreter, indexURLs: indexes)
        settings.packPythons = packPythons
        settings.warmHosts = try flag(value(nil, .warmHosts), key: .warmHosts, origin: origin(nil, .warmHosts, file, environment))
        settings.warmHostIdleSeconds = try warmHostIdleSeconds(value(nil, .warmHostIdleSeconds),
                                                               origin: origin(nil, .warmHostIdleSeconds, file, environment))
        settings.st2RuntimeLayerEnabled = try flag(value(nil, .st2RuntimeLayer), key: .st2RuntimeLayer,
                                                   origin: origin(nil, .st2RuntimeLayer, file, environment))
        settings.runViaServer = try flag(value(nil, .runViaServer), key: .runViaServer, origin: origin(nil, .runViaServer, file, environment))
        settings.auditSyslog = try flag(value(nil, .auditSyslog), key: .auditSyslog, origin: origin(nil, .auditSyslog, file, environment), absent: false)
        settings.auditMaxBytes = try auditMaxBytes(value(nil, .auditMaxBytes), origin: origin(nil, .auditMaxBytes, file, environment))
        func ttl(_ key: SettingKey) throws -> Int? { try Retention.days(value(nil, key), key: key, origin: origin(nil, key, file, environment)) }
        settings.retention = Retention(triggerInstancesDays: try ttl(.triggerInstancesTTL), ruleEnforcementsDays: try ttl(.ruleEnforcementsTTL),
                                       actionExecutionsDays: try ttl(.actionExecutionsTTL))
        try settings.resolveLimits { key in value(nil, key).map { ($0, origin(nil, key, file, environment)) } }
        try settings.resolveAPI { key in value(nil, key).map { ($0, origin(nil, key, file, environment)) } }
        try settings.resolveInquiries { key in value(nil, key).map { ($0, origin(nil, key, file, environment)) } }
        settings.applyLimits()
        return settings
    }

    /// `audit_max_bytes`: a whole number of bytes, at least 4096 (a line must fit); 0 or absent: never rotate.
    private static func auditMaxBytes(_ text: String?, origin: String) throws -> Int? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        guard let number = Int(trimmed), number == 0 || (4096...(1 << 40)).contains(number) else {
            throw EngineError.badInput("audit_max_bytes: '\(trimmed)' is not 0 or a whole number of bytes from 4096 to 2^40 (\(origin))")
        }
        return number == 0 ? nil : number
    }

    /// A yes/no setting: true/false, yes/no, on/off, 1/0; `absent` when not given.
    private static func flag(_ text: String?, key: SettingKey, origin: String, absent: Bool = true) throws -> Bool {
        guard let text else { return absent }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0", "": return false
        default: throw EngineError.badInput("\(key.rawValue): '\(text)' is not true or false (\(origin))")
        }
    }

    /// Where a setting's value came from, for error messages.
    private static func origin(_ option: String?, _ key: SettingKey, _ file: SettingsFile?, _ environment: [String: String]) -> String {
        if option != nil { return "--" + key.rawValue.replacingOccurrences(of: "_", with: "-") }
        if environment[key.environmentName] != nil { return key.environmentName }
        if let file, file.values[key] != nil { return "settings file \(file.path)" }
        return "default"
    }

    /// Splits `index_url` at commas; each must be an http(s) URL, a file:// URL or an absolute path.
    /// An empty value means no index at all.
    static func indexList(_ text: String, origin: String) throws -> [String] {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for entry in entries {
            let lower = entry.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file:///") || entry.hasPrefix("/") else {
                // Never echo a credential: drop any `user:password@` before naming the entry.
                let shown = entry.replacingOccurrences(of: "://[^/@]*@", with: "://", options: .regularExpression)
                throw EngineError.badInput("index_url: '\(shown)' is not an http(s) URL, a file:// URL or an absolute path (\(origin))")
            }
        }
        return entries
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
