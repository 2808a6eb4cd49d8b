import Foundation
import SquallModel
import SquallStore
import XCTest

final class KeyValueStoreTests: StoreTestCase {
    func testSetThenGetAndUpsertReplaces() throws {
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

    func testScopesAreSeparate() throws {
        let store = try makeStore()
        try store.setValue(KeyValuePair(scope: "system", name: "k", value: "system value"))
        try store.setValue(KeyValuePair(scope: "user:stanley", name: "k", value: "user value"))
        XCTAssertEqual(try store.value(scope: "system", name: "k")?.value, "system value")
        XCTAssertEqual(try store.value(scope: "user:stanley", name: "k")?.value, "user value")
        XCTAssertNil(try store.value(scope: "user:other", name: "k"))
        XCTAssertEqual(try store.values(scope: "user:stanley", prefix: nil, limit: nil, offset: nil).map(\.value),
                       ["user value"])
    }

    func testListIsSortedByNameWithPrefixLimitAndOffset() throws {
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

    func testDeleteReportsWhetherSomethingWasThere() throws {
        let store = try makeStore()
        try store.setValue(KeyValuePair(name: "gone", value: "soon"))
        XCTAssertTrue(try store.deleteValue(scope: "system", name: "gone"))
        XCTAssertNil(try store.value(scope: "system", name: "gone"))
        XCTAssertFalse(try store.deleteValue(scope: "system", name: "gone"))
    }

    func testExpiredPairsAreInvisibleToEveryRead() throws {
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

    func testAnExpiredPairCanBeSetAgain() throws {
        let store = try makeStore()
        try store.setValue(KeyValuePair(name: "k", value: "old", expireTimestamp: Date(timeIntervalSinceNow: -1)))
        XCTAssertNil(try store.value(scope: "system", name: "k"))
        try store.setValue(KeyValuePair(name: "k", value: "new"))
        let stored = try XCTUnwrap(try store.value(scope: "system", name: "k"))
        XCTAssertEqual(stored.value, "new")
        XCTAssertNil(stored.expireTimestamp)
    }

    func testExpiredPairsAreDeletedFromTheFile() throws {
        let path = directory.appendingPathComponent("kv.sqlite").path
        let store = try SQLiteStore(path: path)
        let past = Date(timeIntervalSinceNow: -5)
        // A read of an expired pair deletes it.
        try store.setValue(KeyValuePair(name: "expired.0", value: "x", expireTimestamp: past))
        XCTAssertEqual(try storedNames(path), ["expired.0"])
        XCTAssertNil(try store.value(scope: "system", name: "expired.0"))
        XCTAssertEqual(try storedNames(path), [])
        // The next write sweeps expired pairs nobody read.
        try store.setValue(KeyValuePair(name: "expired.1", value: "x", expireTimestamp: past))
        XCTAssertEqual(try storedNames(path), ["expired.1"])
        try store.setValue(KeyValuePair(name: "live", value: "y"))
        XCTAssertEqual(try storedNames(path), ["live"])
    }

    /// Every row in the file, expired or not, read with the sqlite3 shell (a separate process).
    private func storedNames(_ path: String) throws -> [String] {
        let sqlite3 = Process()
        sqlite3.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite3.arguments = [path, "SELECT name FROM key_value_pairs ORDER BY name"]
        let pipe = Pipe()
        sqlite3.standardOutput = pipe
        try sqlite3.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        sqlite3.waitUntilExit()
        XCTAssertEqual(sqlite3.terminationStatus, 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
