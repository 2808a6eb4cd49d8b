/// Encrypts the datastore's secret values at rest. SquallSecrets implements it (AES-256-GCM with
/// a key file in the data directory); the engine only declares it, so it links no cipher itself.
public protocol SecretCipher: Sendable {
    /// The stored form of `plaintext` under the current key (created on first need).
    func encrypt(_ plaintext: String) throws -> String
    /// The plaintext of a stored form, under any key this cipher holds.
    func decrypt(_ stored: String) throws -> String
    /// Whether `text` has the shape of a stored form (so `decrypt_kv` passes other text through).
    func looksEncrypted(_ text: String) -> Bool
    /// Replaces the key. `rewrite` gets a cipher that encrypts under the new key and decrypts under
    /// old and new; it must re-encrypt every stored value in one transaction. The old key is
    /// removed only after `rewrite` returns; when it throws the new key is dropped instead.
    func rotate(_ rewrite: (any SecretCipher) throws -> Void) throws
}
