import CSquallHTTP
import Foundation
import SquallModel

/// st2's http-request parameters, checked and turned into one libcurl request. Bad input is a
/// one-line error naming the parameter.
struct HTTPRequestParameters {
    var url: String
    var method: String
    var headers: [String]
    var body: Data?
    var username: String?
    var password: String?
    var cookie: String?
    var proxy: String?
    var followRedirects: Bool
    var verifyTLS: Bool
    var timeoutMilliseconds: Int

    init(_ job: RunnerJob) throws {
        let p = job.parameters
        func text(_ name: String) -> String? { p[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        guard let given = text("url") else { throw RunnerError("parameter 'url' is empty") }
        guard let components = URLComponents(string: given), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw RunnerError("parameter 'url' is not an http(s) URL: \(given.debugDescription)")
        }
        try Self.checkHostLists(host: host, parameters: p)
        url = try Self.appendingQuery(p["params"], to: given)
        switch p["body"] {
        case nil, .null?: body = nil
        case .string(let s)?: body = s.isEmpty ? nil : Data(s.utf8)
        case let other?: body = Data(other.jsonString().utf8)
        }
        method = text("method")?.uppercased() ?? (body == nil ? "GET" : "POST")
        guard method.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw RunnerError("parameter 'method' is not an HTTP method: \(method.debugDescription)") }
        if text("file_name") != nil || text("file_content") != nil {
            throw RunnerError("parameters 'file_name'/'file_content' (file upload) are not supported by squall's http-request")
        }
        // st2 replaces any User-Agent given and names the action in X-Stanley-Action.
        var headers: [String: String] = [:]
        if case .object(let given)? = p["headers"] {
            for (name, value) in given { headers[name] = value.stringValue ?? value.jsonString() }
        }
        headers = headers.filter { $0.key.lowercased() != "user-agent" }
        headers["User-Agent"] = "squall"
        headers["X-Stanley-Action"] = job.action.name
        for (name, value) in headers {
            guard !name.isEmpty, !name.contains(where: { $0 == ":" || $0.isNewline || $0.isWhitespace }), !value.contains(where: \.isNewline) else {
                throw RunnerError("parameter 'headers': \(name.debugDescription) has an invalid name or a newline in its value")
            }
        }
        self.headers = headers.keys.sorted().map { "\($0): \(headers[$0]!)" }
        username = text("username")
        password = text("password")
        if case .object(let cookies)? = p["cookies"], !cookies.isEmpty {
            let pairs = cookies.keys.sorted().map { "\($0)=\(cookies[$0]!.stringValue ?? cookies[$0]!.jsonString())" }
            guard !pairs.contains(where: { $0.contains(where: { $0 == ";" || $0.isNewline }) }) else {
                throw RunnerError("parameter 'cookies': a name or value contains ';' or a newline")
            }
            cookie = pairs.joined(separator: "; ")
        }
        proxy = scheme == "https" ? text("https_proxy") : text("http_proxy")
        followRedirects = p["allow_redirects"]?.boolValue ?? false
        verifyTLS = p["verify_ssl_cert"]?.boolValue ?? true
        let seconds = p["timeout"]?.doubleValue ?? 60
        guard seconds > 0, seconds <= 86400 else { throw RunnerError("parameter 'timeout' must be between 0 and 86400 seconds") }
        timeoutMilliseconds = max(1, Int(seconds * 1000))
    }

    /// st2's url_hosts_blacklist / url_hosts_whitelist (mutually exclusive), on the URL's host.
    static func checkHostLists(host: String, parameters: [String: JSONValue]) throws {
        let deny = parameters["url_hosts_blacklist"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let allow = parameters["url_hosts_whitelist"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !deny.isEmpty && !allow.isEmpty {
            throw RunnerError("\"url_hosts_blacklist\" and \"url_hosts_whitelist\" parameters are mutually exclusive. Only one should be provided.")
        }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if deny.map({ $0.lowercased() }).contains(bare) { throw RunnerError("URL host \"\(host)\" is blacklisted") }
        if !allow.isEmpty && !allow.map({ $0.lowercased() }).contains(bare) { throw RunnerError("URL host \"\(host)\" is not whitelisted") }
    }

    /// `params` as a form-encoded query (python-requests: spaces as '+', a list repeats its key).
    static func appendingQuery(_ params: JSONValue?, to url: String) throws -> String {
        guard case .object(let params)? = params, !params.isEmpty else { return url }
        var pairs: [String] = []
        for name in params.keys.sorted() {
            let values: [JSONValue]
            switch params[name]! {
            case .null: continue
            case .array(let items): values = items
            case let value: values = [value]
            }
            for value in values { pairs.append(formEncode(name) + "=" + formEncode(value.stringValue ?? value.jsonString())) }
        }
        guard !pairs.isEmpty else { return url }
        let query = pairs.joined(separator: "&")
        let (base, fragment) = url.firstIndex(of: "#").map { (String(url[..<$0]), String(url[$0...])) } ?? (url, "")
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + query + fragment
    }

    private static let formSafe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")
    static func formEncode(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: formSafe) ?? "" }.joined(separator: "+")
    }

    func perform(into response: inout squall_http_response) {
        var owned: [UnsafeMutablePointer<CChar>?] = []
        func c(_ text: String?) -> UnsafePointer<CChar>? {
            guard let text else { return nil }
            let copy = strdup(text); owned.append(copy); return UnsafePointer(copy)
        }
        defer { for pointer in owned { free(pointer) } }
        let headerPointers: [UnsafePointer<CChar>?] = headers.map { c($0) }
        let bodyBytes = body.map { [UInt8]($0) } ?? []
        headerPointers.withUnsafeBufferPointer { headerBuffer in
            bodyBytes.withUnsafeBufferPointer { bodyBuffer in
                var spec = squall_http_request_spec()
                spec.method = c(method)
                spec.url = c(url)
                spec.headers = headerBuffer.baseAddress
                spec.header_count = headerBuffer.count
                if body != nil {
                    // A non-NULL pointer even for zero bytes: NULL would mean "no body".
                    spec.body = bodyBuffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) } ?? c("")
                    spec.body_length = bodyBuffer.count
                }
                spec.username = c(username)
                spec.password = c(password)
                spec.cookie = c(cookie)
                spec.proxy = c(proxy)
                spec.follow_redirects = followRedirects ? 1 : 0
                spec.verify_tls = verifyTLS ? 1 : 0
                spec.timeout_milliseconds = timeoutMilliseconds
                spec.max_bytes = HTTPRequestRunner.maximumBodyBytes
                squall_http_request(&spec, &response)
            }
        }
    }
}
