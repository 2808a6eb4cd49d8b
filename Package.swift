// swift-tools-version:6.0
import PackageDescription

/// The seams name their existentials (`any Store`, `any ActionRunner`): a protocol used as a type
/// reads as one, as in Hummingbird and swift-nio.
let explicitExistentials: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
/// The store modules also import privately unless an import says `public`: the compiler then proves
/// that no GRDB (or other database) type crosses the store seam.
let storeSeam: [SwiftSetting] = explicitExistentials + [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "squall",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "squall", targets: ["squall"]),
        .executable(name: "squall-server", targets: ["squall-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure value types shared by every module: JSON values, packs, actions, executions.
        .target(name: "SquallModel"),
        // Python 3's data model for JSON values (==, <, in, truthiness, str/repr, case mappings,
        // %-formatting), shared by the rules' operators and the templates so both agree.
        .target(name: "SquallPython", dependencies: ["SquallModel"]),
        // A small Jinja-compatible template engine (no Jinja library exists for Swift).
        .target(name: "SquallTemplates", dependencies: ["SquallModel", "SquallPython"]),
        // A YAQL engine for Orquesta's <% %> expressions (no YAQL library exists for Swift).
        .target(name: "SquallYAQL", dependencies: ["SquallModel", "SquallPython"]),
        // Orquesta workflows: definitions, inspection, and the conductor (a pure state machine).
        .target(name: "SquallWorkflows", dependencies: ["SquallModel", "SquallPython", "SquallYAQL", "SquallTemplates"]),
        // Reading and validating packs, action metadata, config schemas and configs; parameter casting.
        .target(name: "SquallPacks", dependencies: [
            "SquallModel", .product(name: "Yams", package: "Yams"),
        ]),
        // Rules: criteria operators (st2's, quirks included), rule metadata and matching.
        .target(name: "SquallRules", dependencies: ["SquallModel", "SquallPython", "SquallTemplates", "SquallPacks"]),
        // Timers: st2's IntervalTimer, DateTimer and CronTimer schedules (APScheduler semantics).
        .target(name: "SquallTimers", dependencies: ["SquallModel"]),
        // The store seam: protocols and record types for executions, output, key-value pairs, rules
        // state, trigger instances, enforcements, purges and maintenance hooks. No database here.
        .target(name: "SquallStore", dependencies: ["SquallModel"], swiftSettings: storeSeam),
        // The SQLite store (GRDB), the one squall runs on.
        .target(name: "SquallSQLiteStore", dependencies: [
            "SquallModel", "SquallStore", .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API, for the file controls GRDB does not wrap.
            .product(name: "GRDBSQLite", package: "GRDB.swift"), "CSquallSQLite",
        ], swiftSettings: storeSeam),
        // The whole store in memory, for tests that need no file.
        .target(name: "SquallMemoryStore", dependencies: ["SquallModel", "SquallStore"], swiftSettings: storeSeam),
        // Fixed-signature wrappers of SQLite's variadic configuration calls.
        .target(name: "CSquallSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        // System libraries.
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        .systemLibrary(name: "CZmq", providers: [.apt(["libzmq3-dev"])]),
        // The C launcher: fork + exec with only async-signal-safe calls in the child.
        .target(name: "CSquallLauncher", path: "Sandbox/launcher"),
        // PID 1 of every child's pid namespace (found next to the squall executable).
        .executableTarget(name: "squall-init", path: "Sandbox/init",
                          linkerSettings: [.unsafeFlags(["-static-executable", "-Xlinker", "--gc-sections"])]),
        // Swift API over the launcher: policies, seccomp filters, launching and reaping children.
        .target(name: "SquallSandbox", dependencies: ["CSquallLauncher", "CSeccomp"]),
        // ZeroMQ channel between the supervisor and its children.
        .target(name: "SquallTransport", dependencies: ["SquallModel", "CZmq"]),
        // Runners: python-script, local-shell-cmd/script, remote-shell-cmd/script, http-request, noop.
        .target(name: "SquallRunners", dependencies: [
            "SquallModel", "SquallPacks", "SquallSandbox", "SquallTransport", "CSquallHTTP",
        ]),
        // Execution lifecycle: request -> validate -> record -> run -> record.
        .target(name: "SquallEngine", dependencies: [
            "SquallModel", "SquallPacks", "SquallTemplates", "SquallStore", "SquallRunners", "SquallRules", "SquallTimers", "SquallWorkflows",
            "SquallSandbox", "SquallTransport",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: explicitExistentials),
        // The engine's credential hashing: users' passwords (bcrypt) and the hashes of tokens and
        // API keys (SHA-256). Only squall-server links it (and so swift-crypto).
        .target(name: "SquallCredentials", dependencies: [
            "SquallEngine",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // AES-256-GCM for datastore secrets at rest (the engine's SecretCipher), key file in the data directory.
        .target(name: "SquallSecrets", dependencies: ["SquallEngine", .product(name: "Crypto", package: "swift-crypto")]),
        // st2's HTTP API (/api/v1, /auth/v1, /stream/v1) over the engine facade, served by `squall server`.
        .target(name: "SquallAPI", dependencies: [
            "SquallEngine", "SquallModel", "SquallPacks", "SquallRules",
            .product(name: "Hummingbird", package: "hummingbird"),
            // The HTTP/1 channel's idle timeout and the connection cap (ConnectionLimits).
            .product(name: "HummingbirdCore", package: "hummingbird"),
            // HTTPS when api_tls_certificate/api_tls_key are set (TLSListener); NIOSSL checks the key fits.
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            // The peer's address (failed logins are counted per user and source).
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            // `GET /metrics` (PrometheusMetrics): only the server links it, never the engine.
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: [.embedInCode("openapi.yaml")]),
        // Opens the configured store and the engine on it: SQLite now, PostgreSQL later.
        .target(name: "SquallBootstrap", dependencies: ["SquallEngine", "SquallStore", "SquallSQLiteStore", "SquallSecrets"], swiftSettings: storeSeam),
        // libgit2 loaded at run time (its headers at build time): linking it slows every CLI start ~3 ms.
        .target(name: "CSquallGit", linkerSettings: [.linkedLibrary("dl")]),
        // HTTP GET through libcurl loaded at run time (linking it would slow every CLI start ~20 ms).
        .target(name: "CSquallHTTP", linkerSettings: [.linkedLibrary("dl")]),
        // Pack management: install from git (libgit2), local directories and indexes; dependencies; removal.
        .target(name: "SquallPackManager", dependencies: [
            "SquallModel", "SquallPacks", "SquallRunners", "SquallSandbox", "CSquallGit", "CSquallHTTP",
        ]),
        // What both command lines share: global options, one-line errors, the root's run loop.
        .target(name: "SquallCommandLine", dependencies: [
            "SquallEngine", "SquallBootstrap", "SquallRunners",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The `squall` command line. No Hummingbird, NIO or crypto: `server` and `user` exec squall-server.
        .executableTarget(name: "squall", dependencies: [
            "SquallModel", "SquallPacks", "SquallRules", "SquallEngine", "SquallBootstrap", "SquallRunners", "SquallPackManager",
            "SquallSandbox", "SquallCommandLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `squall server` (with the HTTP API) and `squall user`: the composition root of SquallAPI and
        // SquallCredentials, found beside `squall`.
        .executableTarget(name: "squall-server", dependencies: [
            "SquallEngine", "SquallModel", "SquallRunners", "SquallSandbox", "SquallAPI", "SquallCredentials", "SquallCommandLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        .testTarget(name: "SquallModelTests", dependencies: ["SquallModel"], exclude: ["PythonJSON"]),
        .testTarget(name: "SquallPythonTests", dependencies: ["SquallPython", "SquallModel"]),
        .testTarget(name: "SquallTemplatesTests", dependencies: ["SquallTemplates", "SquallModel"]),
        .testTarget(name: "SquallYAQLTests", dependencies: ["SquallYAQL", "SquallModel"], exclude: ["Generator"]),
        .testTarget(name: "SquallWorkflowsTests", dependencies: ["SquallWorkflows", "SquallModel"]),
        .testTarget(name: "SquallPacksTests", dependencies: ["SquallPacks", "SquallModel", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "SquallRulesTests", dependencies: ["SquallRules", "SquallPacks", "SquallTemplates", "SquallModel"],
                    exclude: ["Fixtures"]),
        // What several test targets share: real servers (sshd) started by tests.
        .target(name: "SquallTestSupport", path: "Tests/SquallTestSupport"),
        .testTarget(name: "SquallPackManagerTests", dependencies: ["SquallPackManager", "SquallModel", "SquallTestSupport"]),
        .testTarget(name: "SquallTimersTests", dependencies: ["SquallTimers", "SquallModel"]),
        .testTarget(name: "SquallStoreTests", dependencies: ["SquallStore", "SquallSQLiteStore", "SquallMemoryStore", "SquallModel"]),
        .testTarget(name: "SquallSandboxTests", dependencies: ["SquallSandbox", "CSquallLauncher"]),
        .testTarget(name: "SquallTransportTests", dependencies: ["SquallTransport", "SquallModel", "CZmq"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "SquallIntegrationTests", dependencies: [
            "squall", "squall-server", "SquallEngine", "SquallBootstrap", "SquallCredentials", "SquallRunners", "SquallRules", "SquallStore", "SquallSQLiteStore",
            "SquallMemoryStore", "SquallModel", "SquallSandbox", "SquallTransport", "SquallTestSupport", "SquallSecrets",
            // openapi.yaml read back and its schemas applied to real replies (OpenAPIConformanceTests).
            "SquallPacks",
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)

// Fuzz targets (Fuzz/<name>/, run by scripts/fuzz.sh): they call libFuzzer's driver, which only
// links when built with -sanitize=fuzzer. They exist only when SQUALL_FUZZ is set, which keeps
// them out of the ordinary build.
if Context.environment["SQUALL_FUZZ"] != nil {
    let fuzzTargets: [(String, [Target.Dependency])] = [
        ("FuzzYAMLRules", ["SquallModel", "SquallPacks", "SquallRules"]),
        ("FuzzTemplates", ["SquallModel", "SquallTemplates"]),
        ("FuzzCriteria", ["SquallModel", "SquallRules", "SquallTemplates"]),
        ("FuzzChildMessage", ["SquallTransport"]),
        ("FuzzYAQL", ["SquallModel", "SquallYAQL"]),
        ("FuzzWorkflows", ["SquallModel", "SquallPacks", "SquallWorkflows"]),
        ("FuzzAPIBodies", ["SquallModel", "SquallPacks"]),
        // Also compiles Sources/squall's printing of big results (symlinked: an executable's
        // modules cannot be imported).
        ("FuzzLargeResult", ["SquallModel", "SquallTransport"]),
    ]
    package.targets.append(.target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"))
    package.targets += fuzzTargets.map { name, dependencies in
        .executableTarget(name: name, dependencies: dependencies + ["CLibFuzzer"], path: "Fuzz/\(name)")
    }
}
