import Foundation
import SquallModel
import SquallSecrets
import SquallSQLiteStore
import XCTest

/// `squall key rotate` while other processes write secrets: every secret written, before, during
/// or after a rotation, decrypts with the keys left at the end (none is sealed under a key the
/// rotation then removes).
final class KeyRotationRaceTests: XCTestCase {
    func testSecretsWrittenByAnotherProcessDuringRotationsStayReadable() throws {
        let harness = try IntegrationHarness()
        defer { harness.remove() }
        let keys = harness.dataDirectory + "/keys"
        func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments, environment: harness.commandLineEnvironment) }
        XCTAssertEqual(try squall(["key", "set", "seed", "v", "--encrypt"]).status, 0)
        // Many secrets make each rotation's transaction long, so writers start inside it.
        let store = try SQLiteStore(path: harness.settings.databasePath)
        let cipher = DatastoreCipher(directory: keys)
        for index in 0..<400 {
            try store.setValue(KeyValuePair(name: "bulk\(index)", value: try cipher.encrypt("bulk value \(index)"), secret: true, encrypted: true))
        }

        let writes = 40
        let environment = harness.commandLineEnvironment
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                for round in 0..<6 where (try? harness.squall(["key", "rotate"], environment: environment))?.status != 0 {
                    failures.add("rotate \(round) failed")
                }
            } else {
                let arguments = { (index: Int) in ["key", "set", "w\(index)", "written \(index)", "--encrypt"] }
                for index in 0..<writes where (try? harness.squall(arguments(index), environment: environment))?.status != 0 {
                    failures.add("key set w\(index) failed")
                }
            }
        }
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: keys), ["datastore_key"])
        var unreadable: [String] = []
        for pair in try store.values(scope: "system", prefix: nil, limit: nil, offset: nil) where pair.encrypted {
            if (try? cipher.decrypt(pair.value)) == nil { unreadable.append(pair.name) }
        }
        XCTAssertEqual(unreadable, [], "secrets sealed under a key the rotation removed")
        for index in 0..<writes {
            let got = try store.value(scope: "system", name: "w\(index)").map { try cipher.decrypt($0.value) }
            XCTAssertEqual(got, "written \(index)")
        }
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.lock(); failures.append(failure); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return failures }
}
