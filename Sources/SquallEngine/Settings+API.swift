import Foundation

/// The HTTP API's settings (README "HTTP API").
public struct APISettings: Sendable {
    /// `host:port` the API listens on; nil when `api_listen` is `off`.
    public var listen: (host: String, port: Int)?
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes = 1 << 20
    /// Access tokens live this long unless asked for less (st2's `token_ttl`, 24 h); also the most a client may ask for.
    public var tokenTTLSeconds = 86_400
    /// A connection with no request under way for this long is closed (slow or idle clients).
    public var idleTimeoutSeconds = 60
    /// At most this many connections at once; more wait in the listen backlog.
    public var maxConnections = 4096
    /// Seconds a token or API key look-up is kept (CredentialCache): a revocation made by another
    /// process (`squall user delete`) takes effect within this; 0 looks every request up.
    public var credentialCacheSeconds: Double = 2
    /// Serves `GET /bench/hello` (the bare stack `make bench` compares with); never in production.
    public var benchRoutes = false
    /// PEM files for HTTPS (`api_tls_certificate`, `api_tls_key`): both or neither; when set the
    /// listener serves HTTPS only.
    public var tls: (certificate: String, key: String)?

    public static let defaultListen = "127.0.0.1:9101"

    public init() {
        listen = (host: "127.0.0.1", port: 9101)
    }

    /// `host:port`, `[v6]:port`, or `off`.
    static func parseListen(_ text: String, origin: String) throws -> (host: String, port: Int)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "off" { return nil }
        guard let colon = trimmed.lastIndex(of: ":"), let port = Int(trimmed[trimmed.index(after: colon)...]),
              (1...65535).contains(port) else {
            throw EngineError.badInput("api_listen: '\(trimmed)' is not host:port (port 1-65535) or off (\(origin))")
        }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw EngineError.badInput("api_listen: '\(trimmed)' has no host (\(origin))") }
        return (host, port)
    }
}

extension APISettings {
    /// Both paths, or neither: one without the other would serve plain HTTP by mistake.
    static func tlsFiles(certificate: (text: String, origin: String)?, key: (text: String, origin: String)?) throws -> (certificate: String, key: String)? {
        func path(_ given: (text: String, origin: String)?) -> (path: String, origin: String)? {
            guard let given else { return nil }
            let trimmed = given.text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : (Settings.absolute(trimmed), given.origin)
        }
        switch (path(certificate), path(key)) {
        case (nil, nil): return nil
        case let (certificate?, key?): return (certificate.path, key.path)
        case let (certificate?, nil):
            throw EngineError.badInput("api_tls_key: not set, but api_tls_certificate is (\(certificate.origin)): HTTPS needs both or neither")
        case let (nil, key?):
            throw EngineError.badInput("api_tls_certificate: not set, but api_tls_key is (\(key.origin)): HTTPS needs both or neither")
        }
    }
}

extension Settings {
    /// Reads the API settings given by `value` (option, variable or file), defaults elsewhere.
    mutating func resolveAPI(_ value: (SettingKey) throws -> (text: String, origin: String)?) throws {
        var api = APISettings()
        if let (text, origin) = try value(.apiListen) { api.listen = try APISettings.parseListen(text, origin: origin) }
        func positive(_ key: SettingKey, _ fallback: Int) throws -> Int {
            guard let (text, origin) = try value(key) else { return fallback }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let number = Int(trimmed), number >= 1, number <= 1 << 40 else {
                throw EngineError.badInput("\(key.rawValue): '\(trimmed)' is not a whole number from 1 to 2^40 (\(origin))")
            }
            return number
        }
        api.maxBodyBytes = try positive(.apiMaxBodyBytes, api.maxBodyBytes)
        api.tokenTTLSeconds = try positive(.authTokenTTL, api.tokenTTLSeconds)
        api.idleTimeoutSeconds = try positive(.apiIdleTimeout, api.idleTimeoutSeconds)
        api.maxConnections = try positive(.apiMaxConnections, api.maxConnections)
        if let (text, origin) = try value(.apiBenchRoutes) {
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "yes", "on", "1": api.benchRoutes = true
            case "false", "no", "off", "0", "": api.benchRoutes = false
            default: throw EngineError.badInput("api_bench_routes: '\(text)' is not true or false (\(origin))")
            }
        }
        if let (text, origin) = try value(.apiCredentialCacheSeconds) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let seconds = Double(trimmed), seconds.isFinite, seconds >= 0, seconds <= 3600 else {
                throw EngineError.badInput("api_credential_cache_seconds: '\(trimmed)' is not a number of seconds from 0 to 3600 (\(origin))")
            }
            api.credentialCacheSeconds = seconds
        }
        api.tls = try APISettings.tlsFiles(certificate: try value(.apiTLSCertificate), key: try value(.apiTLSKey))
        self.api = api
    }
}
