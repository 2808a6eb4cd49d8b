import SquallModel

/// Encrypting and decrypting datastore values with one-line errors that name the key; shared by
/// the engine facade and the children's datastore requests.
struct SecretValues: Sendable {
    let cipher: (any SecretCipher)?

    /// `pair` with its value in clear when it is encrypted.
    func decrypted(_ pair: KeyValuePair) throws -> KeyValuePair {
        guard pair.encrypted else { return pair }
        var plain = pair
        plain.value = try decrypt(pair.value, name: pair.name)
        plain.encrypted = false
        return plain
    }

    func decrypt(_ stored: String, name: String) throws -> String {
        let cipher = try require()
        do { return try cipher.decrypt(stored) } catch {
            throw EngineError.badInput("key '\(name)': cannot decrypt: \(error)")
        }
    }

    func encrypt(_ plaintext: String, name: String) throws -> String {
        let cipher = try require()
        do { return try cipher.encrypt(plaintext) } catch {
            throw EngineError.badInput("key '\(name)': cannot encrypt: \(error); nothing was stored")
        }
    }

    func require() throws -> any SecretCipher {
        guard let cipher else {
            throw EngineError.badInput("no datastore key is configured in this process to encrypt or decrypt secrets")
        }
        return cipher
    }
}
