import Foundation
import SquallModel
import SquallStore
import XCTest

/// Users, tokens and API keys of the HTTP API, in a real SQLite file and in memory.
final class AuthStoreTests: StoreContractTestCase {
    func testUsersRoundTripAcrossOpeningsAndNamesAreUnique() {
        eachImplementation {
            let store = try makeStore()
            let alice = UserAccount(name: "alice", passwordHash: "$2b$12$hash-a", isAdmin: true, createdAt: date(1_700_000_000.5))
            try store.createUser(alice)
            try store.createUser(UserAccount(name: "bob", passwordHash: "$2b$12$hash-b", createdAt: date(1_700_000_001)))
            XCTAssertThrowsError(try store.createUser(UserAccount(name: "alice", passwordHash: "other"))) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .duplicateID)
            }
            let reopened = try makeStore()
            XCTAssertEqual(try reopened.user(named: "alice"), alice)
            XCTAssertEqual(try reopened.users().map(\.name), ["alice", "bob"])
            XCTAssertTrue(try reopened.setPasswordHash("$2b$12$new", forUser: "bob"))
            XCTAssertFalse(try reopened.setPasswordHash("$2b$12$new", forUser: "nobody"))
            XCTAssertEqual(try reopened.user(named: "bob")?.passwordHash, "$2b$12$new")
            XCTAssertNil(try reopened.user(named: "nobody"))
        }
    }

    func testTokensAreFoundByHashUntilTheyExpireAndAPasswordChangeEndsThem() {
        eachImplementation {
            let store = try makeStore()
            try store.createUser(UserAccount(name: "alice", passwordHash: "h"))
            let live = AuthToken(id: "t1", tokenHash: "live-hash", user: "alice", expiry: Date().addingTimeInterval(3600),
                                 createdAt: date(1_700_000_000))
            try store.saveToken(live)
            try store.saveToken(AuthToken(id: "t2", tokenHash: "old-hash", user: "alice", expiry: Date().addingTimeInterval(-1)))
            XCTAssertEqual(try makeStore().token(hash: "live-hash")?.id, "t1")
            XCTAssertEqual(try store.token(hash: "live-hash")?.user, "alice")
            XCTAssertNil(try store.token(hash: "old-hash"), "an expired token is not found")
            XCTAssertNil(try store.token(hash: "unknown"))
            try store.setPasswordHash("h2", forUser: "alice")
            XCTAssertNil(try store.token(hash: "live-hash"), "a new password ends the old sessions")
        }
    }

    func testAPIKeysByIdOrHashUpdateAndDeleteWithTheirUser() {
        eachImplementation {
            let store = try makeStore()
            try store.createUser(UserAccount(name: "alice", passwordHash: "h"))
            try store.createUser(UserAccount(name: "bob", passwordHash: "h"))
            let first = APIKeyRecord(id: "k1", keyHash: "hash-1", user: "alice", metadata: ["purpose": "ci"], createdAt: date(1_700_000_000))
            try store.createAPIKey(first)
            try store.createAPIKey(APIKeyRecord(id: "k2", keyHash: "hash-2", user: "bob", createdAt: date(1_700_000_001)))
            XCTAssertThrowsError(try store.createAPIKey(APIKeyRecord(id: "k3", keyHash: "hash-1", user: "bob"))) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .duplicateID, "a hash is one key's")
            }
            let reopened = try makeStore()
            XCTAssertEqual(try reopened.apiKey(id: "k1"), first)
            XCTAssertEqual(try reopened.apiKey(hash: "hash-2")?.id, "k2")
            XCTAssertEqual(try reopened.apiKeys(user: nil).map(\.id), ["k1", "k2"])
            XCTAssertEqual(try reopened.apiKeys(user: "bob").map(\.id), ["k2"])

            var disabled = first
            disabled.enabled = false
            XCTAssertTrue(try reopened.updateAPIKey(disabled))
            XCTAssertEqual(try reopened.apiKey(id: "k1")?.enabled, false)
            XCTAssertTrue(try reopened.deleteAPIKey(id: "k1"))
            XCTAssertFalse(try reopened.deleteAPIKey(id: "k1"))

            XCTAssertTrue(try reopened.deleteUser(named: "bob"))
            XCTAssertNil(try reopened.apiKey(id: "k2"), "a deleted user's keys go with them")
            XCTAssertFalse(try reopened.deleteUser(named: "bob"))
        }
    }
}
