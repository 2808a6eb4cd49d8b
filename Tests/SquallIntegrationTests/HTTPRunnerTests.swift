import Foundation
import SquallEngine
import SquallModel
import XCTest

/// core.http against a real HTTP server on 127.0.0.1 (Python's http.server, started per test),
/// which answers each request with what it received.
final class HTTPRunnerTests: EngineTestCase {
    private var server: Process!
    private var base = ""

    /// /json: a JSON document; /echo: the request as JSON; /text: plain text; /status/N: status N;
    /// /redirect: 302 to /echo; /slow: answers after 30 s.
    static let serverProgram = #"""
        import json, sys, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body, content_type, extra=()):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra:
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if self.path == "/json":
                    self.answer(200, json.dumps({"hello": "world", "n": [1, 2]}), "application/json; charset=utf-8",
                                [("X-Test", "one"), ("X-Test", "two")])
                elif self.path.startswith("/echo"):
                    received = {"method": self.command, "path": self.path, "body": body,
                                "headers": {k.lower(): v for k, v in self.headers.items()}}
                    self.answer(200, json.dumps(received), "application/json")
                elif self.path == "/text":
                    self.answer(200, '{"looks": "like json"}', "text/plain")
                elif self.path.startswith("/status/"):
                    self.answer(int(self.path.split("/")[2]), "nope", "text/plain")
                elif self.path == "/redirect":
                    self.answer(302, "moved", "text/plain", [("Location", "/echo?redirected=1")])
                elif self.path == "/slow":
                    time.sleep(30)
                    self.answer(200, "late", "text/plain")

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = handle_any

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        if len(sys.argv) > 2:  # certificate and key: serve https
            import ssl
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    override func setUpWithError() throws {
        try super.setUpWithError()
        base = try startServer()
    }

    /// Starts the server (https with `certificate`, a self-signed one) and returns its base URL.
    private func startServer(certificate: (cert: String, key: String)? = nil) throws -> String {
        server?.terminate()
        server?.waitUntilExit()
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", Self.serverProgram] + (certificate.map { [$0.cert, $0.key] } ?? [])
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        // The server prints its port once it listens.
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let port = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(Int(port), "the test server did not start: '\(port)'")
        return (certificate == nil ? "http" : "https") + "://127.0.0.1:\(port)"
    }

    override func tearDown() {
        server?.terminate()
        server?.waitUntilExit()
        super.tearDown()
    }

    func testGetParsesAJSONBodyAndKeepsTheHeaders() throws {
        let execution = try harness.run(engine, "core.http", ["url": .string(base + "/json")])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["status_code"], 200)
        XCTAssertEqual(execution.resultObject["body"], ["hello": "world", "n": [1, 2]])
        XCTAssertEqual(execution.resultObject["parsed"], true)
        let headers = execution.resultObject["headers"]?.objectValue ?? [:]
        XCTAssertEqual(headers["Content-Type"], "application/json; charset=utf-8")
        XCTAssertEqual(headers["X-Test"], "one, two", "a repeated header joined as python-requests does")
        XCTAssertEqual(execution.result?.objectValue?.keys.sorted(), ["body", "headers", "parsed", "status_code"])
    }

    func testABodyThatIsNotDeclaredJSONStaysText() throws {
        let execution = try harness.run(engine, "core.http", ["url": .string(base + "/text")])
        XCTAssertEqual(execution.resultObject["body"], "{\"looks\": \"like json\"}")
        XCTAssertEqual(execution.resultObject["parsed"], false)
    }

    func testPostSendsBodyHeadersQueryCookiesAndBasicAuth() throws {
        let execution = try harness.run(engine, "core.http", [
            "url": .string(base + "/echo"), "body": "{\"a\": 1}",
            "headers": ["Content-Type": "application/json", "X-Custom": "yes", "User-Agent": "mine"],
            "params": ["q": "a b&c", "list": ["1", "2"]], "cookies": ["session": "abc"],
            "username": "user", "password": "pa:ss",
        ])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        let received = execution.resultObject["body"]?.objectValue ?? [:]
        XCTAssertEqual(received["method"], "POST", "a body without a method is a POST, as in st2")
        XCTAssertEqual(received["body"], "{\"a\": 1}")
        XCTAssertEqual(received["path"], "/echo?list=1&list=2&q=a+b%26c")
        let headers = received["headers"]?.objectValue ?? [:]
        XCTAssertEqual(headers["content-type"], "application/json")
        XCTAssertEqual(headers["x-custom"], "yes")
        XCTAssertEqual(headers["x-stanley-action"], "http")
        XCTAssertEqual(headers["user-agent"], "squall", "st2 replaces a given User-Agent with its own")
        XCTAssertEqual(headers["cookie"], "session=abc")
        XCTAssertEqual(headers["authorization"], .string("Basic " + Data("user:pa:ss".utf8).base64EncodedString()))
    }

    func testOtherMethodsAreSentAsGiven() throws {
        let put = try harness.run(engine, "core.http", ["url": .string(base + "/echo"), "method": "PUT", "body": "x"])
        XCTAssertEqual(put.resultObject["body"]?.objectValue?["method"], "PUT")
        XCTAssertEqual(put.resultObject["body"]?.objectValue?["body"], "x")
        let head = try harness.run(engine, "core.http", ["url": .string(base + "/json"), "method": "HEAD"])
        XCTAssertEqual(head.status, .succeeded, "\(head.result ?? .null)")
        XCTAssertEqual(head.resultObject["body"], "")
    }

    func testANon2xxStatusFailsWithTheResponse() throws {
        let execution = try harness.run(engine, "core.http", ["url": .string(base + "/status/404")])
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.resultObject["status_code"], 404)
        XCTAssertEqual(execution.resultObject["body"], "nope")
        // st2 counts 200-206 as success only.
        XCTAssertEqual(try harness.run(engine, "core.http", ["url": .string(base + "/status/207")]).status, .failed)
        XCTAssertEqual(try harness.run(engine, "core.http", ["url": .string(base + "/status/204")]).status, .succeeded)
    }

    func testRedirectsAreFollowedOnlyWhenAllowed() throws {
        let kept = try harness.run(engine, "core.http", ["url": .string(base + "/redirect")])
        XCTAssertEqual(kept.resultObject["status_code"], 302, "st2's allow_redirects defaults to false")
        XCTAssertEqual(kept.status, .failed)
        XCTAssertEqual(kept.resultObject["headers"]?.objectValue?["Location"], "/echo?redirected=1")

        let followed = try harness.run(engine, "core.http", ["url": .string(base + "/redirect"), "body": "data", "allow_redirects": true])
        XCTAssertEqual(followed.status, .succeeded, "\(followed.result ?? .null)")
        XCTAssertEqual(followed.resultObject["body"]?.objectValue?["path"], "/echo?redirected=1")
        XCTAssertEqual(followed.resultObject["body"]?.objectValue?["method"], "GET", "a 302 turns a POST into a GET")
        XCTAssertNil(followed.resultObject["headers"]?.objectValue?["Location"], "headers are the last response's")
    }

    func testTLSCertificatesAreVerifiedUnlessVerifySSLCertIsFalse() throws {
        let cert = harness.dataDirectory + "/cert.pem", key = harness.dataDirectory + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                             "-keyout", key, "-out", cert]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run(); openssl.waitUntilExit()
        XCTAssertEqual(openssl.terminationStatus, 0)
        let https = try startServer(certificate: (cert, key))

        let refused = try harness.run(engine, "core.http", ["url": .string(https + "/json")])
        XCTAssertEqual(refused.status, .failed)
        XCTAssertNil(refused.resultObject["status_code"], "a self-signed certificate is refused: \(refused.result ?? .null)")
        let accepted = try harness.run(engine, "core.http", ["url": .string(https + "/json"), "verify_ssl_cert": false])
        XCTAssertEqual(accepted.status, .succeeded, "\(accepted.result ?? .null)")
        XCTAssertEqual(accepted.resultObject["body"], ["hello": "world", "n": [1, 2]])
    }

    func testTimeoutEndsTheRequestAsATimeout() throws {
        let execution = try harness.run(engine, "core.http", ["url": .string(base + "/slow"), "timeout": 1])
        XCTAssertEqual(execution.status, .timeout, "\(execution.result ?? .null)")
        XCTAssertTrue(execution.resultObject["error"]?.stringValue?.contains("/slow") == true, "\(execution.result ?? .null)")
    }

    func testBadInputIsAOneLineErrorNamingTheParameter() throws {
        let cases: [([String: JSONValue], String)] = [
            (["url": "ftp://127.0.0.1/x"], "parameter 'url'"),
            (["url": .string(base + "/json"), "headers": ["Bad\r\nName": "x"]], "parameter 'headers'"),
            (["url": .string(base + "/json"), "headers": ["X": "a\r\nInjected: yes"]], "parameter 'headers'"),
            (["url": .string(base + "/json"), "method": "PATCH", "url_hosts_blacklist": ["127.0.0.1"]], "blacklisted"),
        ]
        for (parameters, expected) in cases {
            let execution = try harness.run(engine, "core.http", parameters)
            XCTAssertEqual(execution.status, .failed, "\(parameters)")
            let error = execution.resultObject["error"]?.stringValue ?? ""
            XCTAssertTrue(error.contains(expected) && !error.contains("\n"), "\(parameters): \(error)")
        }
    }
}
