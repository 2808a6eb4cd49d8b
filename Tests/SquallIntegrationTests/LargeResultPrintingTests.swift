import Foundation
import SquallModel
import XCTest

/// Issue 15, printing: a foreground `squall run` prints a big result (held as the child's JSON
/// text) from that text, with memory of about twice the result above the same command's peak for
/// a tiny result; building the value to print it peaked at ~580 MB for 40 MiB (debug). Its output
/// is byte for byte what printing the value gives (`execution get` still prints from the value).
final class LargeResultPrintingTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func testARunPrintsAFortyMegabyteResultWithMemoryAboutTwiceItsSize() throws {
        let size = LargeResultMemoryTests.resultBytes
        let baseline = try peakKilobytes(["run", "squall_bench.large_result", "size=1000"], output: "tiny.txt")
        for form in [[], ["-j"]] {
            let printed = "large\(form.joined()).txt"
            let peak = try peakKilobytes(["run"] + form + ["squall_bench.large_result", "size=\(size)"], output: printed)
            XCTAssertLessThanOrEqual((peak - baseline) * 1024, size * 2,
                                     "squall run \(form.joined()) of a \(size >> 20) MiB result peaked at \(peak) kB, a tiny one's at \(baseline) kB")
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
        let checked = try Outcome.run("/usr/bin/python3", ["-c", compare, library, path("large-j.txt"), "\(size)"], environment: [:])
        XCTAssertEqual(checked.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "succeeded True", checked.stderr)
    }

    /// Past the size kept as text (1 MiB), in both forms: what `run` prints from the text equals
    /// what `execution get` prints from the stored value.
    func testARunPrintsABigResultAsPrintingItsValueDoes() throws {
        for form in [[], ["-j"]] {
            let ran = try harness.squall(["run"] + form + ["squall_bench.large_result", "size=\(3 << 19)"])
            XCTAssertEqual(ran.status, 0, ran.stderr)
            // The text form's first line is `id: ID`.
            let id = form.isEmpty ? String(ran.stdout.prefix(while: { $0 != "\n" }).dropFirst(4))
                                  : try XCTUnwrap(JSONValue.parse(ran.stdout)["id"]?.stringValue, ran.stdout)
            let shown = try harness.squall(["execution", "get", id] + form)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertGreaterThan(ran.stdout.utf8.count, 3 << 19)
            // The record read back may differ from the run's in a timestamp's last digit (stored rounded).
            func withoutTimes(_ text: String) -> [Substring] {
                text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("timestamp") && !$0.contains("elapsed") }
            }
            XCTAssertTrue(withoutTimes(ran.stdout) == withoutTimes(shown.stdout), "squall run \(form.joined()) printed the result other than execution get")
        }
    }

    private func path(_ name: String) -> String { harness.dataDirectory + "/" + name }

    /// Runs squall with ARGUMENTS (stdout to OUTPUT in the data directory) and returns its peak
    /// resident memory (VmHWM) in kB, as last seen before it exited.
    private func peakKilobytes(_ arguments: [String], output: String) throws -> Int {
        let ran = try ProcessPeakMemory.run(CommandLineTests.binary, arguments, environment: harness.commandLineEnvironment, stdout: path(output))
        XCTAssertEqual(ran.status, 0, ran.stderr)
        return ran.peak
    }
}
