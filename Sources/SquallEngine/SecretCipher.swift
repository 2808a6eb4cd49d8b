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
    /// old and new, and `install`, which makes the new key current (the old one stays readable);
    /// it must re-encrypt every stored value and call `install` in one transaction, before it
    /// commits: writers encrypt inside their own write transactions (`setValue(_:sealing:)`), so
    /// none can encrypt under the old key and commit after the rewrite. The old key is removed
    /// only after `rewrite` returns; when it throws the new key is dropped instead.
    func rotate(_ rewrite: (_ cipher: any SecretCipher, _ install: () throws -> Void) throws -> Void) throws
}
