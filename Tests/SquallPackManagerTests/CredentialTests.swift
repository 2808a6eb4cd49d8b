import Foundation
@testable import SquallPackManager
import XCTest

/// Tokens in https URLs never reach records, errors or output.
final class CredentialTests: PackInstallerTestCase {
    static let token = "ghp_S3cretT0kenValue"

    func testATokenIsAbsentFromTheCloneErrorAndNothingIsRecorded() throws {
        let port = try closedPort()
        for url in ["https://x-access-token:\(Self.token)@127.0.0.1:\(port)/org/private-pack.git",
                    "https://\(Self.token)@127.0.0.1:\(port)/org/private-pack.git=v1.0.0"] {
            let error = try XCTUnwrap(installFailure(url))
            XCTAssertEqual(error.step, .clone, error.description)
            XCTAssertFalse(error.description.contains(Self.token), error.description)
            XCTAssertFalse(error.description.contains("x-access-token"), error.description)
            XCTAssertTrue(error.description.contains("https://127.0.0.1:\(port)/org/private-pack.git"), error.description)
        }
        XCTAssertFalse(progressLines.joined().contains(Self.token), "\(progressLines)")
        XCTAssertEqual(installedPacks(), [])
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: layout.recordsDirectory))?.filter { $0.hasSuffix(".json") } ?? [], [])
    }

    func testTheStoredSourceHasNoCredentials() throws {
        let source = try PackSource.parse("https://bot:\(Self.token)@git.example.com/org/pack.git=v2.0.0")
        XCTAssertEqual(source.location, "https://git.example.com/org/pack.git")
        XCTAssertEqual(source.revision, "v2.0.0")
        XCTAssertEqual(source.username, "bot")
        XCTAssertEqual(source.password, Self.token)
        let record = InstallRecord(pack: "pack", source: source.displayLocation, requestedRevision: source.revision,
                                   commit: nil, version: "2.0.0", installedAt: InstallRecord.timestamp())
        let file = fixtures.root + "/record.json"
        try record.write(file: file)
        XCTAssertFalse(try String(contentsOfFile: file, encoding: .utf8).contains(Self.token))
    }

    func testLibgit2TextIsScrubbed() {
        let text = "failed to fetch https://bot:\(Self.token)@host/x.git and https://\(Self.token)@host/y (token \(Self.token))"
        let scrubbed = Scrubber.scrub(text, secrets: [Self.token, "bot"])
        XCTAssertFalse(scrubbed.contains(Self.token), scrubbed)
        XCTAssertTrue(scrubbed.contains("https://host/x.git"), scrubbed)
        let encoded = Scrubber.scrub("https://host/?t=a%2Fb", secrets: ["a/b"])
        XCTAssertFalse(encoded.contains("a%2Fb"), encoded)
    }

    /// A real HTTP server on 127.0.0.1 that answers 401 to everything and writes down the
    /// Authorization headers it gets: the token must travel only there.
    func testATokenIsSentOnlyAsBasicAuthAndNeverShown() throws {
        let log = fixtures.root + "/authorization.log"
        let script = fixtures.root + "/server.py"
        try """
        import http.server, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with open(sys.argv[1], "a") as log:
                    log.write("%s %s\\n" % (self.path, self.headers.get("Authorization", "-")))
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = [script, log]
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var portLine = Data()
        while !portLine.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            portLine.append(chunk)
        }
        let port = try XCTUnwrap(Int(String(decoding: portLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))

        let anonymous = try XCTUnwrap(installFailure("http://127.0.0.1:\(port)/org/private-pack.git"))
        XCTAssertTrue(anonymous.description.contains("authentication required"), anonymous.description)
        let error = try XCTUnwrap(installFailure("http://bot:\(Self.token)@127.0.0.1:\(port)/org/private-pack.git"))
        XCTAssertEqual(error.step, .clone, error.description)
        XCTAssertFalse(error.description.contains(Self.token), error.description)
        XCTAssertTrue(error.description.contains("authentication failed"), error.description)
        let seen = try String(contentsOfFile: log, encoding: .utf8)
        let basic = "Basic " + Data("bot:\(Self.token)".utf8).base64EncodedString()
        XCTAssertTrue(seen.contains(basic), "the token is offered as basic auth after the 401: \(seen)")
        XCTAssertFalse(seen.contains(Self.token), "the token is never in the request path: \(seen)")
        XCTAssertEqual(installedPacks(), [])
    }

    func testAnSSHCloneFailureIsOneStepError() throws {
        let key = fixtures.root + "/id_ed25519"
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        keygen.arguments = ["-q", "-t", "ed25519", "-N", "", "-f", key]
        try keygen.run(); keygen.waitUntilExit()
        let port = try closedPort()
        let error: PackManagerError? = {
            do { try installer(sshKeyPath: key).install(["ssh://git@127.0.0.1:\(port)/org/x.git"]) { _ in }; return nil }
            catch { return error as? PackManagerError }
        }()
        XCTAssertEqual(error?.step, .clone, "\(String(describing: error))")
        XCTAssertEqual(installedPacks(), [])
    }

    func testAnUnreadableSSHKeyIsRefused() throws {
        let error: PackManagerError? = {
            do { try installer(sshKeyPath: fixtures.root + "/no-such-key").install(["ssh://git@127.0.0.1:1/org/x.git"]) { _ in }; return nil }
            catch { return error as? PackManagerError }
        }()
        XCTAssertTrue(error?.description.contains("SSH key") ?? false, "\(String(describing: error))")
    }
}
