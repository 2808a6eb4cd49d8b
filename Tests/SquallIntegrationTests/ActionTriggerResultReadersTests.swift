@testable import SquallEngine
import SquallModel
import SquallRules
import XCTest

/// Which rules on the action trigger make the server build a big result's value: any that may
/// read `trigger.result`; the others match and render on the payload without it.
final class ActionTriggerResultReadersTests: XCTestCase {
    private func rule(criteria: [String: JSONValue] = [:], parameters: [String: JSONValue] = [:]) -> Rule {
        Rule(name: "r", pack: "p", enabled: true, triggerType: BuiltinTriggers.actionTrigger, criteria: criteria,
             actionRef: "core.noop", actionParameters: parameters)
    }

    func testRulesThatNeverReadTheResultDoNotNeedIt() {
        XCTAssertFalse(ActionTriggerResultReaders.reads(rule()))
        XCTAssertFalse(ActionTriggerResultReaders.reads(rule(
            criteria: ["trigger.status": ["type": "equals", "pattern": "succeeded"],
                       "trigger.action_ref": ["type": "equals", "pattern": "{{ system.ref }}"],
                       "system.flag": ["type": "equals", "pattern": "on"]],
            parameters: ["id": "{{ trigger.execution_id }}", "nested": ["a": ["{{trigger.results_seen}}", "retrigger"]]])))
    }

    func testEveryWayOfReachingTheResultNeedsIt() {
        let readers: [Rule] = [
            rule(criteria: ["trigger.result.result.count": ["type": "gt", "pattern": 1]]),
            rule(criteria: ["trigger.result": ["type": "exists"]]),
            rule(criteria: ["*.status": ["type": "equals", "pattern": "succeeded"]]),
            rule(criteria: ["trigger.status": ["type": "equals", "pattern": "{{ trigger.result.stdout }}"]]),
            rule(parameters: ["all": "{{ trigger }}"]),
            rule(parameters: ["all": "{{ trigger | tojson }}"]),
            rule(parameters: ["r": "{{ trigger['result'] }}"]),
            rule(parameters: ["r": ["deep": ["{{ trigger.result.result.records[0] }}"]]]),
        ]
        for reader in readers {
            XCTAssertTrue(ActionTriggerResultReaders.reads(reader), "\(reader.criteria) \(reader.actionParameters)")
        }
    }
}
