import SquallModel

/// Datastore secrets at rest: encrypted by `secretCipher` when set, decrypted only for an admin's
/// `--decrypt`, a child's `get_value(decrypt=True)` and templates' `decrypt_kv`.
extension Engine {
    /// Re-encrypts every secret under a new datastore key in one transaction (secrets stored in
    /// clear before squall encrypted them are encrypted too). Returns how many values.
    @discardableResult
    public func rotateDatastoreKey() throws -> Int {
        let cipher = try secrets.require()
        var count = 0
        do {
            try cipher.rotate { rotating, install in
                // The new key is installed inside the rewrite's transaction, so that a secret
                // written meanwhile by another process (sealed inside its own write transaction)
                // is either rewritten here or sealed under the new key.
                count = try store.rewriteSecretValues({ pair in
                    do {
                        return try rotating.encrypt(pair.encrypted ? try rotating.decrypt(pair.value) : pair.value)
                    } catch {
                        throw EngineError.badInput("key '\(pair.name)': \(error); nothing was changed")
                    }
                }, beforeCommit: install)
            }
        } catch let error as EngineError {
            throw error
        } catch {
            // A key file the operator must fix (missing, corrupt, unwritable): the old key stays.
            throw EngineError.badInput("cannot rotate the datastore key: \(error); nothing was changed")
        }
        return count
    }

    var secrets: SecretValues { SecretValues(cipher: secretCipher) }

    /// A value given as already encrypted must decrypt with our key, or it could never be read.
    func checkedEncrypted(_ value: String, name: String) throws -> String {
        _ = try secrets.decrypt(value, name: name)
        return value
    }
}
