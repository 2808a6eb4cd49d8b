import Foundation
import SquallModel
import SquallStore
import XCTest

/// Created rules and overrides of pack-file rules, in a real SQLite file.
final class RuleStateStoreTests: StoreContractTestCase {
    func testStatesRoundTripAcrossOpeningsAndPackRegisterForgetsOnlyFileOverrides() {
        eachImplementation {
            let store = try makeStore()
            let created = StoredRuleState(ref: "p.made", pack: "p", document: ["name": "made", "pack": "p", "enabled": true])
            try store.saveRuleState(created)
            try store.saveRuleState(StoredRuleState(ref: "p.from_file", pack: "p", enabled: false))
            try store.saveRuleState(StoredRuleState(ref: "p.gone", pack: "p", deleted: true))
            try store.saveRuleState(StoredRuleState(ref: "q.other", pack: "q", enabled: true))
            // Saving again replaces.
            try store.saveRuleState(StoredRuleState(ref: "p.from_file", pack: "p", enabled: true))

            let reopened = try makeStore()
            XCTAssertEqual(try reopened.ruleStates(), [
                StoredRuleState(ref: "p.from_file", pack: "p", enabled: true),
                StoredRuleState(ref: "p.gone", pack: "p", deleted: true),
                created,
                StoredRuleState(ref: "q.other", pack: "q", enabled: true),
            ])

            XCTAssertEqual(try reopened.clearFileRuleStates(pack: "p"), 2)
            XCTAssertEqual(try reopened.ruleStates().map(\.ref), ["p.made", "q.other"])
            XCTAssertTrue(try reopened.deleteRuleState(ref: "p.made"))
            XCTAssertFalse(try reopened.deleteRuleState(ref: "p.made"))
            XCTAssertEqual(try reopened.ruleStates().map(\.ref), ["q.other"])
        }
    }
}
