import XCTest
import SquallModel
@testable import SquallPacks

/// Hostile YAML is refused before Yams composes it: aliases of aliases ("billion laughs"), alias
/// keys (hashed in full by Yams' duplicate-key check), deep nesting and oversized documents.
final class YAMLLimitsTests: XCTestCase {
    override func tearDown() { YAMLLimits.process = YAMLLimits() }

    /// Ten items per level, each level ten aliases of the one before: 10^levels scalars once expanded.
    static func laughs(levels: Int, asKeys: Bool = false) -> String {
        var text = "l0: &l0 [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]\n"
        for level in 1..<levels {
            if asKeys {
                // Mapping keys that are aliases: Yams hashes every key to find duplicates.
                text += "l\(level): &l\(level) {" + (0..<10).map { "? [*l\(level - 1), \($0)] : \($0)" }.joined(separator: ", ") + "}\n"
            } else {
                text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
            }
        }
        return text
    }

    func assertRefused(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try YAMLDocument.parse(text, file: "/packs/evil/pack.yaml"), file: file, line: line) { error in
            let description = "\(error)"
            XCTAssertTrue(description.hasPrefix("/packs/evil/pack.yaml: "), description, file: file, line: line)
            XCTAssertTrue(description.contains(expected), description, file: file, line: line)
            XCTAssertFalse(description.contains("\n"), description, file: file, line: line)
        }
    }

    func testBillionLaughsIsRefusedBeforeItExpands() {
        assertRefused(Self.laughs(levels: 9), "expands to more than 1000000 nodes")
        assertRefused(Self.laughs(levels: 9, asKeys: true), "expands to more than 1000000 nodes")
    }

    func testAliasesWithinTheBoundStillExpand() throws {
        // 10^4 scalars plus the sequences: well within the default, read as before.
        let value = try YAMLDocument.parse(Self.laughs(levels: 4), file: "ok.yaml")
        XCTAssertEqual(value["l3"]?.arrayValue?.count, 10)
        XCTAssertEqual(value["l3"]?.arrayValue?.first?.arrayValue?.first?.arrayValue?.first?.arrayValue?.first, "lol")
        // An anchor defined again names its new node from there on.
        XCTAssertEqual(try YAMLDocument.parse("a: &x 1\nb: &x [2]\nc: *x\n", file: "ok.yaml")["c"], [2])
    }

    func testEachLimitIsASettingAndIsNamed() {
        YAMLLimits.process = YAMLLimits(maxNodes: 1_000)
        assertRefused(Self.laughs(levels: 4), "expands to more than 1000 nodes (aliases counted in full; line 3; setting yaml_max_nodes)")
        YAMLLimits.process = YAMLLimits(maxDepth: 3)
        XCTAssertNoThrow(try YAMLDocument.parse("a: {b: [1]}\n", file: "ok.yaml"))
        assertRefused("a: {b: [[1]]}\n", "nests collections more than 3 deep (line 1; setting yaml_max_depth)")
        YAMLLimits.process = YAMLLimits(maxBytes: 10)
        assertRefused("name: eleven", "is 12 bytes, more than the 10 allowed (setting yaml_max_bytes)")
    }

    func testDeepNestingIsRefusedAtTheDefaultDepth() {
        assertRefused(String(repeating: "[", count: 500) + String(repeating: "]", count: 500), "nests collections more than 200 deep")
        // libyaml's scanner stops at 1000 levels before any event reaches the count.
        assertRefused(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
                      "nests collections more than 1000 deep (libyaml's limit; line 1)")
        assertRefused(String(repeating: "- ", count: 300) + "x\n", "nests collections more than 200 deep")
    }

    func testAFileTooLargeIsRefusedBeforeItIsRead() throws {
        let path = NSTemporaryDirectory() + "yaml-limits-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try String(repeating: "# padding\n", count: 20).write(toFile: path, atomically: true, encoding: .utf8)
        YAMLLimits.process = YAMLLimits(maxBytes: 100)
        XCTAssertThrowsError(try YAMLDocument.load(file: path)) { error in
            XCTAssertEqual("\(error)", "\(path): is 200 bytes, more than the 100 allowed (setting yaml_max_bytes)")
        }
    }

    /// The shortcut that skips the event walk never lets through what the walk would refuse: every
    /// YAML file of the bundled and fixture packs, and shapes made to fool it, under tight limits too.
    func testTheShallowLookNeverPassesWhatTheWalkRefuses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        var documents: [String] = []
        for folder in ["Packs", "Tests/Fixtures"] {
            let enumerator = FileManager.default.enumerator(atPath: root + "/" + folder)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".yaml") else { continue }
                documents.append(try String(contentsOfFile: root + "/" + folder + "/" + path, encoding: .utf8))
            }
        }
        XCTAssertGreaterThan(documents.count, 50)
        documents += [
            "a: \"]]]]]]]]\"\nb: " + String(repeating: "[", count: 30) + String(repeating: "]", count: 30),
            String(repeating: "- ", count: 30) + "x\n",
            (0..<30).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v\n",
            "a: &x [1, 2]\nb: *x\n",
        ]
        var skipped = 0
        for limits in [YAMLLimits(), YAMLLimits(maxBytes: 1 << 20, maxNodes: 400, maxDepth: 8)] {
            for document in documents {
                var bytes = Array(document.utf8)
                guard ShallowDocument.withinLimits(bytes, limits: limits) else { continue }
                skipped += 1
                XCTAssertNil(YAMLBudget.walkEvents(&bytes, limits: limits), document)
            }
        }
        XCTAssertGreaterThan(skipped, 50, "the shortcut should take ordinary pack files")
    }
}
