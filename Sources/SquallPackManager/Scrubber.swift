import Foundation

/// Keeps credentials out of everything shown or stored: strips userinfo from URLs and masks known secrets in text.
enum Scrubber {
    static let mask = "********"

    /// Splits `scheme://user:password@host/...` into the URL without userinfo, the user and the password
    /// (both percent-decoded).
    static func splitCredentials(_ url: String) -> (url: String, username: String?, password: String?) {
        guard let schemeEnd = url.range(of: "://") else { return (url, nil, nil) }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return (url, nil, nil) }
        let userinfo = authority[..<at]
        var username: String? = String(userinfo)
        var password: String?
        if let colon = userinfo.firstIndex(of: ":") {
            username = String(userinfo[..<colon])
            password = String(userinfo[userinfo.index(after: colon)...])
        }
        let clean = String(url[..<schemeEnd.upperBound]) + String(rest[rest.index(after: at)...])
        return (clean, username.map { $0.removingPercentEncoding ?? $0 }, password.map { $0.removingPercentEncoding ?? $0 })
    }

    static func stripCredentials(_ url: String) -> String { splitCredentials(url).url }

    /// Masks every secret (and its percent-encoded form) and any URL userinfo left in `text`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: mask)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != secret {
                result = result.replacingOccurrences(of: encoded, with: mask)
            }
        }
        return stripUserinfo(in: result)
    }

    /// Removes `user:password@` from every `scheme://` URL inside free text (libgit2 messages may quote URLs).
    static func stripUserinfo(in text: String) -> String {
        var result = ""
        var remaining = Substring(text)
        while let schemeEnd = remaining.range(of: "://") {
            result += remaining[..<schemeEnd.upperBound]
            remaining = remaining[schemeEnd.upperBound...]
            let authorityEnd = remaining.firstIndex(where: { $0 == "/" || $0 == " " || $0 == "'" || $0 == "\"" || $0 == "\n" }) ?? remaining.endIndex
            if let at = remaining[..<authorityEnd].lastIndex(of: "@") {
                remaining = remaining[remaining.index(after: at)...]
            }
        }
        return result + remaining
    }
}
