import XCTest
import SquallModel
@testable import SquallPacks

final class ParameterTests: XCTestCase {
    func action(_ parameters: [ParameterSpec]) -> Action {
        Action(pack: "p", name: "a", runnerType: "noop", entryPoint: nil,
               parameters: Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0) }),
               metadataFile: "/x/a.yaml", packPath: "/x")
    }

    func testCastingFromCommandLineText() throws {
        XCTAssertEqual(try ParameterCasting.cast("42", to: .integer, parameter: "n"), 42)
        XCTAssertEqual(try ParameterCasting.cast("1.5", to: .number, parameter: "n"), 1.5)
        XCTAssertEqual(try ParameterCasting.cast("7", to: .number, parameter: "n"), 7)
        XCTAssertEqual(try ParameterCasting.cast("true", to: .boolean, parameter: "b"), true)
        XCTAssertEqual(try ParameterCasting.cast("0", to: .boolean, parameter: "b"), false)
        XCTAssertEqual(try ParameterCasting.cast("FALSE", to: .boolean, parameter: "b"), false)
        XCTAssertEqual(try ParameterCasting.cast("[1, \"a\"]", to: .array, parameter: "l"), [1, "a"])
        XCTAssertEqual(try ParameterCasting.cast("a,b", to: .array, parameter: "l"), ["a", "b"])
        XCTAssertEqual(try ParameterCasting.cast("{\"k\": {\"n\": 1}}", to: .object, parameter: "o"), ["k": ["n": 1]])
        XCTAssertEqual(try ParameterCasting.cast("12", to: .string, parameter: "s"), "12")
        XCTAssertEqual(try ParameterCasting.cast("x", to: nil, parameter: "s"), "x")
        XCTAssertEqual(try ParameterCasting.cast(.double(3), to: .integer, parameter: "n"), 3)
    }

    func testCastingErrorsNameTheParameter() {
        let cases: [(String, ParameterType)] = [("4.5", .integer), ("abc", .number), ("maybe", .boolean),
                                                 ("[1,", .array), ("{bad", .object), ("[1]", .object)]
        for (text, type) in cases {
            XCTAssertThrowsError(try ParameterCasting.cast(.string(text), to: type, parameter: "p1")) { error in
                XCTAssertEqual((error as? ParameterError)?.parameter, "p1", text)
            }
        }
        XCTAssertThrowsError(try ParameterCasting.cast(.bool(true), to: .integer, parameter: "n"))
        XCTAssertThrowsError(try ParameterCasting.cast(.int(1), to: .string, parameter: "s"))
    }

    func testUnknownAndImmutableParametersRefused() {
        let a = action([ParameterSpec(name: "fixed", type: .string, defaultValue: "x", immutable: true),
                        ParameterSpec(name: "free", type: .integer)])
        XCTAssertThrowsError(try ParameterValidation.acceptSupplied(["nope": "1"], for: a)) { error in
            XCTAssertEqual((error as? ParameterError)?.parameter, "nope")
        }
        XCTAssertThrowsError(try ParameterValidation.acceptSupplied(["fixed": "y"], for: a)) { error in
            XCTAssertTrue((error as! ParameterError).message.contains("immutable"))
        }
        XCTAssertEqual(try ParameterValidation.acceptSupplied(["free": "3"], for: a), ["free": 3])
        XCTAssertEqual(try ParameterValidation.acceptSupplied(["free": "{{ x }}"], for: a), ["free": "{{ x }}"])
    }

    func testFinalChecksRequiredEnumAndCasting() throws {
        let a = action([ParameterSpec(name: "req", type: .string, required: true),
                        ParameterSpec(name: "color", type: .string, enumValues: ["red", "blue"]),
                        ParameterSpec(name: "count", type: .integer)])
        XCTAssertThrowsError(try ParameterValidation.finalize(["color": "red"], for: a)) { error in
            XCTAssertEqual((error as? ParameterError)?.parameter, "req")
        }
        XCTAssertThrowsError(try ParameterValidation.finalize(["req": .null], for: a)) { error in
            XCTAssertEqual((error as? ParameterError)?.parameter, "req")
        }
        XCTAssertThrowsError(try ParameterValidation.finalize(["req": "x", "color": "green"], for: a)) { error in
            XCTAssertEqual((error as? ParameterError)?.description, "parameter 'color': 'green' is not one of: red, blue")
        }
        XCTAssertEqual(try ParameterValidation.finalize(["req": "x", "count": "5"], for: a), ["req": "x", "count": 5])
    }

    func testErrorsAboutSecretValuesDoNotQuoteThem() {
        let a = action([ParameterSpec(name: "pin", type: .integer, secret: true),
                        ParameterSpec(name: "key", type: .string, enumValues: ["k1"], secret: true)])
        for (values, check) in [(["pin": JSONValue.string("hunter2")], "accept"), (["key": "hunter2"], "finalize")] {
            XCTAssertThrowsError(check == "accept" ? try ParameterValidation.acceptSupplied(values, for: a)
                                                   : try ParameterValidation.finalize(values, for: a)) { error in
                XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
                XCTAssertNotNil(error as? ParameterError)
            }
        }
    }

    func testSecretsMasked() {
        let a = action([ParameterSpec(name: "password", type: .string, secret: true), ParameterSpec(name: "user", type: .string)])
        XCTAssertEqual(ParameterValidation.masked(["password": "hunter2", "user": "bob"], for: a),
                       ["password": "********", "user": "bob"])
    }
}
