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
        try FileManager.default.removeItem(atPath: configs + "/cfg.yaml")
        XCTAssertThrowsError(try PackConfigLoader.load(pack: pack, configsDirectory: configs)) { error in
            XCTAssertEqual((error as! PackError).field, "api_url")
        }
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
