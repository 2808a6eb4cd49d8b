import Foundation
import XCTest

/// The command line is a front end: it calls the engine's facade (Engine+*.swift) and never the
/// store, so the HTTP API can call the same methods and a second store can sit behind them. A
/// source check, since the CLI is an executable target.
final class FrontEndSeamTests: XCTestCase {
    func testTheCommandLineNeverReachesTheStore() throws {
        try checkFrontEnd("Sources/squall", atLeast: 20)
    }

    func testTheServerCommandsNeverReachTheStore() throws {
        try checkFrontEnd("Sources/squall-server", atLeast: 2)
        try checkFrontEnd("Sources/SquallCommandLine", atLeast: 2)
    }

    func testTheHTTPAPINeverReachesTheStore() throws {
        try checkFrontEnd("Sources/SquallAPI", atLeast: 10)
    }

    func checkFrontEnd(_ relativePath: String, atLeast minimumFiles: Int) throws {
        let directory = IntegrationHarness.repositoryRoot + "/" + relativePath
        let forbidden: [(String, String)] = [
            (#"^\s*(@\w+\s+)*import\s+(SquallStore\w*|GRDB|CSquallSQLite)\b"#, "imports a store module"),
            (#"\bSQLiteStore\b"#, "names SQLiteStore"),
            (#"\.store\b"#, "reaches into .store"),
        ]
        let patterns = try forbidden.map { (try NSRegularExpression(pattern: $0.0, options: [.anchorsMatchLines]), $0.1) }
        var found: [String] = []
        var files = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where file.hasSuffix(".swift") {
            files += 1
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                for (pattern, problem) in patterns
                where pattern.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil {
                    found.append("\(file):\(number + 1): \(problem): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        XCTAssertGreaterThan(files, minimumFiles)
        XCTAssertEqual(found, [], "use the engine's facade (Sources/SquallEngine/Engine+*.swift) instead")
    }
}
