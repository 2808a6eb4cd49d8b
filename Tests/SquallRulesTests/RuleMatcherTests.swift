import Foundation
import SquallModel
import SquallTemplates
import XCTest

@testable import SquallRules

final class RuleMatcherTests: XCTestCase {
    func rule(_ name: String, trigger: String = "demo.event", enabled: Bool = true, backstop: Bool = false,
              criteria: [String: JSONValue] = [:], parameters: [String: JSONValue] = [:]) -> Rule {
        Rule(name: name, pack: "demo", enabled: enabled, isBackstop: backstop, triggerType: trigger,
             triggerParameters: parameters, criteria: criteria, actionRef: "core.noop")
    }

    func fired(_ matcher: RuleMatcher, _ payload: JSONValue, trigger: String = "demo.event") -> [String] {
        matcher.matches(triggerRef: trigger, payload: payload).map(\.rule.name)
    }

    func testEnabledRulesOfTheTriggerTypeWhoseCriteriaHold() {
        let matcher = RuleMatcher(rules: [
            rule("any"),
            rule("prod", criteria: ["trigger.env": ["type": "equals", "pattern": "prod"]]),
            rule("disabled", enabled: false),
            rule("other_trigger", trigger: "demo.other"),
        ])
        XCTAssertEqual(fired(matcher, ["env": "prod"]), ["any", "prod"])
        XCTAssertEqual(fired(matcher, ["env": "dev"]), ["any"])
        XCTAssertEqual(fired(matcher, ["env": "dev"], trigger: "demo.other"), ["other_trigger"])
        XCTAssertEqual(fired(matcher, ["env": "dev"], trigger: "demo.unknown"), [])
    }

    func testBackstopRulesFireOnlyWhenNoStandardRuleMatched() {
        let matcher = RuleMatcher(rules: [
            rule("fallback", backstop: true),
            rule("prod", criteria: ["trigger.env": ["type": "equals", "pattern": "prod"]]),
            rule("fallback_dev", backstop: true, criteria: ["trigger.env": ["type": "equals", "pattern": "dev"]]),
        ])
        XCTAssertEqual(fired(matcher, ["env": "prod"]), ["prod"])
        XCTAssertEqual(fired(matcher, ["env": "dev"]), ["fallback", "fallback_dev"])
        XCTAssertEqual(fired(matcher, ["env": "qa"]), ["fallback"])
    }

    /// Rules share path lookups and identical criteria per instance; each rule still gets its own
    /// answer, failures included, and different checks of one path stay apart.
    func testSharedCriteriaGiveEachRuleItsOwnAnswer() {
        let matcher = RuleMatcher(rules: [
            rule("small", criteria: ["trigger.count": ["type": "lt", "pattern": 10]]),
            rule("small_too", criteria: ["trigger.count#1": ["type": "lt", "pattern": 10]]),
            rule("between", criteria: ["trigger.count": ["type": "lt", "pattern": 10], "trigger.count#2": ["type": "gt", "pattern": 3]]),
            rule("big", criteria: ["trigger.count": ["type": "gt", "pattern": 10]]),
            rule("named", criteria: ["trigger.name": ["type": "equals", "pattern": "{{ trigger.other }}"]]),
        ])
        XCTAssertEqual(fired(matcher, ["count": 5, "name": "a", "other": "a"]), ["small", "small_too", "between", "named"])
        XCTAssertEqual(fired(matcher, ["count": 2, "name": "a", "other": "b"]), ["small", "small_too"])
        XCTAssertEqual(fired(matcher, ["count": 50]), ["big"])
        let outcome = matcher.evaluate(triggerRef: "demo.event", payload: ["count": "5", "name": "x", "other": "x"])
        XCTAssertEqual(outcome.matches.map(\.rule.name), ["named"])
        XCTAssertEqual(Set(outcome.failures.map(\.ruleRef)), ["demo.small", "demo.small_too", "demo.between", "demo.big"])
    }

    func testEvaluationFailuresAreReported() {
        let matcher = RuleMatcher(rules: [
            rule("typed", criteria: ["trigger.count": ["type": "lt", "pattern": 10]]),
        ])
        let outcome = matcher.evaluate(triggerRef: "demo.event", payload: ["count": "5"])
        XCTAssertTrue(outcome.matches.isEmpty)
        XCTAssertEqual(outcome.failures.map(\.ruleRef), ["demo.typed"])
        XCTAssertTrue(outcome.failures.first?.reason.contains("TypeError") == true)
        XCTAssertEqual(matcher.evaluate(triggerRef: "demo.event", payload: ["count": 5]).matches.count, 1)
    }

    func testRulesWithInvalidCriteriaNeverFire() {
        let matcher = RuleMatcher(rules: [rule("bad", criteria: ["trigger.x": ["type": "nope"]]), rule("good")])
        XCTAssertEqual(matcher.invalidRules.map(\.ruleRef), ["demo.bad"])
        XCTAssertEqual(fired(matcher, ["x": 1]), ["good"])
    }

    func testTriggerParametersSelectTheRulesOwnTrigger() {
        let matcher = RuleMatcher(rules: [
            rule("every_minute", trigger: "core.st2.IntervalTimer", parameters: ["unit": "minutes", "delta": 1]),
            rule("every_hour", trigger: "core.st2.IntervalTimer", parameters: ["unit": "hours", "delta": 1]),
        ])
        let names = matcher.matches(triggerRef: "core.st2.IntervalTimer", payload: ["id": "t"],
                                    triggerParameters: ["unit": "hours", "delta": 1]).map(\.rule.name)
        XCTAssertEqual(names, ["every_hour"])
    }

    func testDatastoreValuesReachPatterns() {
        let matcher = RuleMatcher(rules: [
            rule("kv", criteria: ["trigger.host": ["type": "equals", "pattern": "{{ st2kv.system.primary }}"]]),
        ])
        XCTAssertEqual(matcher.matches(triggerRef: "demo.event", payload: ["host": "db1"],
                                       datastore: ["primary": "db1"]).count, 1)
        XCTAssertEqual(matcher.matches(triggerRef: "demo.event", payload: ["host": "db2"],
                                       datastore: ["primary": "db1"]).count, 0)
    }

    func testMatcherIsUsableFromManyThreads() {
        let matcher = RuleMatcher(rules: (0..<20).map { i in
            rule("r\(i)", criteria: ["trigger.n": ["type": "equals", "pattern": .string("{{ \(i) }}")]])
        })
        let counts = Counts()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            var total = 0
            for n in 0..<200 { total += matcher.matches(triggerRef: "demo.event", payload: .object(["n": .int(n % 25)])).count }
            counts.set(worker, total)
        }
        // n % 25 hits 0..<20 for 160 of every 200 payloads: one rule each.
        XCTAssertEqual(counts.values, Array(repeating: 160, count: 8))
    }
}

/// Per-worker totals written from concurrent workers.
private final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Array(repeating: 0, count: 8)
    func set(_ index: Int, _ value: Int) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return storage }
}
