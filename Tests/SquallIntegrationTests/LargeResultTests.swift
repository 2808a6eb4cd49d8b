import Foundation
import SquallModel
import XCTest

/// A 4 MiB JSON result (issue 11; st2 issue 4798: ~20 s to read one back) is returned by a real
/// sandboxed Python child, stored, and printed by `squall execution get -j` exactly as the action
/// returned it. How fast that is goes in `make bench` (scripts/bench_warm_hosts.py), not here.
final class LargeResultTests: EngineTestCase {
    func testAFourMegabyteResultRoundTripsExactly() throws {
        let execution = try harness.run(engine, "squall_bench.large_result")
        XCTAssertEqual(execution.status, .succeeded, "\(String(describing: execution.result).prefix(500))")

        let shown = try harness.squall(["execution", "get", execution.id, "-j"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let printed = harness.dataDirectory + "/large-result.json"
        try shown.stdout.write(toFile: printed, atomically: true, encoding: .utf8)
        // Python compares what the action returned (its generator, run again here outside the
        // sandbox) with what squall printed: ints, floats, escapes and non-ASCII text exactly.
        let library = IntegrationHarness.fixturePacks + "/squall_bench/actions/lib"
        let compare = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            from large_value import make
            expected = make(4194304)
            printed = json.load(open(sys.argv[2]))["result"]["result"]
            if len(json.dumps(expected)) < 4194304: sys.exit("the generator made less than 4 MiB")
            def first_difference(a, b, path):
                if type(a) != type(b) or (not isinstance(a, (dict, list)) and a != b): return path + ": %r != %r" % (a, b)
                if not isinstance(a, (dict, list)): return None
                if isinstance(a, dict):
                    if sorted(a) != sorted(b): return path + ": keys %r != %r" % (sorted(a), sorted(b))
                    pairs = [(a[k], b[k], path + "." + k) for k in sorted(a)]
                else:
                    if len(a) != len(b): return path + ": %d items != %d" % (len(a), len(b))
                    pairs = [(x, y, "%s[%d]" % (path, i)) for i, (x, y) in enumerate(zip(a, b))]
                for x, y, p in pairs:
                    found = first_difference(x, y, p)
                    if found: return found
            print(first_difference(expected, printed, "result") or "same")
            """
        let checked = try Outcome.run("/usr/bin/python3", ["-c", compare, library, printed], environment: [:])
        XCTAssertEqual(checked.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "same", checked.stderr)
    }
}
