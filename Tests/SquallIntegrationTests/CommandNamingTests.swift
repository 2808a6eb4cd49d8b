import Foundation
import XCTest

/// Every CLI command spells out its `commandName`: ArgumentParser would otherwise derive it at
/// every start with `String(describing:)`, a protocol-conformance scan of the whole binary per
/// command (it was half of argument parsing). A source check, since the CLI is an executable target.
final class CommandNamingTests: XCTestCase {
    func testEveryCommandConfigurationNamesItsCommand() throws {
        let directory = IntegrationHarness.repositoryRoot + "/Sources/squall"
        var unnamed: [String] = []
        var commands = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            var rest = Substring(text)
            while let start = rest.range(of: "CommandConfiguration(") {
                // The call's arguments, up to its closing parenthesis.
                var depth = 1, end = start.upperBound
                while depth > 0, end < rest.endIndex {
                    if rest[end] == "(" { depth += 1 } else if rest[end] == ")" { depth -= 1 }
                    end = rest.index(after: end)
                }
                commands += 1
                if !rest[start.upperBound..<end].contains("commandName:") {
                    unnamed.append(file + ": " + rest[start.lowerBound..<end].prefix(80))
                }
                rest = rest[end...]
            }
        }
        XCTAssertGreaterThan(commands, 20)
        XCTAssertEqual(unnamed, [])
    }
}
