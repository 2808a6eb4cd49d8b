import XCTest
import SquallBootstrap
import SquallEngine
import SquallModel

/// st2's config rules with a real python child: without a config file the action runs with the
/// schema's defaults (null and wrongly typed ones as written) and fails only when it reads a
/// required key; a present, wrong config file is a one-line error; `pack get` lists every problem.
final class St2ConfigRulesTests: EngineTestCase {
    let schema = """
    api_key:
      type: string
      required: true
      secret: true
    region:
      type: string
      default: null
    hec_port:
      type: integer
      default: "8088"
    """

    func probeEngine() throws -> Engine {
        _ = try harness.writeProbePack("st2_config_probe", files: [
            "config.schema.yaml": schema,
            "actions/probe.yaml": """
            name: probe
            runner_type: python-script
            entry_point: probe.py
            parameters:
              key: {type: string, required: true}
            """,
            "actions/probe.py": """
            from st2common.runners.base_action import Action


            class Probe(Action):
                def run(self, key):
                    return {key: self.config[key]}
            """,
        ])
        return try EngineBootstrap.openEngine(settings: harness.probePackSettings, progress: { _ in })
    }

    var configFile: String { harness.dataDirectory + "/configs/st2_config_probe.yaml" }

    func testWithoutAConfigFileTheActionRunsWithTheDefaults() throws {
        let engine = try probeEngine()
        let region = try harness.run(engine, "st2_config_probe.probe", ["key": "region"])
        XCTAssertEqual(region.status, .succeeded, "\(region.result ?? .null)")
        XCTAssertEqual(region.resultObject["result"], ["region": .null])
        let port = try harness.run(engine, "st2_config_probe.probe", ["key": "hec_port"])
        XCTAssertEqual(port.resultObject["result"], ["hec_port": "8088"])
        // The required key without a default fails in the action, named by PackConfigDict.
        let missing = try harness.run(engine, "st2_config_probe.probe", ["key": "api_key"])
        XCTAssertEqual(missing.status, .failed)
        let stderr = missing.resultObject["stderr"]?.stringValue ?? ""
        XCTAssertTrue(stderr.contains("ValueError: Config for pack \"st2_config_probe\" is missing key \"api_key\""), stderr)
    }

    func testAPresentWrongConfigFileIsAOneLineErrorAndEveryProblemShowsInPackGet() throws {
        let engine = try probeEngine()
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = harness.dataDirectory + "/extra-packs"
        let schemaFile = harness.dataDirectory + "/extra-packs/st2_config_probe/config.schema.yaml"
        let wrongDefault = "\(schemaFile): field 'hec_port': default \"8088\" does not match its type integer; used as written, as st2 does"

        let without = try harness.squall(["pack", "get", "st2_config_probe", "--json"], environment: environment)
        XCTAssertEqual(without.status, 0, without.stderr)
        XCTAssertEqual(try JSONValue.parse(without.stdout)["config_problems"], [
            .string("\(configFile): field 'api_key': is required by the pack's config.schema.yaml and there is no config file: an action reading it fails"),
            .string(wrongDefault),
        ])

        try "api_key: k\nhec_port: eighty\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try harness.run(engine, "st2_config_probe.probe", ["key": "region"])) { error in
            XCTAssertEqual("\(error)", "\(configFile): field 'hec_port': must be of type integer, got string")
        }
        let present = try harness.squall(["pack", "get", "st2_config_probe", "--json"], environment: environment)
        XCTAssertEqual(try JSONValue.parse(present.stdout)["config_problems"], [
            .string("\(configFile): field 'hec_port': must be of type integer, got string"), .string(wrongDefault),
        ])
    }
}
