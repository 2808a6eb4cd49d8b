import XCTest
import SquallModel
@testable import SquallPacks

final class ConfigSchemaTests: XCTestCase {
    func makePack(_ packs: TemporaryPacks, schema: String, config: String?) throws -> (Pack, String) {
        let dir = try packs.write("base/cfg", ["pack.yaml": TemporaryPacks.packYAML(name: "cfg"), "config.schema.yaml": schema])
        let configs = packs.root + "/configs"
        try FileManager.default.createDirectory(atPath: configs, withIntermediateDirectories: true)
        if let config { try config.write(toFile: configs + "/cfg.yaml", atomically: true, encoding: .utf8) }
        return (try PackMetadataReader.read(packDirectory: dir), configs)
    }

    let schema = """
    api_url:
      type: string
      required: true
    retries:
      type: integer
      default: 3
    auth:
      type: object
      properties:
        user:
          type: string
          default: admin
        token:
          type: string
          secret: true
          required: true
    options:
      type: object
      properties:
        verbose:
          type: boolean
          default: false
    """

    func testDefaultsFilledNestedAndExtraKeysKept() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let (pack, configs) = try makePack(packs, schema: schema, config: "api_url: http://x\nauth:\n  token: s3cret\nextra: 1\n")
        let config = try PackConfigLoader.load(pack: pack, configsDirectory: configs)
        XCTAssertEqual(config, ["api_url": "http://x", "retries": 3, "extra": 1,
                                "auth": ["user": "admin", "token": "s3cret"], "options": ["verbose": false]])
        XCTAssertEqual(try ConfigSchema.load(packDirectory: pack.path)?.secretPaths, ["auth.token"])
    }

    func testMissingRequiredKeyNamesFileAndField() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let (pack, configs) = try makePack(packs, schema: schema, config: "auth:\n  token: t\n")
        XCTAssertThrowsError(try PackConfigLoader.load(pack: pack, configsDirectory: configs)) { error in
            let e = error as! PackError
            XCTAssertEqual(e.field, "api_url")
            XCTAssertTrue(e.file.hasSuffix("configs/cfg.yaml"))
        }
    }

    func testMissingNestedRequiredKeyAndMissingConfigFile() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let (pack, configs) = try makePack(packs, schema: schema, config: "api_url: u\nauth:\n  user: me\n")
        XCTAssertThrowsError(try PackConfigLoader.load(pack: pack, configsDirectory: configs)) { error in
            XCTAssertEqual((error as! PackError).field, "auth.token")
        }
    }

    /// st2 checks a config only when a file is registered: without one, the action gets the
    /// defaults and fails when it reads a required key (PackConfigDict names it).
    func testWithoutAConfigFileTheDefaultsAreGivenUnchecked() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let (pack, configs) = try makePack(packs, schema: schema, config: nil)
        XCTAssertEqual(try PackConfigLoader.load(pack: pack, configsDirectory: configs),
                       ["retries": 3, "auth": ["user": "admin"], "options": ["verbose": false]])
        let file = configs + "/cfg.yaml"
        XCTAssertEqual(PackConfigLoader.problems(pack: pack, configsDirectory: configs), [
            "\(file): field 'api_url': is required by the pack's config.schema.yaml and there is no config file: an action reading it fails",
            "\(file): field 'auth.token': is required by the pack's config.schema.yaml and there is no config file: an action reading it fails",
        ])
    }

    let looseSchema = """
    region:
      type: string
      default: null
    count:
      type: integer
      required: true
      default: null
    hec_port:
      type: integer
      default: "8088"
    """

    /// st2 validates with allow_default_none, and takes a default of the wrong type as written.
    func testNullDefaultsAndDefaultsOfTheWrongTypeAreAccepted() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let (pack, configs) = try makePack(packs, schema: looseSchema, config: "region: null\n")
        let expected: JSONValue = ["region": .null, "count": .null, "hec_port": "8088"]
        XCTAssertEqual(try PackConfigLoader.load(pack: pack, configsDirectory: configs), expected)
        try FileManager.default.removeItem(atPath: configs + "/cfg.yaml")
        XCTAssertEqual(try PackConfigLoader.load(pack: pack, configsDirectory: configs), expected)
        let schemaFile = pack.path + "/config.schema.yaml"
        XCTAssertEqual(PackConfigLoader.problems(pack: pack, configsDirectory: configs), [
            "\(schemaFile): field 'hec_port': default \"8088\" does not match its type integer; used as written, as st2 does",
        ])
    }

    /// A config file that is present is still checked: one line naming the file and the key.
    func testAPresentConfigOfTheWrongTypeStillFails() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let (pack, configs) = try makePack(packs, schema: looseSchema, config: "hec_port: eighty\n")
        XCTAssertThrowsError(try PackConfigLoader.load(pack: pack, configsDirectory: configs)) { error in
            XCTAssertEqual("\(error)", configs + "/cfg.yaml: field 'hec_port': must be of type integer, got string")
        }
        XCTAssertEqual(PackConfigLoader.problems(pack: pack, configsDirectory: configs).first,
                       configs + "/cfg.yaml: field 'hec_port': must be of type integer, got string")
    }

    func testTypeMismatchIsReportedButTemplatesPass() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let (pack, configs) = try makePack(packs, schema: schema, config: "api_url: u\nretries: many\nauth:\n  token: t\n")
        XCTAssertThrowsError(try PackConfigLoader.load(pack: pack, configsDirectory: configs)) { error in
            let e = error as! PackError
            XCTAssertEqual(e.field, "retries")
            XCTAssertTrue(e.message.contains("integer"))
        }
        try "api_url: u\nretries: '{{ st2kv.system.retries }}'\nauth:\n  token: t\n"
            .write(toFile: configs + "/cfg.yaml", atomically: true, encoding: .utf8)
        let config = try PackConfigLoader.load(pack: pack, configsDirectory: configs)
        XCTAssertEqual(config["retries"], "{{ st2kv.system.retries }}")
    }

    func testPackWithoutSchemaGetsItsConfigAsIs() throws {
        let packs = try TemporaryPacks(); defer { packs.remove() }
        let dir = try packs.write("base/plain", ["pack.yaml": TemporaryPacks.packYAML(name: "plain")])
        let pack = try PackMetadataReader.read(packDirectory: dir)
        XCTAssertEqual(try PackConfigLoader.load(pack: pack, configsDirectory: packs.root + "/none"), [:])
    }
}

final class PayloadSchemaTests: XCTestCase {
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "count": ["type": "integer", "required": true],
            "tags": ["type": "array", "items": ["type": "string"]],
            "level": ["type": "string", "enum": ["low", "high"]],
            "nested": ["type": "object", "properties": ["ok": ["type": "boolean"]], "additionalProperties": false],
        ],
        "required": ["level"],
    ]

    func testValidPayloadsPass() {
        XCTAssertNil(PayloadSchema.firstViolation(of: ["count": 1, "level": "low", "tags": ["a"], "nested": ["ok": true], "extra": 1], against: schema))
        XCTAssertNil(PayloadSchema.firstViolation(of: ["anything": 1], against: .null), "no schema, no check")
    }

    func testEachViolationIsNamedByPath() {
        let cases: [(JSONValue, String)] = [
            (["level": "low"], "payload.count is required"),
            (["count": 1], "payload.level is required"),
            (["count": "1", "level": "low"], "payload.count must be integer, got string"),
            (["count": 1, "level": "mid"], "payload.level must be one of [\"low\", \"high\"]"),
            (["count": 1, "level": "low", "tags": ["a", 2]], "payload.tags[1] must be string, got integer"),
            (["count": 1, "level": "low", "nested": ["ok": true, "no": 1]], "payload.nested.no is not allowed"),
            ([1, 2], "payload must be object, got array"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(PayloadSchema.firstViolation(of: value, against: schema), expected)
        }
    }
}
