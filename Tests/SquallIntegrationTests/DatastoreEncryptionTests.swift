import Foundation
import SquallModel
import SquallSecrets
import SquallSQLiteStore
import XCTest

/// Datastore secrets at rest (`key set --encrypt`, `set_value(..., encrypt=True)`): AES-256-GCM in
/// the store, the key in `<data-dir>/keys/datastore_key`, clear text only where st2 gives it.
final class DatastoreEncryptionTests: XCTestCase {
    var harness: IntegrationHarness!
    let secret = "s3cr3t-Pa55word"
    let childSecret = "p1a1n-from-the-child"

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    var keyFile: String { harness.dataDirectory + "/keys/datastore_key" }

    func squall(_ arguments: [String]) throws -> Outcome {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = harness.dataDirectory + "/extra-packs"
        return try harness.squall(arguments, environment: environment)
    }

    @discardableResult
    func succeeding(_ arguments: [String]) throws -> String {
        let outcome = try squall(arguments)
        XCTAssertEqual(outcome.status, 0, "squall \(arguments): \(outcome.stdout)\(outcome.stderr)")
        return outcome.stdout.trimmingCharacters(in: .newlines)
    }

    /// A one-line error, exit status 2 (bad input).
    func failing(_ arguments: [String]) throws -> String {
        let outcome = try squall(arguments)
        XCTAssertEqual(outcome.status, 2, "squall \(arguments): \(outcome.stdout)\(outcome.stderr)")
        XCTAssertEqual(outcome.stderr.filter { $0 == "\n" }.count, 1, outcome.stderr)
        return outcome.stderr
    }

    /// `stored` with its last hex digit changed (the GCM tag no longer matches).
    func tampered(_ stored: String) -> String {
        String(stored.dropLast()) + (stored.last == "0" ? "1" : "0")
    }

    func isEncryptedHex(_ text: String) -> Bool {
        text.count > 2 * 28 && text.allSatisfy { "0123456789ABCDEF".contains($0) }
    }

    /// `text` as a Python expression that does not hold it verbatim (the probe's source is in the data directory too).
    func python(_ text: String) -> String { "\"\(String(text.reversed()))\"[::-1]" }

    /// A python action that gets the secret three ways (a secret parameter rendered with
    /// decrypt_kv, get_value with and without decrypt) and stores one of its own encrypted;
    /// it returns only comparisons, never the values.
    func writeVaultPack() throws {
        _ = try harness.writeProbePack("vault", files: [
            "actions/probe.yaml": """
            name: probe
            runner_type: python-script
            entry_point: probe.py
            parameters:
              token:
                type: string
                secret: true
                default: "{{ st2kv.system.db_password | decrypt_kv }}"
              stored_form:
                type: string
                default: "{{ st2kv.system.db_password }}"
            """,
            "actions/probe.py": """
            from st2common.runners.base_action import Action

            class Probe(Action):
                def run(self, token, stored_form):
                    service = self.action_service
                    service.set_value("from_child", \(python(childSecret)), local=False, encrypt=True)
                    return {
                        "parameter_decrypted": token == \(python(secret)),
                        "template_without_filter_is_stored_form": stored_form == service.get_value("db_password", local=False),
                        "get_value_decrypted": service.get_value("db_password", local=False, decrypt=True) == \(python(secret)),
                        "get_value_encrypted": service.get_value("db_password", local=False) != \(python(secret)),
                        "own_secret_reads_back": service.get_value("from_child", local=False, decrypt=True) == \(python(childSecret)),
                    }
            """,
        ])
    }

    func testSecretsAreEncryptedAtRestAndClearOnlyWhenAskedOrRenderedForAChild() throws {
        try writeVaultPack()
        XCTAssertEqual(try succeeding(["key", "set", "db_password", secret, "--encrypt"]), "db_password set (encrypted)")
        try succeeding(["key", "set", "greeting", "hello"])

        // The key file: created on first need, 0600 in a 0700 directory.
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: harness.dataDirectory + "/keys")
        XCTAssertEqual((directory[.posixPermissions] as? NSNumber)?.intValue, 0o700)

        // Shown as st2 shows it: the encrypted hex, unless --decrypt.
        let stored = try succeeding(["key", "get", "db_password"])
        XCTAssertTrue(isEncryptedHex(stored), stored)
        XCTAssertEqual(try succeeding(["key", "get", "db_password", "--decrypt"]), secret)
        let listed = try squall(["key", "list"])
        XCTAssertTrue(listed.stdout.contains(stored) && !listed.stdout.contains(secret), listed.stdout)
        let json = try JSONValue.parse(try succeeding(["key", "list", "-j"]))
        let pair = try XCTUnwrap(json.arrayValue?.first { $0["name"] == "db_password" })
        XCTAssertEqual(pair["secret"], true)
        XCTAssertEqual(pair["encrypted"], true)
        XCTAssertEqual(pair["value"]?.stringValue, stored)
        let decrypted = try JSONValue.parse(try succeeding(["key", "list", "-j", "--decrypt"]))
        XCTAssertEqual(decrypted.arrayValue?.first { $0["name"] == "db_password" }?["value"]?.stringValue, secret)

        // A child gets the clear text where st2 gives it, and stores its own secret encrypted.
        let run = try squall(["run", "vault.probe", "-j"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertFalse(run.stdout.contains(secret), "the run's output shows the secret: \(run.stdout)")
        let result = try JSONValue.parse(run.stdout)["result"]?["result"]
        XCTAssertEqual(result, ["parameter_decrypted": true, "template_without_filter_is_stored_form": true,
                                "get_value_decrypted": true, "get_value_encrypted": true, "own_secret_reads_back": true])
        let fromChild = try succeeding(["key", "get", "from_child"])
        XCTAssertTrue(isEncryptedHex(fromChild), fromChild)
        XCTAssertEqual(try succeeding(["key", "get", "from_child", "--decrypt"]), childSecret)
        XCTAssertFalse(try succeeding(["execution", "list", "-j"]).contains(secret))

        // Neither secret is in any file of the data directory (database, WAL, logs, records).
        XCTAssertEqual(harness.filesContaining(secret), [])
        XCTAssertEqual(harness.filesContaining(childSecret), [])
        XCTAssertFalse(harness.filesContaining("hello").isEmpty, "the search does find what is stored in clear")
    }

    func testRotationReencryptsEverySecretAndReplacesTheKey() throws {
        try succeeding(["key", "set", "one", "first-secret", "--encrypt"])
        try succeeding(["key", "set", "two", "second-secret", "--encrypt"])
        try succeeding(["key", "set", "plain", "not-secret"])
        // A secret set before squall encrypted secrets: in clear, marked secret, masked.
        try SQLiteStore(path: harness.settings.databasePath).setValue(KeyValuePair(name: "legacy", value: "old-clear-secret", secret: true))
        XCTAssertEqual(try succeeding(["key", "get", "legacy"]), maskedSecret)
        let before = try [succeeding(["key", "get", "one"]), succeeding(["key", "get", "two"])]
        let oldKey = try String(contentsOfFile: keyFile, encoding: .utf8)

        XCTAssertEqual(try succeeding(["key", "rotate"]), "datastore key rotated; 3 secret values re-encrypted")

        let after = try [succeeding(["key", "get", "one"]), succeeding(["key", "get", "two"])]
        XCTAssertNotEqual(after[0], before[0])
        XCTAssertNotEqual(after[1], before[1])
        XCTAssertNotEqual(try String(contentsOfFile: keyFile, encoding: .utf8), oldKey)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: harness.dataDirectory + "/keys"), ["datastore_key"])
        XCTAssertEqual(try succeeding(["key", "get", "one", "--decrypt"]), "first-secret")
        XCTAssertEqual(try succeeding(["key", "get", "two", "--decrypt"]), "second-secret")
        XCTAssertEqual(try succeeding(["key", "get", "plain"]), "not-secret")
        XCTAssertTrue(isEncryptedHex(try succeeding(["key", "get", "legacy"])))
        XCTAssertEqual(try succeeding(["key", "get", "legacy", "--decrypt"]), "old-clear-secret")
        XCTAssertEqual(harness.filesContaining("old-clear-secret"), [], "the clear value is overwritten, not left in a free page or the WAL")
        // The old ciphertexts are of no use with the new key.
        XCTAssertThrowsError(try DatastoreCipher(directory: harness.dataDirectory + "/keys").decrypt(before[0]))
    }

    func testAnInterruptedRotationLeavesEverythingReadable() throws {
        try succeeding(["key", "set", "one", "first-secret", "--encrypt"])
        let keys = harness.dataDirectory + "/keys"
        let oldKey = try Data(contentsOf: URL(fileURLWithPath: keyFile))

        // Interrupted after the new key was written, before the values were committed.
        let spare = harness.dataDirectory + "/spare-keys"
        _ = try DatastoreCipher(directory: spare).encrypt("makes a key")
        try FileManager.default.copyItem(atPath: spare + "/datastore_key", toPath: keys + "/datastore_key.0a0a0a0a.pending")
        XCTAssertEqual(try succeeding(["key", "get", "one", "--decrypt"]), "first-secret")

        // Interrupted after the commit, before the new key replaced the old: rotate, then put the
        // old key back as current and the new one as pending, as a crash between the two leaves them.
        try FileManager.default.removeItem(atPath: keys + "/datastore_key.0a0a0a0a.pending")
        try succeeding(["key", "rotate"])
        try FileManager.default.moveItem(atPath: keyFile, toPath: keys + "/datastore_key.1b1b1b1b.pending")
        try oldKey.write(to: URL(fileURLWithPath: keyFile))
        XCTAssertEqual(try succeeding(["key", "get", "one", "--decrypt"]), "first-secret")
        // Writes go on meanwhile (under the old key), and the next rotation sorts it all out.
        try succeeding(["key", "set", "two", "second-secret", "--encrypt"])
        XCTAssertEqual(try succeeding(["key", "rotate"]), "datastore key rotated; 2 secret values re-encrypted")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: keys), ["datastore_key"])
        XCTAssertEqual(try succeeding(["key", "get", "one", "--decrypt"]), "first-secret")
        XCTAssertEqual(try succeeding(["key", "get", "two", "--decrypt"]), "second-secret")
    }

    func testATamperedValueStopsARotationWithOneLineAndChangesNothing() throws {
        try succeeding(["key", "set", "good", "good-secret", "--encrypt"])
        try succeeding(["key", "set", "bad", "bad-secret", "--encrypt"])
        let good = try succeeding(["key", "get", "good"])
        let bad = try succeeding(["key", "get", "bad"])
        let forged = tampered(bad)
        try SQLiteStore(path: harness.settings.databasePath)
            .setValue(KeyValuePair(name: "bad", value: forged, secret: true, encrypted: true))
        let keyBefore = try String(contentsOfFile: keyFile, encoding: .utf8)

        let error = try failing(["key", "rotate"])
        XCTAssertTrue(error.contains("key 'bad'") && error.contains("nothing was changed"), error)
        XCTAssertEqual(try String(contentsOfFile: keyFile, encoding: .utf8), keyBefore)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: harness.dataDirectory + "/keys"), ["datastore_key"])
        XCTAssertEqual(try succeeding(["key", "get", "good"]), good)
        XCTAssertEqual(try succeeding(["key", "get", "good", "--decrypt"]), "good-secret")

        let read = try failing(["key", "get", "bad", "--decrypt"])
        XCTAssertTrue(read.contains("key 'bad': cannot decrypt") && read.contains("tampered"), read)
        XCTAssertEqual(try succeeding(["key", "get", "bad"]), forged, "without --decrypt it shows as stored")
    }

    func testAMissingOrCorruptKeyFileIsAOneLineErrorAndStoresNothing() throws {
        try succeeding(["key", "set", "token", "the-token", "--encrypt"])

        try "not a key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        let corrupt = try failing(["key", "get", "token", "--decrypt"])
        XCTAssertTrue(corrupt.contains("key 'token'") && corrupt.contains("datastore_key is corrupt"), corrupt)
        let refused = try failing(["key", "set", "other", "x", "--encrypt"])
        XCTAssertTrue(refused.contains("key 'other'") && refused.contains("nothing was stored"), refused)
        XCTAssertTrue(try failing(["key", "rotate"]).contains("corrupt"))
        XCTAssertNotEqual(try squall(["key", "get", "other"]).status, 0, "nothing was stored")

        try FileManager.default.removeItem(atPath: keyFile)
        let missing = try failing(["key", "get", "token", "--decrypt"])
        XCTAssertTrue(missing.contains("key 'token'") && missing.contains("datastore_key is missing"), missing)
        XCTAssertTrue(isEncryptedHex(try succeeding(["key", "get", "token"])), "the stored value is still shown as stored")
    }

    func testDecryptKvWithATamperedValueFailsTheRunWithOneLine() throws {
        try writeVaultPack()
        try succeeding(["key", "set", "db_password", secret, "--encrypt"])
        let stored = try succeeding(["key", "get", "db_password"])
        try SQLiteStore(path: harness.settings.databasePath)
            .setValue(KeyValuePair(name: "db_password", value: tampered(stored), secret: true, encrypted: true))
        let error = try failing(["run", "vault.probe"])
        XCTAssertTrue(error.contains("parameter 'token'") && error.contains("decrypt_kv"), error)
    }

    func testPackConfigSecretsGoToTheDatastoreEncryptedAndReachTheActionInClear() throws {
        _ = try harness.writeProbePack("cfgvault", files: [
            "config.schema.yaml": "api_token:\n  type: string\n  secret: true\n  required: true\nregion:\n  type: string\n",
            "actions/probe.py": """
            from st2common.runners.base_action import Action

            class Probe(Action):
                def run(self):
                    return {"token_ok": self.config["api_token"] == \(python("cfg-s3cret-value")), "region": self.config["region"]}
            """,
        ])
        try succeeding(["pack", "config", "cfgvault", "--set", "api_token=cfg-s3cret-value", "--set", "region=eu-west"])
        let file = try String(contentsOfFile: harness.dataDirectory + "/configs/cfgvault.yaml", encoding: .utf8)
        XCTAssertEqual(file, "api_token: '{{ st2kv.system[\"cfgvault.config.api_token\"] | decrypt_kv }}'\nregion: eu-west\n")
        XCTAssertTrue(isEncryptedHex(try succeeding(["key", "get", "cfgvault.config.api_token"])))

        let run = try squall(["run", "cfgvault.probe", "-j"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try JSONValue.parse(run.stdout)["result"]?["result"], ["token_ok": true, "region": "eu-west"])
        XCTAssertEqual(harness.filesContaining("cfg-s3cret-value"), [])

        // Rotation covers them: they live in the datastore.
        try succeeding(["key", "rotate"])
        XCTAssertEqual(try JSONValue.parse(try succeeding(["run", "cfgvault.probe", "-j"]))["result"]?["result"]?["token_ok"], true)
    }
}
