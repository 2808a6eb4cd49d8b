import CSquallHTTP
import Foundation
import SquallModel
import SquallSandbox

/// http-request (core.http): one HTTP request made by the supervisor through libcurl, with st2's
/// parameters and result `{status_code, body, parsed, headers}`. No child: the request runs no pack
/// code, and libcurl is already loaded for pack indexes (ARCHITECTURE.md says why). A pack whose
/// sandbox policy denies it the network is refused here, as its children would be.
public struct HTTPRequestRunner: ActionRunner {
    /// Cap on the body kept for the result (as a child's output is capped).
    static let maximumBodyBytes = OutputAccumulator.maximumKeptBytes
    /// st2 counts 200-206 as success.
    static let successCodes = 200...206

    public init() {}

    public func run(_ job: RunnerJob, events: RunnerEvents) throws -> RunnerOutcome {
        let request = try HTTPRequestParameters(job)
        if job.policy.network == .deny {
            return RunnerOutcome(status: .failed, result: ["error": .string("the network is denied to pack '\(job.action.pack)' by its sandbox policy")])
        }
        var response = squall_http_response()
        defer { squall_http_response_free(&response) }
        request.perform(into: &response)
        guard response.ok == 1 else {
            let message = withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return RunnerOutcome(status: response.timed_out == 1 ? .timeout : .failed,
                                 result: ["error": .string("\(message) (\(request.method) \(request.url))")])
        }
        let headerBlock = response.headers.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: response.headers_length), as: UTF8.self) } ?? ""
        let headers = Self.headers(from: headerBlock)
        let text = response.body.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: response.length), as: UTF8.self) } ?? ""
        var body = JSONValue.string(text)
        var parsed = false
        let contentType = headers.first { $0.key.lowercased() == "content-type" }?.value.stringValue ?? ""
        if contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "application/json",
           let decoded = try? JSONValue.parse(text) {
            body = decoded
            parsed = true
        }
        let status = Int(response.status)
        return RunnerOutcome(status: Self.successCodes.contains(status) ? .succeeded : .failed,
                             result: ["status_code": .int(status), "body": body, "parsed": .bool(parsed), "headers": .object(headers)])
    }

    /// The last response's headers; a repeated name's values joined with ", " (as python-requests).
    static func headers(from block: String) -> [String: JSONValue] {
        var headers: [String: String] = [:]
        var canonical: [String: String] = [:]
        for line in block.components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let key = canonical[name.lowercased()] ?? name
            canonical[name.lowercased()] = key
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        return headers.mapValues(JSONValue.string)
    }
}
