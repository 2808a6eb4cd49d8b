import Foundation
import SquallModel
import SquallSandbox
#if canImport(Glibc)
import Glibc
#endif

/// A warm per-pack host (Runners/python/squall_warm_host.py): launched in the pack's sandbox as an
/// action child is, it has imported squall's runtime and the st2 SDK, and forks one child per
/// execution. The host itself never runs pack code.
final class WarmHost: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let pack: String
    let fingerprint: String
    let process: SandboxedProcess
    let started = Date()
    private let sandbox: ChildSandbox
    private let runDirectory: String
    private let control: Int32
    private let identity: ProcessIdentity?
    private let lock = NSLock()
    private(set) var served = 0

    /// `policy`: the pack's; the host runs under it plus what its forks need to build their own
    /// namespaces (`WarmHostPolicy`), which the forks' strict filter takes away again.
    init(pack: Pack, interpreter: String, runtimeDirectory: String, readOnlyPaths: [String],
         policy: SandboxPolicy, runRoot: String, fingerprint: String) throws {
        self.pack = pack.ref
        self.fingerprint = fingerprint
        let runDirectory = runRoot + "/w-" + UUID().uuidString.prefix(8).lowercased()
        self.runDirectory = runDirectory
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let programs = try WarmHostSupport.seccompPrograms(for: policy.seccomp)
        FileManager.default.createFile(atPath: runDirectory + "/filter.bpf", contents: Data(programs.main))
        if !programs.argumentFilter.isEmpty {
            FileManager.default.createFile(atPath: runDirectory + "/arguments.bpf", contents: Data(programs.argumentFilter))
        }
        let listener = try Self.listen(at: runDirectory + "/control")
        defer { _ = Glibc.close(listener); unlink(runDirectory + "/control") }

        let hostPolicy = WarmHostPolicy.policy(forHostOf: policy)
        let environment = [
            "PATH": ChildEnvironment.basePath, "HOME": "/tmp", "LANG": "C.UTF-8",
            "PYTHONPATH": [pack.path + "/actions/lib", runtimeDirectory].joined(separator: ":"),
            "PYTHONUNBUFFERED": "1",
            "SQUALL_WARM_CONTROL": runDirectory + "/control",
            "SQUALL_WARM_FILTERS": runDirectory,
            "SQUALL_WARM_NEW_NETWORK": policy.namespaces.contains(.net) ? "1" : "0",
        ]
        var spec = LaunchSpec(executable: interpreter, arguments: ["-s", runtimeDirectory + "/squall_warm_host.py"],
                              environment: environment, workingDirectory: pack.path, policy: hostPolicy)
        let sandbox = try ChildSandbox(name: "warm-\(pack.ref)", pack: pack.ref, runDirectory: runDirectory,
                                       limits: policy.limits, readOnlyPaths: readOnlyPaths, hasChannel: true)
        sandbox.apply(to: &spec)
        self.sandbox = sandbox
        identity = spec.identity
        do {
            process = try Launcher.launch(spec)
        } catch {
            sandbox.release()
            try? FileManager.default.removeItem(atPath: runDirectory)
            throw error
        }
        // Made after the launch, so not chowned to the pack: its forks may pass through it to
        // their own channel (each an 80-bit random name given only to that fork) but never list it.
        try? FileManager.default.createDirectory(atPath: runDirectory + "/c", withIntermediateDirectories: false,
                                                 attributes: [.posixPermissions: 0o711])
        // The host connects once, at start, before anything could run in its sandbox but itself.
        var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        let accepted = poll(&ready, 1, 30_000) == 1 ? accept(listener, nil, nil) : -1
        control = accepted
        if accepted >= 0 {
            _ = fcntl(accepted, F_SETFD, FD_CLOEXEC)
            // A wedged host stops reading: once its queue is full a send gives up instead of blocking.
            var bound = timeval(tv_sec: Int(Self.answerSeconds), tv_usec: 0)
            _ = setsockopt(accepted, SOL_SOCKET, SO_SNDTIMEO, &bound, socklen_t(MemoryLayout<timeval>.size))
        }
        guard accepted >= 0, WarmHostSupport.receive(accepted, capacity: 16)?.bytes == [UInt8(ascii: "W")] else {
            stop()
            throw Failure(description: "warm host of pack '\(pack.ref)' did not start: \(String(decoding: drainStderr(), as: UTF8.self))")
        }
    }

    private static func listen(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            _ = Glibc.close(fd)
            throw Failure(description: "warm host socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 1) == 0 else {
            _ = Glibc.close(fd)
            throw Failure(description: "bind \(path): errno \(errno)")
        }
        return fd
    }

    private func drainStderr() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let flags = fcntl(process.stderrFD, F_GETFL)
        _ = fcntl(process.stderrFD, F_SETFL, flags | O_NONBLOCK)
        let got = buffer.withUnsafeMutableBytes { read(process.stderrFD, $0.baseAddress, $0.count) }
        return got > 0 ? Array(buffer.prefix(got)) : []
    }

    /// A new directory for one execution's channel socket, reachable from the host's forks only
    /// by its unguessable name.
    func makeChannelDirectory() throws -> String {
        let directory = runDirectory + "/c/" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        try ScratchDirectory.make(directory, mode: 0o711, parents: false)
        return directory
    }

    var isAlive: Bool { process.tryWait() == nil }

    /// How long a fork request may wait for the host (to queue it, then to fork): past it the
    /// host is wedged, the execution runs cold and the pool restarts the host after a backoff.
    static let answerSeconds = 5

    /// Forks an execution. `lease`: its cgroups, joined before it runs anything; `go`: what it
    /// needs to become the execution (environment, working directory). Throws before the fork
    /// has run anything of the execution's, so the caller can still run it cold.
    func fork(lease: CgroupLease?, environment: [String: String], directory: String,
              channelDirectory: String) throws -> WarmForkedChild {
        // Encoded before the fork is asked for: the fork waits for it. squall's own writer, not
        // JSONSerialization (~4% of the server's CPU per execution; the host decodes any JSON).
        let goMessage = Self.goMessage(environment: environment, directory: directory)
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw Failure(description: "socketpair: errno \(errno)")
        }
        let mine = pair[0]
        var handedOver = false
        defer { if !handedOver { _ = Glibc.close(mine) } }
        _ = WarmHostSupport.passCredentials(mine)
        let sent = lock.withLock { WarmHostSupport.send(control, [UInt8(ascii: "F")], fds: [pair[1]]) }
        _ = Glibc.close(pair[1])
        guard sent else { throw Failure(description: "warm host of '\(pack)' is gone") }
        // A host that forks nothing within this bound is wedged: the caller stops it.
        var ready = pollfd(fd: mine, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, Int32(Self.answerSeconds * 1000)) == 1, let hello = WarmHostSupport.receive(mine) else {
            throw Failure(description: "warm host of '\(pack)' did not fork")
        }
        guard hello.bytes == [UInt8(ascii: "R")], hello.sender > 1 else {
            let said = hello.bytes.first == UInt8(ascii: "E") ? String(decoding: hello.bytes.dropFirst(), as: UTF8.self) : "\(hello.bytes.prefix(8))"
            throw Failure(description: "warm host of '\(pack)' could not fork: \(said)")
        }
        let pid = hello.sender
        do {
            try lease?.adopt(pid: pid)
            if let identity { _ = lchown(channelDirectory + "/channel", identity.uid, identity.gid) }
            var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
            guard pipe(&out) == 0 else { throw Failure(description: "pipe: errno \(errno)") }
            guard pipe(&err) == 0 else {
                _ = Glibc.close(out[0]); _ = Glibc.close(out[1])
                throw Failure(description: "pipe: errno \(errno)")
            }
            for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            let delivered = WarmHostSupport.send(mine, goMessage, fds: [out[1], err[1]])
            _ = Glibc.close(out[1]); _ = Glibc.close(err[1])
            guard delivered else {
                _ = Glibc.close(out[0]); _ = Glibc.close(err[0])
                throw Failure(description: "forked execution of '\(pack)' is gone")
            }
            lock.withLock { served += 1 }
            handedOver = true
            return WarmForkedChild(pid: pid, stdoutFD: out[0], stderrFD: err[0], socket: mine)
        } catch {
            _ = kill(pid, SIGKILL)
            throw error
        }
    }

    /// "G" and the JSON object {"environment", "directory"} the fork becomes the execution with.
    static func goMessage(environment: [String: String], directory: String) -> [UInt8] {
        let go: JSONValue = ["environment": .object(environment.mapValues { .string($0) }), "directory": .string(directory)]
        return go.withJSONBytes { [UInt8(ascii: "G")] + $0 }
    }

    /// Kills the host (executions it forked die with its pid namespace; their supervisors see
    /// their sockets close and their own cgroups catch anything left) and removes its run directory.
    func stop() {
        if control >= 0 { _ = Glibc.close(control) }
        process.signalGroup(SIGKILL)
        _ = process.wait()
        sandbox.release()
        try? FileManager.default.removeItem(atPath: runDirectory)
    }
}
