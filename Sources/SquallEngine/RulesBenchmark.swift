import Foundation
import SquallModel
import SquallRules

/// The match-and-render path of the server, measured without I/O: trigger instances through
/// 100 rules (criteria of several operators), each match's action parameters rendered against the
/// payload and the request put on an in-memory queue, as the server does before running it.
public enum RulesBenchmark {
    public struct Result: Sendable {
        public var instances: Int
        public var matches: Int
        public var seconds: Double
        public var perSecond: Double { Double(instances) / seconds }
    }

    public static func run(instances: Int, rules ruleCount: Int = 100) throws -> Result {
        let operators: [(String, (Int) -> JSONValue, String)] = [
            ("equals", { .int($0) }, "trigger.n"),
            ("matchregex", { .string("host-\($0)$") }, "trigger.name"),
            ("contains", { .string("-\($0)") }, "trigger.name"),
            ("greaterthan", { .int($0 * 1000) }, "trigger.n"),
        ]
        var rules: [Rule] = []
        for index in 0..<ruleCount {
            let (op, pattern, key) = operators[index % operators.count]
            rules.append(Rule(name: "rule_\(index)", pack: "bench", enabled: true, triggerType: "bench.event",
                              criteria: [key: ["type": .string(op), "pattern": pattern(index)],
                                         "trigger.kind#2": ["type": "iequals", "pattern": "ALERT"]],
                              actionRef: "core.echo",
                              actionParameters: ["message": "{{ trigger.name }} is at {{ trigger.n }} ({{ trigger.tags | join(',') }})"]))
        }
        let matcher = RuleMatcher(rules: rules, templates: ParameterRenderer.st2Environment())
        let renderer = ParameterRenderer()
        var enqueued: [ExecutionRequest] = []
        enqueued.reserveCapacity(instances)
        var matches = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<instances {
            let n = index % ruleCount
            let payload: JSONValue = ["n": .int(n), "name": .string("host-\(n)"), "kind": "alert", "tags": ["a", "b"]]
            for match in matcher.matches(triggerRef: "bench.event", payload: payload) {
                let parameters = try renderer.render(match.rule.actionParameters, base: ["trigger": payload])
                enqueued.append(ExecutionRequest(actionRef: match.rule.actionRef, parameters: parameters))
                matches += 1
            }
            if enqueued.count > 10_000 { enqueued.removeAll(keepingCapacity: true) }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(instances: instances, matches: matches, seconds: seconds)
    }
}
