import Foundation

/// Identifies a process by pid plus start time, so a pid the kernel has reused for another
/// process is not mistaken for the supervisor that owned an execution.
public enum ProcessLiveness {
    /// This process: its pid and its start time (clock ticks since boot; nil where /proc is absent).
    public static func current() -> (pid: Int32, startTime: UInt64?) {
        let pid = getpid()
        return (pid, startTime(pid: pid))
    }

    /// Whether `pid` is a live process that started at `startTime` (when given). Zombies count as gone.
    public static func isAlive(pid: Int32, startTime: UInt64?) -> Bool {
        guard pid > 0 else { return false }
        guard let stat = readStat(pid: pid) else {
            // No /proc entry: gone, unless this system has no /proc at all.
            if FileManager.default.fileExists(atPath: "/proc/self/stat") { return false }
            return kill(pid, 0) == 0 || errno == EPERM
        }
        if stat.state == "Z" || stat.state == "X" { return false }
        if let startTime, let actual = stat.startTime, actual != startTime { return false }
        return true
    }

    /// Field 22 of /proc/<pid>/stat.
    public static func startTime(pid: Int32) -> UInt64? {
        readStat(pid: pid)?.startTime
    }

    private static func readStat(pid: Int32) -> (state: Character, startTime: UInt64?)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // Field 2 (comm) is parenthesised and may itself contain spaces or ')': split after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        guard let state = fields.first?.first else { return nil }
        let startTime = fields.count > 19 ? UInt64(fields[19]) : nil
        return (state, startTime)
    }
}
