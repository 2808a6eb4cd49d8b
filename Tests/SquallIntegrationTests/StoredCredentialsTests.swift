import Foundation
import SquallEngine
import SquallModel
import XCTest

/// Credentials stored before the hashing moved behind `CredentialHashing` (SquallCredentials)
/// still verify: the same bcrypt and SHA-256 formats.
final class StoredCredentialsTests: EngineTestCase {
    func testAUserMadeByTheEarlierBuildStillLogsIn() throws {
        // Made by `squall user create olduser` of f921d1b (Engine+Users hashing with bcrypt itself).
        try engine.store.createUser(UserAccount(name: "olduser", passwordHash: "$2b$12$cmxLKnwlxFoS8TPf4n5d0ubgfHRG9UQsRq7avlZUxjCBjK8ECurPS"))
        XCTAssertEqual(try engine.authenticate(user: "olduser", password: "old store password")?.name, "olduser")
        XCTAssertNil(try engine.authenticate(user: "olduser", password: "another password"))
        XCTAssertNil(try engine.authenticate(user: "nobody", password: "old store password"))
        XCTAssertTrue(try engine.createUser("newuser", password: "pw").passwordHash.hasPrefix("$2b$12$"), "bcrypt, cost 12")
    }

    func testStoredTokenAndAPIKeyHashesStillMatch() throws {
        // Lowercase hex SHA-256 of the secret, as `printf '%s' 'a token made before' | sha256sum` prints it.
        let digest = "843b3f4e852be7e47705d327789aea5b1b173b1f80f347917cbd429c2c3bf631"
        try engine.createUser("olduser", password: "pw")
        try engine.store.saveToken(AuthToken(id: "t1", tokenHash: digest, user: "olduser", expiry: Date().addingTimeInterval(3600)))
        XCTAssertEqual(try engine.token("a token made before")?.id, "t1")
        try engine.store.createAPIKey(APIKeyRecord(id: "k1", keyHash: digest, user: "olduser"))
        XCTAssertEqual(try engine.apiKey(secret: "a token made before")?.id, "k1")
        XCTAssertNil(try engine.token("another token"))
    }

    func testAnEngineWithoutCredentialHashingRefusesInOneLine() throws {
        let bare = try Engine(settings: harness.settings, store: engine.store)
        for call in [{ _ = try bare.createUser("x", password: "pw") }, { _ = try bare.authenticate(user: "x", password: "pw") },
                     { _ = try bare.token("secret") }] as [() throws -> Void] {
            XCTAssertThrowsError(try call()) { error in
                XCTAssertEqual("\(error)", "users, tokens and API keys need squall-server (this process has no credential hashing)")
            }
        }
    }
}
