import Foundation

/// Peak resident memory (VmHWM) of processes the memory tests watch (issue 15's big results).
enum ProcessPeakMemory {
    /// `pid`'s VmHWM in kB; nil once it has exited (the status file loses it).
    static func kilobytes(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }

    /// Runs `executable` with stdout and stderr to files and returns its VmHWM in kB as last seen
    /// before it exited (VmHWM only grows), its exit status and its stderr.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    stdout: String) throws -> (peak: Int, status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: stdout, contents: nil)
        FileManager.default.createFile(atPath: stdout + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout + ".err"))
        try process.run()
        var peak = 0
        while let kilobytes = kilobytes(process.processIdentifier) {
            peak = kilobytes
            usleep(2_000)
        }
        process.waitUntilExit()
        return (peak, process.terminationStatus, (try? String(contentsOfFile: stdout + ".err", encoding: .utf8)) ?? "")
    }
}
