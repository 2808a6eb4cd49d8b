import XCTest
import SquallBootstrap
import SquallEngine
import SquallModel

/// Results as st2 records them: its python runner encodes with orjson (datetimes, dates, times and
/// UUIDs as strings, NaN as null, its fallbacks for what orjson refuses), records "None" when the
/// child printed no result, and core.noop has no stdout/stderr.
final class St2ResultShapeTests: EngineTestCase {
    /// A probe pack whose action returns what `shape` names.
    func probeEngine() throws -> Engine {
        _ = try harness.writeProbePack("st2_result_probe", files: [
            "actions/probe.yaml": """
            name: probe
            runner_type: python-script
            entry_point: probe.py
            parameters:
              shape: {type: string, required: true}
            """,
            "actions/probe.py": """
            import datetime
            import uuid

            from st2common.runners.base_action import Action


            class Opaque(object):
                def __str__(self):
                    return "<opaque>"


            class Probe(Action):
                def run(self, shape):
                    if shape == "dates":
                        return {
                            "naive": datetime.datetime(2024, 1, 2, 3, 4, 5),
                            "aware": datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc),
                            "day": datetime.date(2024, 1, 2),
                            "time": datetime.time(3, 4, 5),
                            "id": uuid.UUID("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
                            "nan": float("nan"),
                            "pair": (1, 2),
                        }
                    if shape == "int_keys":
                        return {1: "a"}
                    if shape == "int_keys_with_status":
                        return (True, {1: "a"})
                    if shape == "opaque_with_status":
                        return (False, Opaque())
                    raise RuntimeError("no shape " + shape)
            """,
        ])
        return try EngineBootstrap.openEngine(settings: harness.probePackSettings, progress: { _ in })
    }

    func testPythonResultsAreEncodedAsOrjsonDoes() throws {
        let engine = try probeEngine()
        let dates = try harness.run(engine, "st2_result_probe.probe", ["shape": "dates"])
        XCTAssertEqual(dates.status, .succeeded, "\(dates.result ?? .null)")
        XCTAssertEqual(dates.resultObject["result"], [
            "naive": "2024-01-02T03:04:05", "aware": "2024-01-02T03:04:05.123456+00:00", "day": "2024-01-02",
            "time": "03:04:05", "id": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "nan": .null, "pair": [1, 2],
        ])
    }

    func testWhatOrjsonRefusesTakesSt2sFallbacks() throws {
        let engine = try probeEngine()
        // No status: st2's wrapper prints str({"result": ..., "status": None}) and its runner keeps
        // the text after "'result': ".
        let bare = try harness.run(engine, "st2_result_probe.probe", ["shape": "int_keys"])
        XCTAssertEqual(bare.status, .succeeded, "\(bare.result ?? .null)")
        XCTAssertEqual(bare.resultObject["result"], "{1: 'a'}, 'status': None}")
        // With a status: str(result).
        let withStatus = try harness.run(engine, "st2_result_probe.probe", ["shape": "int_keys_with_status"])
        XCTAssertEqual(withStatus.resultObject["result"], "{1: 'a'}")
        let opaque = try harness.run(engine, "st2_result_probe.probe", ["shape": "opaque_with_status"])
        XCTAssertEqual(opaque.status, .failed)
        XCTAssertEqual(opaque.resultObject["result"], "<opaque>")
    }

    func testARaisingActionsResultIsTheStringNone() throws {
        let engine = try probeEngine()
        let raised = try harness.run(engine, "st2_result_probe.probe", ["shape": "unknown"])
        XCTAssertEqual(raised.status, .failed)
        XCTAssertEqual(raised.resultObject["result"], "None")
        XCTAssertEqual(raised.resultObject["exit_code"], 1)
        XCTAssertTrue(raised.resultObject["stderr"]?.stringValue?.contains("RuntimeError: no shape unknown") == true)
    }

    func testNoopResultHasSt2sKeysOnly() throws {
        let noop = try harness.run(engine, "core.noop")
        XCTAssertEqual(noop.status, .succeeded)
        XCTAssertEqual(noop.result, ["failed": false, "succeeded": true, "return_code": 0])
    }
}
