import Foundation
import SquallModel
import SquallPackManager
import XCTest

/// Pack indexes in st2's format, read over real HTTP on 127.0.0.1 and from files.
final class IndexTests: XCTestCase {
    var root: String!
    var server: IndexServer!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "squall-index-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: root + "/served", withIntermediateDirectories: true)
        server = try IndexServer(directory: root + "/served")
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    func testIndexesMergeWithLeftToRightPriority() throws {
        try IndexServer.writeIndex(["shared": IndexServer.entry("shared", repo: "https://example.invalid/first", version: "2.0.0"),
                                    "onlyhttp": IndexServer.entry("onlyhttp", repo: "https://example.invalid/h")],
                                   to: root + "/served/index.json")
        try IndexServer.writeIndex(["shared": IndexServer.entry("shared", repo: "https://example.invalid/second", version: "1.0.0"),
                                    "onlyfile": IndexServer.entry("onlyfile", repo: "https://example.invalid/f")],
                                   to: root + "/local.json")
        let index = PackIndex.load([server.url("index.json"), "file://" + root + "/local.json"])
        XCTAssertEqual(index.states.map(\.ok), [true, true])
        XCTAssertEqual(index.states.map(\.packCount), [2, 2])
        XCTAssertEqual(Set(index.packs.keys), ["shared", "onlyhttp", "onlyfile"])
        XCTAssertEqual(index.entry(named: "shared")?.repoURL, "https://example.invalid/first")
        XCTAssertEqual(index.entry(named: "shared")?.index, server.url("index.json"))
        XCTAssertEqual(index.entry(named: "onlyfile")?.index, "file://" + root + "/local.json")

        let reversed = PackIndex.load([root + "/local.json", server.url("index.json")])
        XCTAssertEqual(reversed.entry(named: "shared")?.fields["version"], "1.0.0")
    }

    func testAnUnreachableIndexIsReportedAndTheOthersAreUsed() throws {
        try IndexServer.writeIndex(["aws": IndexServer.entry("aws", repo: "https://example.invalid/aws")], to: root + "/local.json")
        let index = PackIndex.load([IndexServer.unreachable, root + "/local.json", root + "/missing.json"])
        XCTAssertTrue(index.reachable)
        XCTAssertEqual(index.failures.map(\.url), [IndexServer.unreachable, root + "/missing.json"])
        XCTAssertTrue(index.failures[0].error!.contains("onnect"), index.failures[0].error!)
        XCTAssertEqual(index.failures[1].error, "no such file")
        XCTAssertNotNil(index.entry(named: "aws"))
        XCTAssertFalse(PackIndex.load([IndexServer.unreachable]).reachable)
    }

    func testBadIndexesSayWhatIsWrong() throws {
        try "not json".write(toFile: root + "/served/garbage.json", atomically: true, encoding: .utf8)
        try "[1, 2]".write(toFile: root + "/served/list.json", atomically: true, encoding: .utf8)
        try #"{"metadata": {}}"#.write(toFile: root + "/served/nopacks.json", atomically: true, encoding: .utf8)
        try #"{"packs": {"good": {"repo_url": "https://example.invalid/g"}, "bad": 7}}"#
            .write(toFile: root + "/served/partly.json", atomically: true, encoding: .utf8)
        let index = PackIndex.load(["garbage.json", "list.json", "nopacks.json", "absent.json", "partly.json"].map(server.url))
        XCTAssertEqual(index.states.map(\.error), ["malformed: not valid JSON", "malformed: expected a JSON object",
                                                    "malformed: no \"packs\" object", "HTTP status 404", nil])
        XCTAssertEqual(index.states[4].malformedEntries, 1)
        XCTAssertEqual(index.entry(named: "good")?.name, "good", "the name comes from the key when the entry has none")
    }

    func testCredentialsInAnIndexURLAreNeverShown() throws {
        try IndexServer.writeIndex([:], to: root + "/served/index.json")
        let withToken = "http://user:t0ps3cret@127.0.0.1:\(server.port)/index.json"
        let index = PackIndex.load([withToken, "http://user:t0ps3cret@127.0.0.1:1/index.json"])
        XCTAssertEqual(index.states[0].url, server.url("index.json"))
        XCTAssertTrue(index.states[0].ok, index.states[0].error ?? "")
        for state in index.states {
            XCTAssertFalse(state.url.contains("t0ps3cret") || (state.error ?? "").contains("t0ps3cret"), "\(state)")
        }
    }

    func testSearchIsCaseInsensitiveOverNameKeywordsDescriptionAndAuthor() throws {
        try IndexServer.writeIndex([
            "cloudwatch": IndexServer.entry("cloudwatch", repo: "r1", description: "metrics"),
            "aws": IndexServer.entry("aws", repo: "r2", description: "Amazon", keywords: ["CLOUD", "ec2"]),
            "digitalocean": IndexServer.entry("digitalocean", repo: "r3", description: "Droplets in the Cloud"),
            "jira": IndexServer.entry("jira", repo: "r4", description: "issues", author: "Cloudy McCloudface"),
            "slack": IndexServer.entry("slack", repo: "https://cloud.example.invalid/slack", description: "chat"),
        ], to: root + "/served/index.json")
        let index = PackIndex.load([server.url("index.json")])
        XCTAssertEqual(index.search("ClOuD").map(\.name), ["cloudwatch", "aws", "digitalocean", "jira"],
                       "name matches first, then keywords, then description and author; repo_url is not searched")
        XCTAssertEqual(index.search("droplets").map(\.name), ["digitalocean"])
        XCTAssertEqual(index.search("nothing-like-this").map(\.name), [])
    }

    func testHTTPIndexesGoThroughTheConfiguredProxy() throws {
        try IndexServer.writeIndex(["aws": IndexServer.entry("aws", repo: "r")], to: root + "/served/index.json")
        defer { unsetenv("http_proxy"); unsetenv("no_proxy") }
        setenv("http_proxy", IndexServer.unreachable.replacingOccurrences(of: "/index.json", with: ""), 1)
        let proxied = PackIndex.load([server.url("index.json")])
        XCTAssertFalse(proxied.reachable, "the request went to the (dead) proxy")
        XCTAssertTrue(proxied.states[0].error!.contains("proxy") || proxied.states[0].error!.contains("127.0.0.1 port 1"),
                      proxied.states[0].error!)
        setenv("no_proxy", "127.0.0.1", 1)
        XCTAssertTrue(PackIndex.load([server.url("index.json")]).reachable, "no_proxy bypasses it")
    }

    func testHTTPSChecksTheServerCertificate() throws {
        // A self-signed certificate for 127.0.0.1 that no trust store knows: the fetch must refuse it.
        let certificate = root + "/cert.pem", key = root + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        XCTAssertEqual(openssl.terminationStatus, 0)
        try IndexServer.writeIndex(["aws": IndexServer.entry("aws", repo: "r")], to: root + "/served/index.json")
        let tls = try IndexServer(directory: root + "/served", tls: (certificate, key))
        defer { tls.stop() }
        XCTAssertTrue(tls.url("index.json").hasPrefix("https://"))
        let index = PackIndex.load([tls.url("index.json")])
        XCTAssertFalse(index.reachable)
        XCTAssertTrue(index.states[0].error!.lowercased().contains("certificate"), index.states[0].error!)
    }
}
