import Foundation
import SquallTestSupport
import XCTest

/// schemathesis (PyPI) in a venv built once per machine and version under /var/tmp, as the st2
/// client's (St2Client): it reads the document the server serves and sends generated requests.
enum Schemathesis {
    static let version = "4.32.5"
    static let venv = "/var/tmp/squall-schemathesis-\(version)"

    static func install() throws {
        let done = venv + "/.squall-complete"
        if FileManager.default.fileExists(atPath: done) { return }
        try? FileManager.default.removeItem(atPath: venv)
        for (executable, arguments) in [("/usr/bin/python3", ["-m", "venv", venv]),
                                        (venv + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check", "schemathesis==\(version)"])] {
            let outcome = try Outcome.run(executable, arguments, environment: ProcessInfo.processInfo.environment)
            guard outcome.status == 0 else { throw TestSupportError("\(executable) \(arguments.joined(separator: " ")) failed: \(outcome.stderr)") }
        }
        try Data().write(to: URL(fileURLWithPath: done))
    }
}

/// A bounded schemathesis run against a live server with a token: no 5xx, every reply's status,
/// content type and body as the document says. Bounded by 25
/// examples per operation (~2,300 requests, ~40 s here) and a hard 600 s timeout (coreutils'
/// `timeout`), with a fixed seed so a failure can be replayed.
final class SchemathesisTests: APISessionTestCase {
    func testGeneratedRequestsGetNoServerErrorAndRepliesTheDocumentAllows() throws {
        try Schemathesis.install()
        let token = try session.token()
        let outcome = try Outcome.run("/usr/bin/timeout", ["600", Schemathesis.venv + "/bin/st",
            "run", session.baseURL + "/api/v1/openapi.yaml", "--url", session.baseURL,
            "--header", "X-Auth-Token: \(token)",
            // Out: positive_data_acceptance (the document gives shapes, not every rule a handler
            // applies) and negative_data_rejection (an empty query value counts as absent, on purpose).
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            // The stream only ends when the execution it follows does: generated requests would wait forever.
            "--exclude-path", "/stream/v1/stream",
            "--phases", "examples,coverage,fuzzing", "--max-examples", "25", "--seed", "1",
            "--workers", "1", "--request-timeout", "30", "--no-color", "--generation-database", "none",
        ], environment: ["PATH": "/usr/bin:/bin", "HOME": harness.dataDirectory, "NO_PROXY": "*", "no_proxy": "*",
                         "SCHEMATHESIS_TELEMETRY": "false"])
        XCTAssertEqual(outcome.status, 0, "schemathesis found problems:\n\(outcome.stdout.suffix(12_000))\n\(outcome.stderr.suffix(2000))")
        XCTAssertTrue(session.server.isRunning)
    }
}
