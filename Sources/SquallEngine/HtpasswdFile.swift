import Foundation

/// The entries of an Apache htpasswd file (st2's flat_file auth backend reads one), as squall can
/// keep them: bcrypt hashes only (`htpasswd -B`), the one kind squall verifies. st2's backend also
/// takes apr1 (MD5), {SHA} and crypt(3) entries, each with a warning to rehash with bcrypt; here
/// those lines are refused, one warning each naming the line, so that no weak hash enters the store.
public struct HtpasswdFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public let line: Int
        public let user: String
        /// The bcrypt hash as squall's bcrypt verifies it: `$2y$` (Apache's name for the same
        /// algorithm as `$2b$`) is rewritten to `$2b$`.
        public let passwordHash: String
    }

    public private(set) var entries: [Entry] = []
    /// One line per refused line: `FILE:LINE: ...`.
    public private(set) var warnings: [String] = []

    /// Reads `path`; throws a one-line error when it cannot be read or is not text.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError.badInput("htpasswd file \(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EngineError.badInput("htpasswd file \(path): not UTF-8 text")
        }
        self.init(text: text, name: path)
    }

    public init(text: String, name: String) {
        var latest: [String: Entry] = [:], order: [String] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            // As st2's backend: blank lines and '#' comments are skipped.
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                warnings.append("\(name):\(number): no ':' (expected user:hash); line skipped")
                continue
            }
            let user = String(line[..<colon]), hash = String(line[line.index(after: colon)...])
            do {
                try Engine.checkUserName(user)
            } catch {
                warnings.append("\(name):\(number): \(error); line skipped")
                continue
            }
            guard let bcrypt = Self.bcrypt(hash) else {
                warnings.append("\(name):\(number): user '\(user)': \(Self.kind(of: hash)) hash not imported, squall keeps bcrypt only (rehash with htpasswd -B)")
                continue
            }
            // A later line for the same user wins, as in st2's backend (a dictionary by user).
            if latest[user] == nil { order.append(user) }
            latest[user] = Entry(line: number, user: user, passwordHash: bcrypt)
        }
        entries = order.compactMap { latest[$0] }
    }

    /// `hash` in the form `$2a$`/`$2b$`/`$2y$`, two-digit cost 04-31, 22 salt and 31 hash characters
    /// of bcrypt's alphabet; `$2y$` as `$2b$`. nil for anything else.
    static func bcrypt(_ hash: String) -> String? {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, hash.hasPrefix("$2"), bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
              [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
              let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost),
              bytes[7...].allSatisfy(isBcryptBase64) else { return nil }
        return bytes[2] == UInt8(ascii: "y") ? "$2b$" + hash.dropFirst(4) : hash
    }

    private static func isBcryptBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "/"): return true
        default: return false
        }
    }

    /// What a refused hash is, for the warning (never the hash itself).
    static func kind(of hash: String) -> String {
        if hash.hasPrefix("$apr1$") { return "apr1 (MD5)" }
        if hash.hasPrefix("{SHA}") { return "{SHA} (SHA-1)" }
        if hash.hasPrefix("$1$") || hash.hasPrefix("$5$") || hash.hasPrefix("$6$") { return "crypt(3)" }
        if hash.hasPrefix("$2") { return "malformed bcrypt" }
        if hash.isEmpty { return "empty" }
        return "crypt(3) DES or plain-text"
    }
}
