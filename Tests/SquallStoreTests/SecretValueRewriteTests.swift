import Foundation
import SquallModel
import SquallStore
import XCTest

/// Encrypted values: the flag round-trips, and a key rotation's rewrite is all or nothing.
final class SecretValueRewriteTests: StoreContractTestCase {
    struct Refused: Error, Equatable { let name: String }

    func testTheEncryptedFlagRoundTrips() {
        eachImplementation {
            let store = try makeStore()
            try store.setValue(KeyValuePair(name: "token", value: "C1PHER", secret: true, encrypted: true))
            try store.setValue(KeyValuePair(name: "legacy", value: "clear", secret: true))
            XCTAssertEqual(try store.value(scope: "system", name: "token")?.encrypted, true)
            XCTAssertEqual(try store.values(scope: "system", prefix: nil, limit: nil, offset: nil).map(\.encrypted), [false, true])
            try store.setValue(KeyValuePair(name: "token", value: "plain"))
            XCTAssertEqual(try store.value(scope: "system", name: "token")?.encrypted, false, "an upsert replaces the flag")
        }
    }

    func testRewriteChangesOnlySecretsAndMarksThemEncrypted() {
        eachImplementation {
            let store = try makeStore()
            try store.setValue(KeyValuePair(name: "plain", value: "p"))
            try store.setValue(KeyValuePair(name: "legacy", value: "clear", secret: true))
            try store.setValue(KeyValuePair(scope: "user", name: "alice:token", value: "OLD", secret: true, encrypted: true))
            var seen: [String: Bool] = [:]
            let count = try store.rewriteSecretValues { pair in
                seen[pair.name] = pair.encrypted
                return "NEW-" + pair.value
            }
            XCTAssertEqual(count, 2)
            XCTAssertEqual(seen, ["legacy": false, "alice:token": true])
            XCTAssertEqual(try store.value(scope: "system", name: "plain"), KeyValuePair(name: "plain", value: "p"))
            XCTAssertEqual(try store.value(scope: "system", name: "legacy"),
                           KeyValuePair(name: "legacy", value: "NEW-clear", secret: true, encrypted: true))
            XCTAssertEqual(try store.value(scope: "user", name: "alice:token")?.value, "NEW-OLD")
        }
    }

    func testARewriteThatThrowsChangesNothingAndItsErrorComesOut() {
        eachImplementation {
            let store = try makeStore()
            for name in ["a", "b", "c"] {
                try store.setValue(KeyValuePair(name: name, value: name.uppercased(), secret: true, encrypted: true))
            }
            let generation = try store.keyValueGeneration()
            var calls = 0
            XCTAssertThrowsError(try store.rewriteSecretValues { pair in
                calls += 1
                if calls == 2 { throw Refused(name: pair.name) }
                return "REWRITTEN"
            }) { error in XCTAssertNotNil(error as? Refused, "\(error)") }
            XCTAssertEqual(try store.values(scope: "system", prefix: nil, limit: nil, offset: nil).map(\.value), ["A", "B", "C"])
            XCTAssertEqual(try store.keyValueGeneration(), generation)
        }
    }
}
