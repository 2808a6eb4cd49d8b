import XCTest
import SquallModel
@testable import SquallPacks

final class PackLoadingTests: XCTestCase {
    func testBundledCorePackLoadsWithRunnerParametersMerged() throws {
        let catalog = PackCatalog.load(packsPath: [TemporaryPacks.bundledPacks])
        XCTAssertEqual(catalog.errors, [])
        XCTAssertEqual(catalog.packs["core"]?.version, "1.0.0")
        for ref in ["core.local", "core.echo", "core.noop", "core.uuid", "core.pause"] {
            XCTAssertNotNil(catalog.actions[ref], ref)
        }
        let echo = try XCTUnwrap(catalog.actions["core.echo"])
        XCTAssertEqual(echo.runnerType, "local-shell-cmd")
        XCTAssertEqual(echo.parameters["cmd"]?.immutable, true)
        XCTAssertEqual(echo.parameters["cmd"]?.defaultValue, "echo \"{{message}}\"")
        XCTAssertEqual(echo.parameters["timeout"]?.defaultValue, 60)
        XCTAssertEqual(echo.parameters["message"]?.required, true)
        XCTAssertEqual(catalog.actions["core.uuid"]?.parameters["timeout"]?.defaultValue, 600)
        XCTAssertEqual(catalog.actions["core.local"]?.parameters["cmd"]?.required, true)
    }

    func testOneBadPackDoesNotStopOthersAndErrorNamesFileAndField() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("base/good", ["pack.yaml": TemporaryPacks.packYAML(name: "good"),
                                       "actions/a.yaml": "name: a\nrunner_type: noop\n"])
        try packs.write("base/bad", ["pack.yaml": "name: bad\ndescription: x\nauthor: me\n"])
        let catalog = PackCatalog.load(packsPath: [packs.root + "/base"])
        XCTAssertNotNil(catalog.packs["good"])
        XCTAssertNotNil(catalog.actions["good.a"])
        XCTAssertEqual(catalog.errors.count, 1)
        XCTAssertEqual(catalog.errors.first?.field, "version")
        XCTAssertTrue(catalog.errors.first!.description.contains("bad/pack.yaml"))
    }

    func testBadActionsAreReportedAndSkipped() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("base/p", [
            "pack.yaml": TemporaryPacks.packYAML(name: "p"),
            "actions/ok.yaml": "name: ok\nrunner_type: local-shell-cmd\n",
            "actions/extra.yaml": "name: extra\nrunner_type: noop\nbogus: 1\n",
            "actions/runner.yaml": "name: runner\nrunner_type: warp-drive\n",
            "actions/noentry.yaml": "name: noentry\nrunner_type: python-script\n",
            "actions/override.yaml": "name: override\nrunner_type: local-shell-cmd\nparameters:\n  timeout:\n    type: string\n",
            "actions/badtype.yaml": "name: badtype\nrunner_type: noop\nparameters:\n  x:\n    type: strnig\n",
            "actions/badpos.yaml": "name: badpos\nrunner_type: noop\nparameters:\n  x:\n    position: -1\n",
            "actions/broken.yaml": "name: [unclosed\n",
        ])
        let catalog = PackCatalog.load(packsPath: [packs.root + "/base"])
        XCTAssertEqual(catalog.actions.keys.sorted(), ["p.ok"])
        let byFile = Dictionary(uniqueKeysWithValues: catalog.errors.map { (($0.file as NSString).lastPathComponent, $0) })
        XCTAssertEqual(byFile["extra.yaml"]?.field, "bogus")
        XCTAssertEqual(byFile["runner.yaml"]?.field, "runner_type")
        XCTAssertEqual(byFile["noentry.yaml"]?.field, "entry_point")
        XCTAssertEqual(byFile["override.yaml"]?.field, "parameters.timeout.type")
        XCTAssertEqual(byFile["badtype.yaml"]?.field, "parameters.x.type")
        XCTAssertEqual(byFile["badpos.yaml"]?.field, "parameters.x.position")
        XCTAssertTrue(byFile["broken.yaml"]?.message.hasPrefix("invalid YAML") == true)
        for error in catalog.errors { XCTAssertFalse(error.description.contains("\n"), error.description) }
    }

    func testSensorsAndTriggerTypesLoadWithErrorsNamed() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("base/s", [
            "pack.yaml": TemporaryPacks.packYAML(name: "s"),
            "sensors/good.yaml": "class_name: Watcher\nentry_point: watcher.py\npoll_interval: 30\ntrigger_types:\n  - name: changed\n    payload_schema:\n      type: object\n",
            "sensors/noclass.yaml": "entry_point: x.py\n",
            "sensors/badtrigger.yaml": "class_name: B\nentry_point: b.py\ntrigger_types:\n  - description: no name\n",
            "sensors/badpoll.yaml": "class_name: C\nentry_point: c.py\npoll_interval: -1\n",
            "triggers/event.yaml": "name: event\ndescription: declared alone\n",
            "triggers/bad.yaml": "name: bad\nbogus: 1\n",
        ])
        let catalog = PackCatalog.load(packsPath: [packs.root + "/base"])
        let sensor = try XCTUnwrap(catalog.sensors["s.Watcher"])
        XCTAssertEqual(sensor.pollInterval, 30)
        XCTAssertTrue(sensor.entryPointPath.hasSuffix("/s/sensors/watcher.py"))
        XCTAssertEqual(Set(catalog.triggerTypes.keys), ["s.changed", "s.event"])
        XCTAssertEqual(catalog.triggerTypes["s.changed"]?.payloadSchema, ["type": "object"])
        let fields = Dictionary(uniqueKeysWithValues: catalog.errors.map { (($0.file as NSString).lastPathComponent, $0.field ?? "") })
        XCTAssertEqual(fields, ["noclass.yaml": "class_name", "badtrigger.yaml": "trigger_types[0].name",
                                "badpoll.yaml": "poll_interval", "bad.yaml": "bogus"])
    }

    func testRunnerParameterOverridesAllowedBySt2() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("base/p", [
            "pack.yaml": TemporaryPacks.packYAML(name: "p"),
            "actions/a.yaml": "name: a\nrunner_type: local-shell-cmd\nparameters:\n  timeout:\n    default: 5\n    description: short\n  sudo:\n    immutable: true\n",
        ])
        let catalog = PackCatalog.load(packsPath: [packs.root + "/base"])
        let action = try XCTUnwrap(catalog.actions["p.a"])
        XCTAssertEqual(action.parameters["timeout"]?.defaultValue, 5)
        XCTAssertEqual(action.parameters["timeout"]?.type, .integer)
        XCTAssertEqual(action.parameters["sudo"]?.immutable, true)
        XCTAssertEqual(action.parameters["sudo_password"]?.secret, true)
    }

    func testPacksPathSearchedLeftToRightFirstWins() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("first/dup", ["pack.yaml": TemporaryPacks.packYAML(name: "dup", version: "1.0.0")])
        try packs.write("second/dup", ["pack.yaml": TemporaryPacks.packYAML(name: "dup", version: "2.0.0")])
        try packs.write("second/other", ["pack.yaml": TemporaryPacks.packYAML(name: "other")])
        let catalog = PackCatalog.load(packsPath: [packs.root + "/first", packs.root + "/missing", packs.root + "/second"])
        XCTAssertEqual(catalog.packs["dup"]?.version, "1.0.0")
        XCTAssertNotNil(catalog.packs["other"])
    }

    func testPackRefRulesAndVersionNormalisation() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        try packs.write("base/my_dir", ["pack.yaml": "name: My Pack\ndescription: d\nversion: 0.1\nauthor: a\n"])
        try packs.write("base/explicit", ["pack.yaml": "ref: explicit_ref\nname: Whatever Name\ndescription: d\nversion: 2.3.4\nauthor: a\n"])
        try packs.write("base/badref", ["pack.yaml": "ref: Bad-Ref\nname: x\ndescription: d\nversion: 1.0.0\nauthor: a\n"])
        try packs.write("base/badversion", ["pack.yaml": "name: badversion\ndescription: d\nversion: one\nauthor: a\n"])
        let catalog = PackCatalog.load(packsPath: [packs.root + "/base"])
        XCTAssertEqual(catalog.packs["my_dir"]?.version, "0.1.0")
        XCTAssertEqual(catalog.packs["my_dir"]?.name, "My Pack")
        XCTAssertNotNil(catalog.packs["explicit_ref"])
        XCTAssertEqual(Set(catalog.errors.compactMap(\.field)), ["ref", "version"])
    }
}

final class VersionRuleTests: XCTestCase {
    func testSemanticVersionsAndRefs() {
        for good in ["0.0.1", "1.2.3", "10.20.30", "1.0.0-alpha.1", "1.0.0+build.5", "1.0.0-rc-1+sha.abc"] {
            XCTAssertTrue(PackMetadataReader.isSemanticVersion(good), good)
        }
        for bad in ["1.2", "01.2.3", "1.2.3.4", "a.b.c", "1.2.3-", "1.2.3+", "1..3", "", "1.2.3-béta"] {
            XCTAssertFalse(PackMetadataReader.isSemanticVersion(bad), bad)
        }
        XCTAssertTrue(PackMetadataReader.isValidRef("my_pack_2"))
        for bad in ["", "My", "my-pack", "my pack", "é"] { XCTAssertFalse(PackMetadataReader.isValidRef(bad), bad) }
    }
}
