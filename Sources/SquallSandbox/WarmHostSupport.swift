import CSquallLauncher
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a warm per-pack host's supervisor needs from the sandbox layer (SquallRunners/WarmHost):
/// the pack's compiled seccomp programs (the host's forks attach them), unix-socket messages with
/// descriptors and with the sender's pid, and moving a forked pid into a cgroup lease.
public enum WarmHostSupport {
    /// The BPF programs a cold child of this policy gets: (allowlist, argument filter or empty).
    public static func seccompPrograms(for policy: SeccompPolicy) throws -> (main: [UInt8], argumentFilter: [UInt8]) {
        let programs = try SeccompFilterCache.shared.program(for: policy)
        return (programs.main, programs.argumentFilter)
    }

    /// One message, with `fds` passed along (SCM_RIGHTS). False when the peer is gone.
    public static func send(_ socket: Int32, _ bytes: [UInt8], fds: [Int32] = []) -> Bool {
        let sent = bytes.withUnsafeBytes { raw in
            fds.withUnsafeBufferPointer { squall_send_with_fds(socket, raw.baseAddress, raw.count, $0.baseAddress, fds.count) }
        }
        return sent == bytes.count
    }

    /// One message and its sender's pid in our pid namespace (0 when unknown; see
    /// `passCredentials`). nil on error; an empty message means end-of-file.
    public static func receive(_ socket: Int32, capacity: Int = 65536) -> (bytes: [UInt8], sender: pid_t)? {
        var buffer = [UInt8](repeating: 0, count: capacity)
        var sender: pid_t = 0
        let got = buffer.withUnsafeMutableBytes { squall_receive_with_sender(socket, $0.baseAddress, $0.count, &sender) }
        guard got >= 0 else { return nil }
        return (Array(buffer.prefix(got)), sender)
    }

    /// Asks the kernel to attach each sender's credentials to what `socket` receives.
    public static func passCredentials(_ socket: Int32) -> Bool { squall_pass_credentials(socket) == 0 }

    /// The pid of the process that connected `socket` (SO_PEERCRED).
    public static func peerPid(_ socket: Int32) -> pid_t? {
        var pid: pid_t = 0
        return squall_peer_pid(socket, &pid) == 0 ? pid : nil
    }

    /// A termination from a raw wait status (as a warm host reports it for its fork).
    public static func termination(waitStatus: Int32) -> ChildTermination { ChildTermination(waitStatus: waitStatus) }
}

extension CgroupLease {
    /// Moves a running process (and what it starts afterwards) into the lease's cgroups: a forked
    /// execution joins them before it is told to run anything.
    /// Writes through the `cgroup.procs` descriptors the lease holds open (opening the three
    /// kernfs files for each execution was most of this call's cost).
    public func adopt(pid: pid_t) throws {
        let text = Array("\(pid)".utf8)
        for (index, fd) in descriptorsForLaunch.enumerated() {
            let written = fd < 0 ? -1 : text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == text.count else {
                let path = (index < directories.count ? directories[index] : "released lease") + "/cgroup.procs"
                throw CgroupError(path: path, message: "cannot move \(pid) into it: " + CgroupFiles.errorText(errno))
            }
        }
    }
}
