import Foundation
import SquallEngine
import XCTest

/// The settings file and its place in the precedence: option > SQUALL_<SETTING> > file > default.
final class SettingsFileTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "squall-settings-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// An environment with no settings of its own: a home without a settings file.
    var environment: [String: String] { ["SQUALL_HOME": IntegrationHarness.repositoryRoot, "HOME": root] }

    func write(_ text: String, to file: String = "etc/settings.yaml") throws -> String {
        let path = root + "/" + file
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testOptionsBeatTheEnvironmentWhichBeatsTheFile() throws {
        let file = try write("""
            data_dir: /srv/file-data
            python: /opt/file/python3
            packs_path: [extra-packs, /abs/packs]
            pack_python: [demo=/opt/py311/bin/python3, other=/opt/py312/bin/python3]
            index_url:
              - https://mirror.example.invalid/index.json
              - /srv/local-index.json
            """)
        var env = environment
        env["SQUALL_CONFIG"] = file
        let fromFile = try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)
        XCTAssertEqual(fromFile.dataDirectory, "/srv/file-data")
        XCTAssertEqual(fromFile.python, "/opt/file/python3")
        XCTAssertEqual(fromFile.indexURLs, ["https://mirror.example.invalid/index.json", "/srv/local-index.json"])
        XCTAssertEqual(fromFile.packsPath.dropFirst().first, root + "/etc/extra-packs", "relative to the settings file's directory")
        XCTAssertTrue(fromFile.packsPath.contains("/abs/packs"))
        XCTAssertEqual(fromFile.packPythons, ["demo": "/opt/py311/bin/python3", "other": "/opt/py312/bin/python3"])

        env["SQUALL_PYTHON"] = "/opt/env/python3"
        env["SQUALL_INDEX_URL"] = "file:///env/index.json"
        env["SQUALL_DATA_DIR"] = "/srv/env-data"
        env["SQUALL_PACK_PYTHON"] = "demo=/opt/env/python3"
        let fromEnvironment = try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)
        XCTAssertEqual(fromEnvironment.python, "/opt/env/python3")
        XCTAssertEqual(fromEnvironment.indexURLs, ["file:///env/index.json"])
        XCTAssertEqual(fromEnvironment.dataDirectory, "/srv/env-data")
        XCTAssertEqual(fromEnvironment.packPythons, ["demo": "/opt/env/python3"], "the variable replaces the file's whole list")

        let fromOptions = try Settings.resolve(packsPath: "/opt/packs", dataDirectory: "/srv/option-data",
                                               indexURL: "http://127.0.0.1:9/a.json, http://127.0.0.1:9/b.json", environment: env)
        XCTAssertEqual(fromOptions.dataDirectory, "/srv/option-data")
        XCTAssertEqual(fromOptions.indexURLs, ["http://127.0.0.1:9/a.json", "http://127.0.0.1:9/b.json"])
        XCTAssertEqual(fromOptions.packsPath.dropFirst().first, "/opt/packs")
        XCTAssertEqual(fromOptions.python, "/opt/env/python3", "no option given for python: the environment's")
    }

    func testDefaultsAndTheDefaultFileLocations() throws {
        let none = try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: environment)
        XCTAssertEqual(none.indexURLs, [Settings.defaultIndexURL])
        XCTAssertEqual(none.python, Settings.defaultPython)
        XCTAssertEqual(none.dataDirectory, root + "/.local/share/squall")

        _ = try write("data_dir: from-home-config\n", to: ".config/squall/settings.yaml")
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: environment).dataDirectory,
                       root + "/.config/squall/from-home-config")

        _ = try write("index_url: \"\"\n", to: "xdg/squall/settings.yaml")
        var env = environment
        env["XDG_CONFIG_HOME"] = root + "/xdg"
        let xdg = try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)
        XCTAssertEqual(xdg.indexURLs, [], "an empty index_url turns the index off")
        XCTAssertEqual(xdg.dataDirectory, root + "/.local/share/squall", "XDG_CONFIG_HOME's file replaces ~/.config's")
    }

    func testTheAPISettingsAndTheirBadValues() throws {
        var env = environment
        let defaults = try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)
        XCTAssertEqual(defaults.api.listen?.host, "127.0.0.1")
        XCTAssertEqual(defaults.api.listen?.port, 9101)
        XCTAssertEqual(defaults.api.tokenTTLSeconds, 86_400)
        XCTAssertEqual(defaults.api.idleTimeoutSeconds, 60)
        XCTAssertEqual(defaults.api.maxConnections, 4096)
        XCTAssertFalse(defaults.api.benchRoutes)
        XCTAssertEqual(defaults.api.credentialCacheSeconds, 2)
        env["SQUALL_API_CREDENTIAL_CACHE_SECONDS"] = "0.5"
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).api.credentialCacheSeconds, 0.5)
        env["SQUALL_API_LISTEN"] = "off"
        XCTAssertNil(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).api.listen)
        env["SQUALL_API_LISTEN"] = "[::1]:18101"
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).api.listen?.host, "::1")
        for (key, value, expected) in [("SQUALL_API_LISTEN", "nowhere", "api_listen: 'nowhere' is not host:port (port 1-65535) or off (SQUALL_API_LISTEN)"),
                                       ("SQUALL_API_LISTEN", "host:70000", "api_listen: 'host:70000'"),
                                       ("SQUALL_AUTH_TOKEN_TTL", "0", "auth_token_ttl: '0' is not a whole number"),
                                       ("SQUALL_API_IDLE_TIMEOUT", "soon", "api_idle_timeout: 'soon' is not a whole number"),
                                       ("SQUALL_API_MAX_CONNECTIONS", "0", "api_max_connections: '0' is not a whole number"),
                                       ("SQUALL_API_CREDENTIAL_CACHE_SECONDS", "-1",
                                        "api_credential_cache_seconds: '-1' is not a number of seconds from 0 to 3600 (SQUALL_API_CREDENTIAL_CACHE_SECONDS)"),
                                       ("SQUALL_API_BENCH_ROUTES", "maybe", "api_bench_routes: 'maybe' is not true or false (SQUALL_API_BENCH_ROUTES)")] {
            var bad = environment
            bad[key] = value
            XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: bad)) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error)")
            }
        }
    }

    func testABadFileGivesOneLineNamingTheFileAndKey() throws {
        let cases: [(String, String)] = [
            ("colour: blue\n", "unknown key 'colour' (known: data_dir, packs_path, python, pack_python, index_url, trigger_instances_ttl, rule_enforcements_ttl, action_executions_ttl, yaml_max_bytes, yaml_max_nodes, yaml_max_depth, template_max_string_bytes, template_max_items, template_max_depth, template_max_steps, api_listen, api_max_body_bytes, auth_token_ttl, api_idle_timeout, api_max_connections, api_tls_certificate, api_tls_key, api_bench_routes, api_credential_cache_seconds, warm_hosts, warm_host_idle_seconds, st2_runtime_layer, audit_syslog, run_via_server, inquiry_check_interval, audit_max_bytes)"),
            ("python: [/usr/bin/python3]\n", "key 'python': must be a string"),
            ("index_url: {a: 1}\n", "key 'index_url': must be a string or a list of strings"),
            ("- data_dir\n", "must be a mapping of setting names to values"),
            ("data_dir: [unclosed\n", "invalid YAML"),
            ("pack_python: demo=python3\n", "the interpreter for pack 'demo' must be an absolute path"),
        ]
        for (text, expected) in cases {
            let file = try write(text)
            var env = environment
            env["SQUALL_CONFIG"] = file
            XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env), text) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("settings file \(file): "), message)
                XCTAssertTrue(message.contains(expected), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
        var env = environment
        env["SQUALL_CONFIG"] = root + "/absent.yaml"
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)) { error in
            XCTAssertEqual("\(error)", "settings file \(self.root!)/absent.yaml (SQUALL_CONFIG): no such file")
        }
    }

    func testAFileOthersCanWriteIsRefused() throws {
        let file = try write("data_dir: /srv/theirs\n")
        var env = environment
        env["SQUALL_CONFIG"] = file
        XCTAssertEqual(chmod(file, 0o666), 0)
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)) { error in
            XCTAssertEqual("\(error)", "settings file \(file): writable by group or others (mode 666); refused")
        }
        XCTAssertEqual(chmod(file, 0o644), 0)
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).dataDirectory, "/srv/theirs")
    }

    func testRetentionTTLsComeFromTheFileOrTheEnvironment() throws {
        let file = try write("trigger_instances_ttl: 30\nrule_enforcements_ttl: '7'\n")
        var env = environment
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).retention, Retention())
        env["SQUALL_CONFIG"] = file
        env["SQUALL_ACTION_EXECUTIONS_TTL"] = "90"
        env["SQUALL_RULE_ENFORCEMENTS_TTL"] = "14"
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).retention,
                       Retention(triggerInstancesDays: 30, ruleEnforcementsDays: 14, actionExecutionsDays: 90))
        env["SQUALL_TRIGGER_INSTANCES_TTL"] = "0"
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)) { error in
            XCTAssertEqual("\(error)", "trigger_instances_ttl: '0' is not a whole number of days of at least 1 (SQUALL_TRIGGER_INSTANCES_TTL)")
        }
        env["SQUALL_TRIGGER_INSTANCES_TTL"] = nil
        let bad = try write("action_executions_ttl: 2.5\n", to: "etc/bad.yaml")
        env["SQUALL_CONFIG"] = bad
        env["SQUALL_ACTION_EXECUTIONS_TTL"] = nil
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)) { error in
            XCTAssertEqual("\(error)", "action_executions_ttl: '2.5' is not a whole number of days of at least 1 (settings file \(bad))")
        }
    }

    func testWarmHostsAreOnUnlessTurnedOff() throws {
        var env = environment
        XCTAssertTrue(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).warmHosts)
        env["SQUALL_CONFIG"] = try write("warm_hosts: false\n")
        XCTAssertFalse(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).warmHosts)
        env["SQUALL_WARM_HOSTS"] = "yes"
        XCTAssertTrue(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).warmHosts)
        env["SQUALL_WARM_HOSTS"] = "sometimes"
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)) { error in
            XCTAssertEqual("\(error)", "warm_hosts: 'sometimes' is not true or false (SQUALL_WARM_HOSTS)")
        }
    }

    func testAuditSyslogIsOffUnlessTurnedOn() throws {
        var env = environment
        XCTAssertFalse(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).auditSyslog)
        env["SQUALL_CONFIG"] = try write("audit_syslog: true\n")
        XCTAssertTrue(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).auditSyslog)
        env["SQUALL_AUDIT_SYSLOG"] = "maybe"
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)) { error in
            XCTAssertEqual("\(error)", "audit_syslog: 'maybe' is not true or false (SQUALL_AUDIT_SYSLOG)")
        }
    }

    func testTheInquiryCheckIntervalIsWholeSecondsFromTheFileOrTheEnvironment() throws {
        var env = environment
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).inquiryCheckIntervalSeconds, 5)
        env["SQUALL_CONFIG"] = try write("inquiry_check_interval: 30\n")
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).inquiryCheckIntervalSeconds, 30)
        env["SQUALL_INQUIRY_CHECK_INTERVAL"] = "1"
        XCTAssertEqual(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env).inquiryCheckIntervalSeconds, 1)
        for bad in ["0", "0.5", "soon", "86401"] {
            env["SQUALL_INQUIRY_CHECK_INTERVAL"] = bad
            XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: env)) { error in
                XCTAssertEqual("\(error)", "inquiry_check_interval: '\(bad)' is not a whole number of seconds from 1 to 86400 (SQUALL_INQUIRY_CHECK_INTERVAL)")
            }
        }
    }

    func testBadValuesNameTheSettingAndWhereTheyCameFrom() throws {
        let file = try write("index_url: relative/index.json\npython: python3\n")
        var env = environment
        env["SQUALL_CONFIG"] = file
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, python: "/usr/bin/python3", environment: env)) { error in
            XCTAssertEqual("\(error)", "index_url: 'relative/index.json' is not an http(s) URL, a file:// URL or an absolute path (settings file \(file))")
        }
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, indexURL: "/ok.json", environment: env)) { error in
            XCTAssertEqual("\(error)", "python: 'python3' must be an absolute path (settings file \(file))")
        }
        env["SQUALL_INDEX_URL"] = "ftp://user:hunter2@host/index.json"
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, python: "/usr/bin/python3", environment: env)) { error in
            XCTAssertEqual("\(error)", "index_url: 'ftp://host/index.json' is not an http(s) URL, a file:// URL or an absolute path (SQUALL_INDEX_URL)")
        }
    }
}
