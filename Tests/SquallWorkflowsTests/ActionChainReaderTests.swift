import SquallModel
import SquallWorkflows
import XCTest

/// Reading action-chain definitions as st2's ChainHolder does: the start node, node fields and
/// the references it checks before running.
final class ActionChainReaderTests: XCTestCase {
    private func node(_ name: String, onSuccess: String? = nil, onFailure: String? = nil) -> JSONValue {
        var body: [String: JSONValue] = ["name": .string(name), "ref": "core.noop"]
        if let onSuccess { body["on-success"] = .string(onSuccess) }
        if let onFailure { body["on-failure"] = .string(onFailure) }
        return .object(body)
    }

    func testTheStartIsDefaultElseTheFirstUnreferencedNodeElseTheFirst() throws {
        let chain: [JSONValue] = [node("a", onSuccess: "c"), node("b", onSuccess: "a"), node("c")]
        XCTAssertEqual(try ActionChainReader.read(["chain": .array(chain)]).start, "b")
        XCTAssertEqual(try ActionChainReader.read(["chain": .array(chain), "default": "c"]).start, "c")
        let loop: [JSONValue] = [node("x", onSuccess: "y"), node("y", onFailure: "x")]
        XCTAssertEqual(try ActionChainReader.read(["chain": .array(loop)]).start, "x")
    }

    func testNodeFieldsParamsOrParametersPublishAndVars() throws {
        let spec = try ActionChainReader.read([
            "vars": ["v": 1],
            "chain": [
                ["name": "a", "ref": "p.one", "params": ["x": "{{ v }}"], "publish": ["out": "{{ a.stdout }}"], "on-failure": "b"],
                ["name": "b", "ref": "p.two", "parameters": ["y": 2]],
            ],
        ])
        XCTAssertEqual(spec.vars, ["v": 1])
        XCTAssertEqual(spec.chain.map(\.ref), ["p.one", "p.two"])
        XCTAssertEqual(spec.node(named: "a")?.params, ["x": "{{ v }}"])
        XCTAssertEqual(spec.node(named: "a")?.publish, ["out": "{{ a.stdout }}"])
        XCTAssertEqual(spec.node(named: "a")?.onFailure, "b")
        XCTAssertEqual(spec.node(named: "b")?.params, ["y": 2])
        XCTAssertEqual(spec.node(named: "a")?.contextEntry["on_failure"], "b")
    }

    func testUnknownReferencesAndBadShapesAreRefusedWithSt2sWords() {
        func message(_ document: JSONValue) -> String? {
            do { _ = try ActionChainReader.read(document); return nil } catch { return error.message }
        }
        XCTAssertEqual(message(["chain": [node("a", onSuccess: "zz")]]),
                       #"Unable to find node with name "zz" referenced in "on-success" in task "a"."#)
        XCTAssertEqual(message(["chain": [node("a", onFailure: "zz")]]),
                       #"Unable to find node with name "zz" referenced in "on-failure" in task "a"."#)
        XCTAssertEqual(message(["chain": [node("a")], "default": "zz"]), #"Unable to find node with name "zz" referenced in "default"."#)
        // A node name that is a template is only known at run time.
        XCTAssertNil(message(["chain": [node("a", onSuccess: "{{ next }}")]]))
        XCTAssertEqual(message(["chains": []]), "Additional properties are not allowed ('chains' was unexpected)")
        XCTAssertEqual(message(["vars": [:]]), "'chain' is a required property")
        XCTAssertEqual(message(["chain": [["name": "a"]]]), "chain[0] (a): 'ref' is a required property")
        XCTAssertEqual(message(["chain": [["name": "a", "ref": "x.y", "on_success": "b"]]]),
                       "chain[0]: Additional properties are not allowed ('on_success' was unexpected)")
        XCTAssertEqual(message(["chain": []]), "Failed to find default node in the chain (it has no nodes).")
        XCTAssertEqual(message("text"), "The action chain definition is not a mapping.")
    }
}
