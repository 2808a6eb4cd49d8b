import Foundation
import SquallModel
import SquallPacks

/// The settings file: a YAML mapping whose keys are setting names (`data_dir: /srv/squall`).
/// Found at `$SQUALL_CONFIG` (which must then exist), else `$XDG_CONFIG_HOME/squall/settings.yaml`,
/// else `~/.config/squall/settings.yaml`; a missing default file means no settings from a file.
/// Options and `SQUALL_<SETTING>` variables override what it says.
struct SettingsFile {
    /// The file's path, named in every error about it.
    let path: String
    /// Each key's value as text: lists are joined with the setting's separator, relative paths made
    /// absolute against the file's directory.
    let values: [SettingKey: String]

    static func defaultPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/squall/settings.yaml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/squall/settings.yaml"
    }

    /// Reads the file the environment points at; nil when there is none to read.
    static func load(environment: [String: String]) throws -> SettingsFile? {
        if let explicit = environment["SQUALL_CONFIG"], !explicit.isEmpty {
            let path = Settings.absolute(explicit)
            guard FileManager.default.fileExists(atPath: path) else {
                throw EngineError.badInput("settings file \(path) (SQUALL_CONFIG): no such file")
            }
            return try read(path)
        }
        let path = defaultPath(environment: environment)
        return FileManager.default.fileExists(atPath: path) ? try read(path) : nil
    }

    static func read(_ path: String) throws -> SettingsFile {
        try checkOwnership(path)
        let document: JSONValue
        do {
            document = try YAMLDocument.load(file: path)
        } catch let error as PackError {
            throw EngineError.badInput("settings file \(path): \(error.message)")
        }
        if document == .null { return SettingsFile(path: path, values: [:]) }
        guard let mapping = document.objectValue else {
            throw EngineError.badInput("settings file \(path): must be a mapping of setting names to values")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var values: [SettingKey: String] = [:]
        for (name, value) in mapping {
            guard let key = SettingKey(rawValue: name) else {
                let known = SettingKey.allCases.map(\.rawValue).joined(separator: ", ")
                throw EngineError.badInput("settings file \(path): unknown key '\(name)' (known: \(known))")
            }
            values[key] = try text(of: value, key: key, path: path, directory: directory)
        }
        return SettingsFile(path: path, values: values)
    }

    /// The file names the interpreter squall runs and where it keeps its data: only root or this
    /// user may own it, and no one else may write it (as for sandbox policy files).
    private static func checkOwnership(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw EngineError.badInput("settings file \(path): cannot stat: " + String(cString: strerror(errno)))
        }
        guard status.st_uid == 0 || status.st_uid == geteuid() else {
            throw EngineError.badInput("settings file \(path): owned by uid \(status.st_uid); only root or this user may own it")
        }
        let mode = status.st_mode & 0o7777
        guard mode & (S_IWGRP | S_IWOTH) == 0 else {
            throw EngineError.badInput("settings file \(path): writable by group or others (mode \(String(mode, radix: 8))); refused")
        }
    }

    /// A scalar, or for list settings a list of scalars; paths relative to the file's directory.
    private static func text(of value: JSONValue, key: SettingKey, path: String, directory: String) throws -> String {
        let items: [JSONValue]
        if let list = value.arrayValue, let separator = key.listSeparator {
            items = list
            guard items.allSatisfy(isScalar) else {
                throw EngineError.badInput("settings file \(path): key '\(key.rawValue)': list items must be strings")
            }
            return items.map { resolve(scalarText($0), key: key, directory: directory) }.joined(separator: separator)
        }
        guard isScalar(value) else {
            let shape = key.listSeparator == nil ? "a string" : "a string or a list of strings"
            throw EngineError.badInput("settings file \(path): key '\(key.rawValue)': must be \(shape)")
        }
        let text = scalarText(value)
        guard let separator = key.listSeparator else { return resolve(text, key: key, directory: directory) }
        return text.components(separatedBy: separator).map { resolve($0, key: key, directory: directory) }.joined(separator: separator)
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .string, .int, .double, .bool: return true
        default: return false
        }
    }

    private static func scalarText(_ value: JSONValue) -> String { value.stringValue ?? value.jsonString() }

    private static func resolve(_ text: String, key: SettingKey, directory: String) -> String {
        let item = text.trimmingCharacters(in: .whitespaces)
        guard key.isPath, !item.isEmpty, !item.hasPrefix("/") else { return item }
        if item.hasPrefix("~/") { return NSHomeDirectory() + item.dropFirst() }
        return directory + "/" + item
    }
}

/// The settings a file or a `SQUALL_<SETTING>` variable may give.
enum SettingKey: String, CaseIterable, Sendable {
    case dataDirectory = "data_dir"
    case packsPath = "packs_path"
    case python
    /// `pack=/abs/python[,...]`: per-pack interpreters (PackPythonOverrides).
    case packPython = "pack_python"
    case indexURL = "index_url"
    /// Garbage collection (Retention): days to keep each kind of record.
    case triggerInstancesTTL = "trigger_instances_ttl"
    case ruleEnforcementsTTL = "rule_enforcements_ttl"
    case actionExecutionsTTL = "action_executions_ttl"
    /// Input bounds (Settings+Limits).
    case yamlMaxBytes = "yaml_max_bytes"
    case yamlMaxNodes = "yaml_max_nodes"
    case yamlMaxDepth = "yaml_max_depth"
    case templateMaxStringBytes = "template_max_string_bytes"
    case templateMaxItems = "template_max_items"
    case templateMaxDepth = "template_max_depth"
    case templateMaxSteps = "template_max_steps"
    /// The HTTP API (Settings+API).
    case apiListen = "api_listen"
    case apiMaxBodyBytes = "api_max_body_bytes"
    case authTokenTTL = "auth_token_ttl"
    case apiIdleTimeout = "api_idle_timeout"
    case apiMaxConnections = "api_max_connections"
    /// PEM certificate (chain) and private key: the API serves HTTPS only.
    case apiTLSCertificate = "api_tls_certificate"
    case apiTLSKey = "api_tls_key"
    /// A bare `GET /bench/hello` on the API's stack, for `make bench` only.
    case apiBenchRoutes = "api_bench_routes"
    /// Seconds the API keeps a credential look-up (CredentialCache).
    case apiCredentialCacheSeconds = "api_credential_cache_seconds"
    /// Warm per-pack Python hosts in `squall server` (on unless false).
    case warmHosts = "warm_hosts"
    /// Seconds a warm host may sit idle before it is stopped (Settings+WarmHosts).
    case warmHostIdleSeconds = "warm_host_idle_seconds"
    /// st2's runtime packages after each pack venv's (on unless false).
    case st2RuntimeLayer = "st2_runtime_layer"
    /// Audit lines to syslog as well as audit.log (off unless true).
    case auditSyslog = "audit_syslog"
    /// `squall run` hands executions to a running server (on unless false).
    case runViaServer = "run_via_server"
    /// Seconds between the server's inquiry TTL checks (Settings+Inquiries).
    case inquiryCheckInterval = "inquiry_check_interval"
    /// Rotate audit.log past this many bytes (unset or 0: never; logrotate's job).
    case auditMaxBytes = "audit_max_bytes"

    var environmentName: String { "SQUALL_" + rawValue.uppercased() }

    /// Settings that hold several values: a list in the file, joined with this in the variable.
    var listSeparator: String? {
        switch self {
        case .packsPath: return ":"
        case .indexURL, .packPython: return ","
        default: return nil
        }
    }

    /// Paths in the file are relative to the file's directory (index URLs may be paths too).
    var isPath: Bool {
        switch self {
        case .dataDirectory, .packsPath, .apiTLSCertificate, .apiTLSKey: return true
        default: return false
        }
    }
}
