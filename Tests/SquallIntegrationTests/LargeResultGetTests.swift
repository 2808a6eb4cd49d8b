import Foundation
import SquallModel
import XCTest
@testable import squall

/// Issue 15, reading back: `execution get` prints a big stored result (kept as text) from that
/// text, read from the store in pieces, with memory of about twice the result above the same
/// command's peak for a tiny result (parsing it whole peaked at ~460 MB for 40 MiB, debug), and
/// prints byte for byte what printing the record's value prints.
final class LargeResultGetTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func testGettingAFortyMegabyteResultTakesMemoryAboutTwiceItsSize() throws {
        let size = LargeResultMemoryTests.resultBytes
        let tiny = try completedRun(size: 1000)
        let large = try completedRun(size: size)
        for form in [[], ["-j"]] {
            let baseline = try harness.peakKilobytes(["execution", "get", tiny] + form, output: "tiny\(form.joined()).txt")
            let peak = try harness.peakKilobytes(["execution", "get", large] + form, output: "large\(form.joined()).txt")
            XCTAssertLessThanOrEqual((peak - baseline) * 1024, size * 2,
                                     "execution get \(form.joined()) of a \(size >> 20) MiB result peaked at \(peak) kB, a tiny one's at \(baseline) kB")
        }
        // The JSON printed is the value the action returned.
        let library = IntegrationHarness.fixturePacks + "/squall_bench/actions/lib"
        let compare = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            from large_value import make
            record = json.load(open(sys.argv[2]))
            print(record["status"], record["result"]["result"] == make(int(sys.argv[3])))
            """
        let checked = try Outcome.run("/usr/bin/python3", ["-c", compare, library, harness.dataDirectory + "/large-j.txt", "\(size)"],
                                      environment: [:])
        XCTAssertEqual(checked.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "succeeded True", checked.stderr)
    }

    /// Past the size kept as text (1 MiB), in both forms, byte for byte: what `execution get`
    /// prints is what printing the stored record's value (ExecutionPresentation) gives.
    func testGetPrintsABigResultAsPrintingItsValueDoes() throws {
        let id = try completedRun(size: 3 << 19)
        let record = try harness.engine().execution(id: id)
        XCTAssertNotNil(record.result?["result"]?["records"], "the record holds the action's result")
        let expected = [
            "text": ExecutionPresentation.lines(record).joined(separator: "\n") + "\n",
            "-j": ExecutionPresentation.json(record).jsonString(pretty: true) + "\n",
        ]
        for (form, value) in expected {
            let shown = try harness.squall(["execution", "get", id] + (form == "text" ? [] : [form]))
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertGreaterThan(shown.stdout.utf8.count, 3 << 19)
            XCTAssertTrue(shown.stdout == value, "execution get (\(form)) printed other bytes than its value's printing")
        }
    }

    /// Runs squall_bench.large_result of about `size` bytes through `squall run --async` (nothing
    /// big passes through this process) and returns the execution's id once it has succeeded.
    private func completedRun(size: Int) throws -> String {
        let started = try harness.squall(["run", "--async", "--json", "squall_bench.large_result", "size=\(size)"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
        let store = try harness.engine().store
        var status: ExecutionStatus?
        try eventually("\(id) completes") {
            status = try store.executionStamps(matching: ExecutionQuery(limit: 100)).first { $0.id == id }?.status
            return status?.isCompleted == true
        }
        XCTAssertEqual(status, .succeeded)
        return id
    }
}
