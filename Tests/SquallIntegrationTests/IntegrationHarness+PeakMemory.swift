import Foundation
import XCTest

extension IntegrationHarness {
    /// Runs squall with ARGUMENTS (stdout to OUTPUT in the data directory, stderr beside it) and
    /// returns its peak resident memory (VmHWM) in kB, as last seen before it exited; the command
    /// must exit 0.
    func peakKilobytes(_ arguments: [String], output: String) throws -> Int {
        let ran = try ProcessPeakMemory.run(CommandLineTests.binary, arguments, environment: commandLineEnvironment,
                                            stdout: dataDirectory + "/" + output)
        XCTAssertEqual(ran.status, 0, "squall \(arguments.joined(separator: " ")): \(ran.stderr)")
        return ran.peak
    }
}
