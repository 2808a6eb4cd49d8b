import Foundation
import XCTest

/// `squall server` says once at start-up which protections are off. squall-init is found beside
/// the executable: a squall installed without it must say so, not silently run each child as PID 1.
final class StartupWarningTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    /// Runs `squall server` from `executable` until it has started, then stops it; its stderr.
    private func serverStartupLog(executable: String) throws -> String {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = ["server", "--log-level", "info"]
        server.environment = harness.commandLineEnvironment
        let err = Pipe()
        server.standardError = err
        try server.run()
        var log = Data()
        let reader = err.fileHandleForReading
        // Warnings come before "server started"; read until it (or end of file).
        while !String(decoding: log, as: UTF8.self).contains("server started") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            log.append(chunk)
        }
        server.terminate()
        log.append(reader.readDataToEndOfFile())
        server.waitUntilExit()
        return String(decoding: log, as: UTF8.self)
    }

    func testAServerWithoutSquallInitBesideItSaysSoOnce() throws {
        let alone = harness.dataDirectory + "/../squall-alone-\(getpid())"
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: alone) }
        try FileManager.default.copyItem(atPath: CommandLineTests.binary, toPath: alone + "/squall")
        // `squall server` runs squall-server from beside it: that one stays, squall-init does not.
        let server = URL(fileURLWithPath: CommandLineTests.binary).deletingLastPathComponent().appendingPathComponent("squall-server").path
        try FileManager.default.copyItem(atPath: server, toPath: alone + "/squall-server")

        let withoutInit = try serverStartupLog(executable: alone + "/squall")
        XCTAssertTrue(withoutInit.contains("server started"), withoutInit)
        XCTAssertEqual(withoutInit.components(separatedBy: "protection off: squall-init is not beside the squall executable").count - 1, 1,
                       withoutInit)

        // Control: the build's own squall has squall-init beside it.
        let withInit = try serverStartupLog(executable: CommandLineTests.binary)
        XCTAssertTrue(withInit.contains("server started"), withInit)
        XCTAssertFalse(withInit.contains("squall-init"), withInit)
    }
}
