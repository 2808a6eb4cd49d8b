import Foundation
import SquallModel
import SquallTestSupport
import XCTest

/// One HTTP reply with its headers (names lower-cased), for tests that look past status and body.
struct APIReply {
    var status: Int
    var headers: [String: String]
    var body: String

    var json: JSONValue? { try? JSONValue.parse(body) }
}

extension St2Session {
    /// An HTTP request with curl, headers kept.
    func reply(_ method: String, _ path: String, headers: [String] = [], body: String? = nil) throws -> APIReply {
        let headerFile = harness.dataDirectory + "/curl-headers-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: headerFile) }
        var arguments = ["-s", "-o", "-", "-D", headerFile, "-X", method, "--noproxy", "*", baseURL + path]
        for header in headers { arguments += ["-H", header] }
        if body != nil { arguments += ["-H", "Content-Type: application/json", "--data-binary", "@-"] }
        let outcome = try harness.run("/usr/bin/curl", arguments, input: body ?? "")
        let head = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        var lines = head.components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw TestSupportError("curl got no reply for \(method) \(path): \(outcome.stderr)")
        }
        lines.removeFirst()
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return APIReply(status: status, headers: fields, body: outcome.stdout)
    }

    /// A token for alice (Basic auth, as `st2 auth` gets one).
    func token() throws -> String {
        let basic = Data("alice:\(Self.password)".utf8).base64EncodedString()
        let reply = try http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(basic)"], body: "{}")
        guard reply.status == 201, let token = try JSONValue.parse(reply.body)["token"]?.stringValue else {
            throw TestSupportError("no token: \(reply.status) \(reply.body)")
        }
        return token
    }
}

/// Prometheus' text format, read back: one sample per line, labels in any order.
struct PrometheusScrape {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let samples: [Sample]

    init(_ text: String) {
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            var name = String(series), labels: [String: String] = [:]
            if let brace = series.firstIndex(of: "{") {
                name = String(series[..<brace])
                // Values here never hold `",` (refs and routes), so a plain split is enough.
                for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].components(separatedBy: "\",") {
                    guard let equals = pair.firstIndex(of: "=") else { continue }
                    labels[String(pair[..<equals])] = pair[pair.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        self.samples = samples
    }

    /// The value of the series `name` whose labels include `labels` (nil when absent).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }
}

/// A test case with a live `squall server` serving the API on the quiet copy of the fixture pack
/// (`session`), plus whatever settings `serverEnvironment` adds.
class APISessionTestCase: EngineTestCase {
    var session: St2Session!
    var serverEnvironment: [String: String] { [:] }

    override func setUpWithError() throws {
        try super.setUpWithError()
        var environment = serverEnvironment
        environment["SQUALL_PACKS_PATH"] = try harness.quietFixturePackCopy()
        session = try St2Session(harness: harness, extraEnvironment: environment)
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }
}
