#if canImport(Glibc)
import Glibc
#endif

/// Turns how a child ended into the limit that ended it, for the execution's result:
/// "killed: memory limit (512 MiB) exceeded", "fork limit (256 processes) reached",
/// "killed: CPU time limit (600 s) exceeded", "killed: file size limit (1 GiB) exceeded".
public enum CgroupKillReason {
    /// nil when no limit explains the end (a normal exit, or a signal from elsewhere).
    public static func describe(termination: ChildTermination, exhaustion: [CgroupExhaustion],
                                limits: ResourceLimits) -> String? {
        if case .signaled(let signal) = termination {
            if signal == SIGKILL, let memory = exhaustion.first(where: { if case .memory = $0 { return true } else { return false } }) {
                return "killed: \(memory)"
            }
            if signal == SIGXCPU {
                return "killed: CPU time limit" + (limits.cpuSeconds.map { " (\($0) s)" } ?? "") + " exceeded"
            }
            if signal == SIGXFSZ {
                return "killed: file size limit" + (limits.fileSizeBytes.map { " (\(ByteCountText.describe($0)))" } ?? "") + " exceeded"
            }
        }
        // A fork bomb usually ends by its own errors (or a timeout): the limit is still the story.
        if let pids = exhaustion.first(where: { if case .pids = $0 { return true } else { return false } }) {
            return pids.description
        }
        return nil
    }
}
