import Foundation
import SquallModel
import SquallYAQL
import XCTest

/// Host functions (Orquesta's ctx(), result(), task_status()...) and the expressions real
/// workflows use: every `<% %>` of the Orquesta conformance pack parses, and those whose data the
/// conformance cases give evaluate to what st2 produced.
final class YAQLHostFunctionTests: YAQLTestCase {
    func testHostFunctionsGetEvaluatedArgumentsAndBareWordsAsStrings() throws {
        let seen = Recorder()
        let functions: [String: YAQLHostFunction] = [
            "task_status": { arguments in seen.record(arguments); return "succeeded" },
            "result": { _ in ["result": ["status": "ok", "size": 3]] },
            "item": { arguments in arguments.first ?? .null },
        ]
        XCTAssertEqual(try evaluate("task_status(report)", functions: functions), "succeeded")
        XCTAssertEqual(try evaluate("task_status('a' + 'b', 1 + 1)", functions: functions), "succeeded")
        XCTAssertEqual(seen.calls, [["report"], ["ab", 2]])
        XCTAssertEqual(try evaluate("result().result.status", functions: functions), "ok")
        XCTAssertEqual(try evaluate("result().result.size * 2", functions: functions), 6)
        XCTAssertEqual(try evaluate("[1, 2].select(item($) + 1)", functions: functions), [2, 3])
    }

    func testHostFunctionsOverrideBuiltInsAndAreNotMethods() throws {
        let functions: [String: YAQLHostFunction] = ["len": { _ in 42 }, "double": { .int(($0.first?.intValue ?? 0) * 2) }]
        XCTAssertEqual(try evaluate("len([1])", functions: functions), 42)
        XCTAssertEqual(try evaluate("[1].len()", functions: functions), 1)
        XCTAssertEqual(try evaluate("double(4)", functions: functions), 8)
        XCTAssertThrowsError(try evaluate("[1].double()", functions: functions)) { error in
            XCTAssertEqual((error as? YAQLError)?.description, #"YAQL: no method 'double' for list at 3 in "[1].double()""#)
        }
    }

    func testHostErrorsPassThroughOrAreWrapped() {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom\nTraceback line" } }
        let failing: [String: YAQLHostFunction] = ["boom": { _ in throw Boom() }]
        XCTAssertThrowsError(try evaluate("1 + boom()", functions: failing)) { error in
            XCTAssertEqual((error as? YAQLError)?.description, #"YAQL: boom(): boom Traceback line at 4 in "1 + boom()""#)
            XCTAssertEqual((error as? YAQLError)?.kind, .host)
        }
        XCTAssertEqual(error("ctx(missing)", data: ["a": 1])?.kind, .missingKey("missing"))
        XCTAssertEqual(message("ctx(a => 1)"), #"YAQL: ctx() takes no 'name => value' argument at 0 in "ctx(a => 1)""#)
    }

    func testVariablesAreBoundAndUnknownOnesAreNull() throws {
        let expression = try YAQLExpression("$limit + len($names) + $")
        XCTAssertEqual(try expression.evaluate(data: 1, variables: ["limit": 10, "names": ["a", "b"]]), 13)
        XCTAssertEqual(try YAQLExpression("$nothing").evaluate(), .null)
        // An expression parses once and evaluates many times.
        XCTAssertEqual(try expression.evaluate(data: 2, variables: ["limit": 0, "names": []]), 2)
    }

    /// Every YAQL expression in the Orquesta conformance workflows.
    func testEveryExpressionOfTheOrquestaConformancePackParses() {
        XCTAssertEqual(Self.conformanceExpressions.count, 44)
        for expression in Self.conformanceExpressions {
            XCTAssertNoThrow(try YAQLExpression(expression), expression)
        }
    }

    /// The data of case pub_sequence (the catalog action's result for prefix "pkg", x=6, factor 4):
    /// st2 ended with these outputs.
    func testOrquestaConformanceOutputsOfPubSequence() throws {
        let packages: JSONValue = [
            ["name": "pkg-0", "size": 30, "stable": true], ["name": "pkg-1", "size": 10, "stable": false],
            ["name": "pkg-2", "size": 20, "stable": true], ["name": "pkg-3", "size": 10, "stable": false],
        ]
        let context: JSONValue = ["x": 6, "factor": 4, "scaled": 24, "packages": packages, "stable": "pkg-0,pkg-2"]
        assertEvaluates("ctx().scaled", 24, data: context)
        assertEvaluates("ctx().stable", "pkg-0,pkg-2", data: context)
        assertEvaluates("ctx().packages.select($.size).distinct().orderBy($)", [10, 20, 30], data: context)
        assertEvaluates("ctx().packages.select($.size).sum()", 70, data: context)
        assertEvaluates("ctx().packages.orderByDescending($.size).first().name", "pkg-0", data: context)
        assertEvaluates("ctx().packages.select($.name).take(2)", ["pkg-0", "pkg-1"], data: context)
        let functions: [String: YAQLHostFunction] = ["task_status": { _ in "succeeded" }]
        XCTAssertEqual(try evaluate("task_status(report)", data: context, functions: functions), "succeeded")
        // pub_branch: the cost of a full run is size * 100; the transition tests result() against ctx().
        let branch: [String: YAQLHostFunction] = ["result": { _ in ["result": "full"] }]
        XCTAssertEqual(try evaluate("result().result != 'full'", data: ["mode": "full"], functions: branch), false)
        XCTAssertEqual(try evaluate("ctx().mode = 'yaql'", data: ["mode": "full"]), false)
    }

    /// Case pub_errors: st2 reports "Unable to resolve key 'owner'"; the error kind carries the key
    /// for the workflow engine to word it so.
    func testMissingKeyOfAResultIsReportedWithTheKey() {
        let functions: [String: YAQLHostFunction] = ["result": { _ in ["result": ["status": "declined with 403"]] }]
        XCTAssertThrowsError(try evaluate("result().result.owner", functions: functions)) { error in
            XCTAssertEqual((error as? YAQLError)?.kind, .missingKey("owner"))
        }
        XCTAssertEqual(error("ctx().ratios", data: ["numbers": [1]])?.kind, .missingKey("ratios"))
    }

    /// Every `<% %>` of /work/shared/conformance/orquesta/packs/wfpublic/actions/workflows/*.yaml
    /// (Orquesta conformance data: orquesta 1.6.0, st2 c2eaf56b339b, yaql 3.2.0), copied here.
    private static let conformanceExpressions: [String] = [
        "ctx().a",
        "ctx().b",
        "ctx().base",
        "ctx().chosen",
        "ctx().code",
        "ctx().combined",
        "ctx().cost",
        "ctx().doubled",
        "ctx().factor",
        "ctx().measured",
        "ctx().mode",
        "ctx().mode = 'jinja'",
        "ctx().mode = 'yaql'",
        "ctx().nowhere",
        "ctx().numbers",
        "ctx().outcome",
        "ctx().packages.orderByDescending($.size).first().name",
        "ctx().packages.select($.name).take(2)",
        "ctx().packages.select($.size).distinct().orderBy($)",
        "ctx().packages.select($.size).sum()",
        "ctx().prefix",
        "ctx().product",
        "ctx().ratios",
        "ctx().scaled",
        "ctx().size",
        "ctx().square",
        "ctx().stable",
        "ctx().status",
        "ctx().triple",
        "ctx().whole",
        "ctx().x",
        "failed()",
        "item(n)",
        "result()",
        "result().output.product",
        "result().result",
        "result().result != 'full'",
        "result().result <= ctx().limit",
        "result().result > ctx().limit",
        "result().result.owner",
        "result().result.status",
        "result().select($.result)",
        "succeeded()",
        "task_status(report)",
    ]
}

/// Arguments a host function received, in call order.
private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [[JSONValue]] = []

    func record(_ arguments: [JSONValue]) { lock.withLock { recorded.append(arguments) } }
    var calls: [[JSONValue]] { lock.withLock { recorded } }
}
