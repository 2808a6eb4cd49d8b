import Crypto
import Foundation
import SquallEngine

/// AES-256-GCM for datastore secrets. The stored form is st2's shape, upper-case hex, of
/// nonce (12 bytes) + ciphertext + tag (16 bytes). The key lives in `<keys>/datastore_key`,
/// created on first need; during a rotation the new key waits in `datastore_key.<id>.pending`
/// and decryption tries every key present, so an interrupted rotation leaves everything readable.
/// Key files are read at each use: another process's rotation takes effect at once.
public struct DatastoreCipher: SecretCipher {
    public let directory: String
    public static let keyFileName = "datastore_key"
    private static let overhead = 12 + 16

    public init(directory: String) { self.directory = directory }

    var currentPath: String { directory + "/" + Self.keyFileName }

    public func encrypt(_ plaintext: String) throws -> String {
        try Self.seal(plaintext, with: try currentKeyCreatingIt())
    }

    public func decrypt(_ stored: String) throws -> String {
        try Self.open(stored, with: try keysForDecryption(), directory: directory)
    }

    public func looksEncrypted(_ text: String) -> Bool {
        text.utf8.count >= 2 * (Self.overhead + 1) && text.utf8.count % 2 == 0
            && text.utf8.allSatisfy { (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "A") ... UInt8(ascii: "F")).contains($0) }
    }

    public func rotate(_ rewrite: (any SecretCipher, () throws -> Void) throws -> Void) throws {
        let old = try keysForDecryption()
        let new = SymmetricKey(size: .bits256)
        let id = UUID().uuidString.prefix(8).lowercased()
        let pendingPath = directory + "/\(Self.keyFileName).\(id).pending"
        let retiredPath = directory + "/\(Self.keyFileName).\(id).retired"
        // The new key is on disk before any value is encrypted under it.
        try DatastoreKeyFile.create(new, at: pendingPath, replacing: false)
        var installed = false
        do {
            try rewrite(RotatingCipher(new: new, old: old, directory: directory)) {
                // Inside the rewrite's transaction: the new key becomes current (one rename, so
                // there is always a current key), the old one stays readable as `.retired` until
                // the rewrite has committed.
                if link(currentPath, retiredPath) != 0 && errno != ENOENT {
                    throw SecretError("cannot keep the old key as \(retiredPath): \(String(cString: strerror(errno)))")
                }
                guard rename(pendingPath, currentPath) == 0 else {
                    throw SecretError("\(pendingPath) could not become \(currentPath): \(String(cString: strerror(errno)))")
                }
                DatastoreKeyFile.syncDirectory(directory)
                installed = true
            }
        } catch {
            if installed {
                // The transaction did not commit after all: the old key is current again, the new
                // one kept as pending (a writer may have used it meanwhile).
                _ = link(currentPath, pendingPath)
                _ = rename(retiredPath, currentPath)
            } else {
                unlink(pendingPath)
                unlink(retiredPath)
            }
            throw error
        }
        // Every value is now under the new key: the old key goes, with keys left by interrupted rotations.
        for stale in keyPaths(suffix: ".pending") + keyPaths(suffix: ".retired") { unlink(stale) }
        DatastoreKeyFile.syncDirectory(directory)
    }

    // MARK: - Keys

    private func currentKeyCreatingIt() throws -> SymmetricKey {
        if let key = try DatastoreKeyFile(path: currentPath).read() { return key }
        do {
            try DatastoreKeyFile.create(SymmetricKey(size: .bits256), at: currentPath, replacing: false)
        } catch let error as SecretError where error == .exists {
            // Another process created it first: use theirs.
        }
        guard let key = try DatastoreKeyFile(path: currentPath).read() else { throw SecretError("datastore key \(currentPath) vanished") }
        return key
    }

    /// The current key, then any pending ones (a rotation under way or interrupted), then retired
    /// ones (a rotation's old key until its rewrite committed); empty when there is no key at all.
    private func keysForDecryption() throws -> [SymmetricKey] {
        var keys: [SymmetricKey] = []
        if let current = try DatastoreKeyFile(path: currentPath).read() { keys.append(current) }
        for path in keyPaths(suffix: ".pending") + keyPaths(suffix: ".retired") {
            if let other = try DatastoreKeyFile(path: path).read() { keys.append(other) }
        }
        return keys
    }

    private func keyPaths(suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(Self.keyFileName + ".") && $0.hasSuffix(suffix) }.sorted()
            .map { directory + "/" + $0 }
    }

    // MARK: - AES-GCM

    static func seal(_ plaintext: String, with key: SymmetricKey) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw SecretError("AES-GCM produced no combined form") }
        return Hex.encode(Array(combined), uppercase: true)
    }

    static func open(_ stored: String, with keys: [SymmetricKey], directory: String) throws -> String {
        guard let bytes = Hex.decode(stored), bytes.count >= overhead else {
            throw SecretError("the stored value is not an encrypted value (not hex of nonce, ciphertext and tag)")
        }
        guard !keys.isEmpty else {
            throw SecretError("the datastore key \(directory)/\(keyFileName) is missing")
        }
        let box: AES.GCM.SealedBox
        do { box = try AES.GCM.SealedBox(combined: bytes) } catch {
            throw SecretError("the stored value is not an encrypted value")
        }
        for key in keys {
            if let plain = try? AES.GCM.open(box, using: key) {
                guard let text = String(data: plain, encoding: .utf8) else { throw SecretError("the decrypted value is not UTF-8") }
                return text
            }
        }
        throw SecretError("the stored value does not decrypt with the datastore key in \(directory) (tampered, or encrypted under another key)")
    }
}

/// What a rotation's rewrite works with: encrypts under the new key, decrypts under old and new.
/// Immutable; SymmetricKey is not marked Sendable in this swift-crypto.
private struct RotatingCipher: SecretCipher, @unchecked Sendable {
    let new: SymmetricKey
    let old: [SymmetricKey]
    let directory: String

    func encrypt(_ plaintext: String) throws -> String { try DatastoreCipher.seal(plaintext, with: new) }
    func decrypt(_ stored: String) throws -> String { try DatastoreCipher.open(stored, with: old + [new], directory: directory) }
    func looksEncrypted(_ text: String) -> Bool { DatastoreCipher(directory: directory).looksEncrypted(text) }
    func rotate(_ rewrite: (any SecretCipher, () throws -> Void) throws -> Void) throws {
        throw SecretError("a rotation is already under way")
    }
}
