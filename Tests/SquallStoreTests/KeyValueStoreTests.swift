import Foundation
import SquallModel
import SquallStore
import XCTest

final class KeyValueStoreTests: StoreContractTestCase {
    func testSetThenGetAndUpsertReplaces() {
        eachImplementation {
            let store = try makeStore()
            try store.setValue(KeyValuePair(name: "api_url", value: "http://one"))
            XCTAssertEqual(try store.value(scope: "system", name: "api_url")?.value, "http://one")
            let replacement = KeyValuePair(name: "api_url", value: "http://twö", secret: true,
                                           expireTimestamp: Date(timeIntervalSinceNow: 3600))
            try store.setValue(replacement)
            let stored = try XCTUnwrap(try store.value(scope: "system", name: "api_url"))
            XCTAssertEqual(stored.value, "http://twö")
            XCTAssertTrue(stored.secret)
            XCTAssertEqual(micros(stored.expireTimestamp), micros(replacement.expireTimestamp))
            XCTAssertEqual(try store.values(scope: "system", prefix: nil, limit: nil, offset: nil).count, 1)
        }
    }

    func testScopesAreSeparate() {
        eachImplementation {
            let store = try makeStore()
            try store.setValue(KeyValuePair(scope: "system", name: "k", value: "system value"))
            try store.setValue(KeyValuePair(scope: "user:stanley", name: "k", value: "user value"))
            XCTAssertEqual(try store.value(scope: "system", name: "k")?.value, "system value")
            XCTAssertEqual(try store.value(scope: "user:stanley", name: "k")?.value, "user value")
            XCTAssertNil(try store.value(scope: "user:other", name: "k"))
            XCTAssertEqual(try store.values(scope: "user:stanley", prefix: nil, limit: nil, offset: nil).map(\.value),
                           ["user value"])
        }
    }

    func testListIsSortedByNameWithPrefixLimitAndOffset() {
        eachImplementation {
            let store = try makeStore()
            for name in ["pack.b", "pack.a", "other.x", "pack.c", "Pack.d", "pack_e", "pack.d"] {
                try store.setValue(KeyValuePair(name: name, value: name.uppercased()))
            }
            func names(_ prefix: String?, _ limit: Int?, _ offset: Int?) throws -> [String] {
                try store.values(scope: "system", prefix: prefix, limit: limit, offset: offset).map(\.name)
            }
            XCTAssertEqual(try names(nil, nil, nil), ["Pack.d", "other.x", "pack.a", "pack.b", "pack.c", "pack.d", "pack_e"])
            // Case-sensitive, and neither '.' nor '_' acts as a wildcard.
            XCTAssertEqual(try names("pack.", nil, nil), ["pack.a", "pack.b", "pack.c", "pack.d"])
            XCTAssertEqual(try names("pack_", nil, nil), ["pack_e"])
            XCTAssertEqual(try names("pack.", 2, nil), ["pack.a", "pack.b"])
            XCTAssertEqual(try names("pack.", 2, 1), ["pack.b", "pack.c"])
            XCTAssertEqual(try names("pack.", nil, 3), ["pack.d"])
            XCTAssertEqual(try names("pack.", nil, 10), [])
            XCTAssertEqual(try names("nothing", nil, nil), [])
        }
    }

    func testDeleteReportsWhetherSomethingWasThere() {
        eachImplementation {
            let store = try makeStore()
            try store.setValue(KeyValuePair(name: "gone", value: "soon"))
            XCTAssertTrue(try store.deleteValue(scope: "system", name: "gone"))
            XCTAssertNil(try store.value(scope: "system", name: "gone"))
            XCTAssertFalse(try store.deleteValue(scope: "system", name: "gone"))
        }
    }

    func testExpiredPairsAreInvisibleToEveryRead() {
        eachImplementation {
            let store = try makeStore()
            let past = Date(timeIntervalSinceNow: -60)
            try store.setValue(KeyValuePair(name: "ttl.expired", value: "old", expireTimestamp: past))
            try store.setValue(KeyValuePair(name: "ttl.fresh", value: "new", expireTimestamp: Date(timeIntervalSinceNow: 3600)))
            try store.setValue(KeyValuePair(name: "ttl.forever", value: "always"))
            XCTAssertNil(try store.value(scope: "system", name: "ttl.expired"))
            XCTAssertEqual(try store.values(scope: "system", prefix: "ttl.", limit: nil, offset: nil).map(\.name),
                           ["ttl.forever", "ttl.fresh"])
            XCTAssertEqual(try store.value(scope: "system", name: "ttl.fresh")?.value, "new")
            XCTAssertFalse(try store.deleteValue(scope: "system", name: "ttl.expired"))
        }
    }

    func testAnExpiredPairCanBeSetAgain() {
        eachImplementation {
            let store = try makeStore()
            try store.setValue(KeyValuePair(name: "k", value: "old", expireTimestamp: Date(timeIntervalSinceNow: -1)))
            XCTAssertNil(try store.value(scope: "system", name: "k"))
            try store.setValue(KeyValuePair(name: "k", value: "new"))
            let stored = try XCTUnwrap(try store.value(scope: "system", name: "k"))
            XCTAssertEqual(stored.value, "new")
            XCTAssertNil(stored.expireTimestamp)
        }
    }
}
