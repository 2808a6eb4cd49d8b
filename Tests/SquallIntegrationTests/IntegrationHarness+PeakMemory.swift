import Foundation
import XCTest

extension IntegrationHarness {
    /// Runs squall with ARGUMENTS (stdout to OUTPUT in the data directory, stderr beside it) and
    /// returns its peak resident memory (VmHWM) in kB, as last seen before it exited; the command
    /// must exit 0.
    func peakKilobytes(_ arguments: [String], output: String) throws -> Int {
        let path = dataDirectory + "/" + output
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = arguments
        process.environment = commandLineEnvironment
        process.standardInput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: path, contents: nil)
        FileManager.default.createFile(atPath: path + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: path + ".err"))
        try process.run()
        var peak = 0
        // VmHWM only grows, and the status file loses it once the process has exited.
        while let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
            peak = kilobytes
            usleep(2_000)
        }
        process.waitUntilExit()
        let errors = (try? String(contentsOfFile: path + ".err", encoding: .utf8)) ?? ""
        XCTAssertEqual(process.terminationStatus, 0, "squall \(arguments.joined(separator: " ")): \(errors)")
        return peak
    }
}
