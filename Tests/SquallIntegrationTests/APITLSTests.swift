import Foundation
import SquallModel
import SquallTestSupport
import XCTest

/// `api_tls_certificate` and `api_tls_key`: the API serves HTTPS only, to curl and to the real st2
/// client trusting the certificate; half a pair or a bad PEM file stops the server in one line.
final class APITLSTests: EngineTestCase {
    func tlsEnvironment(_ certificate: SelfSignedCertificate) -> [String: String] {
        ["SQUALL_API_TLS_CERTIFICATE": certificate.certificate, "SQUALL_API_TLS_KEY": certificate.key]
    }

    /// curl with the given arguments: (exit status, HTTP status or 0, body).
    func curl(_ arguments: [String]) throws -> (exit: Int32, status: Int, body: String) {
        let outcome = try harness.run("/usr/bin/curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "--noproxy", "*"] + arguments, input: "")
        let text = outcome.stdout
        let newline = text.lastIndex(of: "\n") ?? text.startIndex
        let status = Int(text[text.index(after: newline)...].trimmingCharacters(in: .whitespaces)) ?? 0
        return (outcome.status, status, newline == text.startIndex ? "" : String(text[..<newline]))
    }

    /// `squall server` expected to refuse to start; `timeout` turns one that serves instead into a failure, not a hang.
    func refusedServer(_ environment: [String: String]) throws -> Outcome {
        try Outcome.run("/usr/bin/timeout", ["30", CommandLineTests.binary, "server", "--log-level", "error"], environment: environment)
    }

    func testTheAPIServesHTTPSOnlyToClientsTrustingTheCertificate() throws {
        let certificate = try SelfSignedCertificate(in: harness.dataDirectory + "/tls")
        var session = try St2Session(harness: harness, extraEnvironment: tlsEnvironment(certificate))
        defer { session.stop() }
        let https = "https://127.0.0.1:\(session.port)"
        let basic = Data("alice:\(St2Session.password)".utf8).base64EncodedString()

        let login = try curl(["--cacert", certificate.certificate, "-X", "POST", "-H", "Authorization: Basic \(basic)",
                              "-H", "Content-Type: application/json", "--data", "{}", https + "/auth/v1/tokens"])
        XCTAssertEqual(login.status, 201, login.body)
        let token = try XCTUnwrap(try JSONValue.parse(login.body)["token"]?.stringValue)
        let actions = try curl(["--cacert", certificate.certificate, "-H", "X-Auth-Token: \(token)", https + "/api/v1/actions"])
        XCTAssertEqual(actions.status, 200, actions.body)
        XCTAssertNotNil(try JSONValue.parse(actions.body).arrayValue?.first { $0["ref"] == "core.local" })

        // Not trusted without the certificate; no plain HTTP on the same port.
        XCTAssertNotEqual(try curl([https + "/api/v1/actions"]).exit, 0)
        let plain = try curl(["-H", "X-Auth-Token: \(token)", "http://127.0.0.1:\(session.port)/api/v1/actions"])
        XCTAssertNotEqual(plain.status, 200, plain.body)

        // The real st2 client, told to trust the certificate.
        session.environment["ST2_API_URL"] = https + "/api/v1"
        session.environment["ST2_AUTH_URL"] = https + "/auth/v1"
        session.environment["ST2_STREAM_URL"] = https + "/stream/v1"
        session.environment["ST2_CACERT"] = certificate.certificate
        try session.logIn()
        let listed = try session.st2(["action", "list", "--pack", "core", "-j"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("\"core.local\""), listed.stdout)
    }

    func testHalfAPairIsRefusedInOneLineNamingTheMissingSetting() throws {
        let certificate = try SelfSignedCertificate(in: harness.dataDirectory + "/tls")
        var environment = harness.commandLineEnvironment
        environment["SQUALL_API_TLS_CERTIFICATE"] = certificate.certificate
        let outcome = try refusedServer(environment)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").filter { $0.contains("api_tls") }.count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("api_tls_key: not set, but api_tls_certificate is (SQUALL_API_TLS_CERTIFICATE)"), outcome.stderr)
    }

    func testBadPEMFilesStopTheServerInOneLineNamingTheFile() throws {
        let certificate = try SelfSignedCertificate(in: harness.dataDirectory + "/tls")
        let other = try SelfSignedCertificate(in: harness.dataDirectory + "/other")
        let garbage = harness.dataDirectory + "/garbage.pem"
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let cases: [(certificate: String, key: String, expected: String)] = [
            (garbage, certificate.key, "api_tls_certificate \(garbage): not a PEM certificate"),
            (certificate.certificate, garbage, "api_tls_key \(garbage): not a PEM private key"),
            (certificate.certificate, harness.dataDirectory + "/missing.pem", "api_tls_key \(harness.dataDirectory)/missing.pem: no such file"),
            (certificate.certificate, other.key, "api_tls_key \(other.key): does not match the certificate in \(certificate.certificate)"),
        ]
        for (certificatePath, keyPath, expected) in cases {
            var environment = harness.commandLineEnvironment
            environment["SQUALL_API_LISTEN"] = "127.0.0.1:\(try FreePort.closed())"
            environment["SQUALL_API_TLS_CERTIFICATE"] = certificatePath
            environment["SQUALL_API_TLS_KEY"] = keyPath
            let outcome = try refusedServer(environment)
            XCTAssertNotEqual(outcome.status, 0, expected)
            let lines = outcome.stderr.split(separator: "\n").filter { $0.contains("api_tls") }
            XCTAssertEqual(lines.count, 1, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(expected), "wanted '\(expected)' in: \(outcome.stderr)")
        }
    }
}
