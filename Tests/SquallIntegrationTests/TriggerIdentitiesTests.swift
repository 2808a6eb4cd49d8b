@testable import SquallEngine
import SquallModel
import SquallRules
import XCTest

/// Which trigger dicts a sensor is told about as rules come, change and go (st2's shared Triggers).
final class TriggerIdentitiesTests: XCTestCase {
    let sensor = SensorDefinition(pack: "p", className: "S", entryPoint: "s.py",
                                  triggerTypes: [TriggerType(pack: "p", name: "event")], metadataFile: "", packPath: "")

    func rule(_ name: String, _ parameters: [String: JSONValue], type: String = "p.event") -> Rule {
        Rule(name: name, pack: "p", enabled: true, triggerType: type, triggerParameters: parameters, actionRef: "core.noop")
    }

    func updates(_ identities: inout TriggerIdentities, from rules: [Rule], to next: [Rule]) -> [String] {
        identities.assign(rules)
        let before = identities.dicts(for: sensor)
        identities.assign(next)
        return SensorSupervisor.triggerUpdates(from: before, to: identities.dicts(for: sensor)).map { message in
            guard case .triggerUpdate(let operation, let trigger) = message else { return "?" }
            return "\(operation.rawValue) \(trigger["id"]?.stringValue ?? "") \(trigger["parameters"]?["url"]?.stringValue ?? "")"
        }
    }

    func testSharedTriggersChangedParametersAndOtherTypes() {
        var ids = TriggerIdentities()
        let a = rule("a", ["url": "/x"]), b = rule("b", ["url": "/x"])
        // A second rule on the same trigger adds nothing; the trigger goes with the last rule.
        XCTAssertEqual(updates(&ids, from: [a], to: [a, b]), [])
        XCTAssertEqual(updates(&ids, from: [a, b], to: [b]), [])
        XCTAssertEqual(updates(&ids, from: [b], to: []), ["remove trigger-1 /x"])
        // The only rule on a trigger changes its parameters: the trigger is updated in place.
        var fresh = TriggerIdentities()
        XCTAssertEqual(updates(&fresh, from: [], to: [a]), ["add trigger-1 /x"])
        XCTAssertEqual(updates(&fresh, from: [a], to: [rule("a", ["url": "/y"])]), ["update trigger-1 /y"])
        // ...but not while another rule still uses the old one: then it is a new trigger.
        XCTAssertEqual(updates(&fresh, from: [rule("a", ["url": "/y"]), rule("b", ["url": "/y"])],
                               to: [rule("a", ["url": "/z"]), rule("b", ["url": "/y"])]), ["add trigger-2 /z"])
        // Triggers of other types are not this sensor's.
        XCTAssertEqual(updates(&fresh, from: [], to: [rule("c", ["url": "/q"], type: "p.other")]), [])
    }
}
