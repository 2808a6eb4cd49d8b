import Crypto
import Foundation

/// One AES-256 key in a file of 64 hex digits, mode 0600, in a 0700 directory. Files are written
/// to a temporary name, synced, then linked into place, so a reader never sees half a key.
struct DatastoreKeyFile {
    let path: String

    /// The key, or nil when the file does not exist.
    func read() throws -> SymmetricKey? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw SecretError("datastore key \(path) cannot be read") }
            return nil
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(text), bytes.count == 32 else {
            throw SecretError("datastore key \(path) is corrupt: expected 64 hex digits")
        }
        return SymmetricKey(data: bytes)
    }

    /// Writes a fresh key; with `replacing` false, fails with EEXIST when the file exists (two
    /// processes creating the first key: the loser reads the winner's).
    static func create(_ key: SymmetricKey, at path: String, replacing: Bool) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SecretError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary) }
        let text = key.withUnsafeBytes { Hex.encode(Array($0), uppercase: false) } + "\n"
        let written = text.withCString { write(fd, $0, strlen($0)) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == text.utf8.count, synced else { throw SecretError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let placed = replacing ? rename(temporary, path) : link(temporary, path)
        guard placed == 0 else {
            if errno == EEXIST { throw SecretError.exists }
            throw SecretError("cannot place \(path): \(String(cString: strerror(errno)))")
        }
        syncDirectory(directory)
    }

    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// A one-line problem with the datastore key or a stored secret.
public struct SecretError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
    static let exists = SecretError("exists")
}

enum Hex {
    static func encode(_ bytes: [UInt8], uppercase: Bool) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = value(chars[index]), let low = value(chars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
