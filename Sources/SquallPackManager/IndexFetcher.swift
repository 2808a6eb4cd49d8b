import CSquallHTTP
import Foundation

/// Reads one index's bytes: http(s) through libcurl (CSquallHTTP), file:// URLs and absolute paths
/// from disk. Errors are one line and never carry a credential from the URL.
enum IndexFetcher {
    /// A whole fetch, redirects included, gives up after this long.
    static let timeoutSeconds = 30
    /// StackStorm Exchange's index is a few MB; anything far larger is not an index.
    static let maxBytes = 64 << 20

    struct Failure: Error { var reason: String }

    static func fetch(_ url: String) throws(Failure) -> Data {
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return try http(url) }
        let path = lower.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        let decoded = path.removingPercentEncoding ?? path
        guard let data = FileManager.default.contents(atPath: decoded) else {
            throw Failure(reason: FileManager.default.fileExists(atPath: decoded) ? "cannot be read" : "no such file")
        }
        return data
    }

    private static func http(_ url: String) throws(Failure) -> Data {
        var result = squall_http_result()
        squall_http_get(url, timeoutSeconds, maxBytes, &result)
        defer { squall_http_result_free(&result) }
        let secrets = Scrubber.splitCredentials(url)
        guard result.ok == 1 else {
            let reason = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw Failure(reason: Scrubber.scrub(reason, secrets: [secrets.username, secrets.password].compactMap { $0 }))
        }
        guard (200..<300).contains(result.status) else { throw Failure(reason: "HTTP status \(result.status)") }
        guard let body = result.body else { return Data() }
        return Data(bytes: body, count: result.length)
    }
}
