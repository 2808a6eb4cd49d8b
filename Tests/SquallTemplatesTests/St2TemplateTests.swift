import SquallModel
import SquallTemplates
import XCTest
import Foundation

/// Templates shaped like the ones in StackStorm packs, actions and rules.
final class St2TemplateTests: TemplateTestCase {
    func testCoreEchoCommand() {
        assertRenders(#"echo "{{message}}""#, #"echo "hello world""#, ["message": "hello world"])
    }

    func testDatastoreLookup() {
        let context: [String: JSONValue] = ["st2kv": ["system": ["foo": "bar", "nested": ["key": "v"]]]]
        assertRenders("{{ st2kv.system.foo }}", "bar", context)
        assertRenders("{{ st2kv.system['foo'] }}-{{ st2kv.system.nested.key }}", "bar-v", context)
        XCTAssertEqual(renderError("{{ st2kv.system.missing }}", context)?.message, "undefined attribute 'missing' of 'st2kv.system'")
    }

    func testCommaSeparatedHosts() {
        assertRenders("{% for h in hosts %}{{ h }}{% if not loop.last %},{% endif %}{% endfor %}", "web1,web2,db1",
                      ["hosts": ["web1", "web2", "db1"]])
    }

    func testWebhookPayloadRendering() {
        let context: [String: JSONValue] = [
            "trigger": ["body": ["repository": ["name": "squall"], "commits": [["id": "abc"], ["id": "def"]]],
                        "headers": ["X-Event": "push"]],
        ]
        assertRenders("{{ trigger.headers['X-Event'] }} to {{ trigger.body.repository.name }}: {{ trigger.body.commits|map(attribute='id')|join(' ') }}",
                      "push to squall: abc def", context)
        assertRenders("{{ trigger.body.commits|length }} commit{{ 's' if trigger.body.commits|length != 1 }}", "2 commits", context)
    }

    func testActionChainResultReference() {
        let context: [String: JSONValue] = ["c1": ["stdout": "10.0.0.1\n", "return_code": 0, "succeeded": true]]
        assertRenders("ping -c 1 {{ c1.stdout|trim }}", "ping -c 1 10.0.0.1", context)
        assertRenders("{% if c1.return_code == 0 and c1.succeeded %}ok{% else %}fail{% endif %}", "ok", context)
    }

    func testParameterWithDefaultsAndJSON() {
        let context: [String: JSONValue] = ["action_context": ["user": "stanley"], "params": ["a": 1]]
        assertRenders("{{ action_context.user|default('unknown') }} {{ params|tojson }}", #"stanley {"a": 1}"#, context)
        assertRenders("{{ action_context.api_user|default(action_context.user) }}", "stanley", context)
    }

    func testMultilineScriptTemplate() {
        let source = """
        #!/bin/sh
        {% for name, port in services.items() -%}
        check {{ name }} {{ port }}
        {% endfor -%}
        done
        """
        assertRenders(source, "#!/bin/sh\ncheck api 9101\ncheck web 80\ndone", ["services": ["web": 80, "api": 9101]])
    }

    func testCompiledTemplateRendersManyContextsAndConcurrently() throws {
        let template = try strict.compile("{{ n * 2 }}:{% for i in range(n) %}{{ i }}{% endfor %}")
        XCTAssertEqual(try template.render(context: ["n": 3]), "6:012")
        XCTAssertEqual(try template.render(context: ["n": 1]), "2:0")
        let results = ResultBox(count: 64)
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            results.set(i, (try? template.render(context: ["n": .int(i % 5)])) ?? "error")
        }
        for i in 0..<64 {
            let n = i % 5
            XCTAssertEqual(results.get(i), "\(n * 2):" + (0..<n).map(String.init).joined())
        }
    }
}

/// Collects results from concurrent renders.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String]

    init(count: Int) { values = Array(repeating: "", count: count) }

    func set(_ index: Int, _ value: String) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        return values[index]
    }
}

/// st2's datastore lookup: a missing key renders as "" (not an error), dotted names are one key.
final class DatastoreLookupTests: XCTestCase {
    let st2 = TemplateEnvironment.st2()
    let context: [String: JSONValue] = ["st2kv": ["system": ["foo": "bar", "a.b": "dotted", "nested": ["key": "v"]],
                                                  "user": [:]],
                                        "trigger": ["x": 1]]

    func render(_ source: String) throws -> String { try st2.render(source, context: context) }

    func testMissingSystemAndUserKeysRenderEmpty() throws {
        XCTAssertEqual(try render("[{{ st2kv.system.missing_key }}]"), "[]")
        XCTAssertEqual(try render("[{{ st2kv.system['missing'] }}]"), "[]")
        XCTAssertEqual(try render("[{{ st2kv.user.token }}]"), "[]")
        XCTAssertEqual(try st2.renderValue("{{ st2kv.system.missing_key }}", context: context), "")
        // Like st2's lookup object, a missing key is a value, so `default` does not replace it.
        XCTAssertEqual(try render("[{{ st2kv.system.missing | default('d') }}]"), "[]")
    }

    func testPresentKeysDottedNamesAndNestedValues() throws {
        XCTAssertEqual(try render("{{ st2kv.system.foo }} {{ st2kv.system.a.b }} {{ st2kv.system.nested.key }}"), "bar dotted v")
        XCTAssertEqual(try render("{{ st2kv.system.foo | upper }}"), "BAR")
    }

    func testOtherUndefinedNamesStayStrict() {
        XCTAssertThrowsError(try render("{{ trigger.missing }}")) { error in
            XCTAssertTrue("\(error)".contains("undefined attribute 'missing' of 'trigger'"), "\(error)")
        }
        // Without the st2kv object (nothing to look in) the name is simply undefined.
        XCTAssertThrowsError(try st2.render("{{ st2kv.system.x }}", context: [:]))
    }
}
