import Foundation
import SquallModel
import SquallSandbox
#if canImport(Glibc)
import Glibc
#endif

/// A virtualenv build step (`-m venv`, `pip install`) run through the launcher. pip runs the
/// install code of the pack's requirements (setup.py, build backends), so it gets the pack's own
/// sandbox and identity, with the network allowed (pip must download), seeing the pack's
/// directory read-only and writing only the venv (or test layer) being built and a private /tmp.
struct SandboxedBuildStep {
    let policy: SandboxPolicy
    let pack: Pack
    /// What is being built, the only host directory it writes (must exist: the view binds it).
    let output: String
    /// Seen read-only besides the pack (the built venv, for a test layer installed beside it).
    let readOnly: [String]
    /// The base interpreter, whose installation must be in the view.
    let python: String
    /// A fresh directory for the child's /tmp, removed by the caller.
    let tmpDirectory: String

    /// `network`: pip must download; a step that only compiles keeps the pack's own setting.
    init(packPolicy: SandboxPolicy, pack: Pack, output: String, readOnly: [String] = [], python: String, tmpDirectory: String,
         network: Bool = true) {
        var policy = packPolicy
        if network { policy.network = .allow }
        self.policy = policy
        self.pack = pack
        self.output = output
        self.readOnly = readOnly
        self.python = python
        self.tmpDirectory = tmpDirectory
    }

    /// Runs `executable arguments` sandboxed; output lines go to `progress`; returns the exit
    /// description and the tail of the output when it failed, nil when it succeeded.
    func run(_ executable: String, _ arguments: [String], environment: [String: String],
             progress: (String) -> Void) throws -> (failure: String, tail: [String])? {
        var inside = environment
        inside["HOME"] = "/tmp"
        inside["TMPDIR"] = "/tmp"
        var spec = LaunchSpec(executable: executable, arguments: arguments, environment: inside,
                              workingDirectory: pack.path, policy: policy)
        spec.readOnlyPaths = readOnlyPaths(environment: environment)
        spec.writablePaths = [output]
        spec.tmpDirectory = tmpDirectory
        // ld reads the loader when linking a C extension (libc.so names it).
        spec.readableLoader = true
        if PackIdentity.applies(under: policy) { spec.identity = PackIdentity.forPack(pack.ref) }
        let process = try Launcher.launch(spec)
        defer { process.close() }
        return withoutActuallyEscaping(progress) { progress in
            let tail = LineTail(progress: progress)
            stream([process.stdoutFD, process.stderrFD], into: tail)
            let termination = process.wait()
            return termination == .exited(0) ? nil : ("\(termination)", tail.lines)
        }
    }

    /// The pack (requirements and local archives), the interpreter's installation when it is not
    /// under /usr, and local wheel directories the operator named in PIP_FIND_LINKS.
    private func readOnlyPaths(environment: [String: String]) -> [String] {
        var paths = [pack.path] + readOnly
        if let real = RealPath.of(python), !real.hasPrefix("/usr/") {
            paths.append(URL(fileURLWithPath: real).deletingLastPathComponent().deletingLastPathComponent().path)
        }
        for link in (environment["PIP_FIND_LINKS"] ?? "").split(separator: " ").map(String.init)
        where link.hasPrefix("/") && FileManager.default.fileExists(atPath: link) && !paths.contains(link) {
            paths.append(link)
        }
        return paths
    }

    /// Reads every fd to end-of-file (poll, so a chatty stderr cannot stall stdout).
    private func stream(_ fds: [Int32], into tail: LineTail) {
        var open = fds
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&polled, nfds_t(polled.count), -1) < 0 { continue }
            for entry in polled where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    tail.append(buffer[0..<count], from: entry.fd)
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        tail.finish()
    }
}

/// Splits a child's output into lines (per fd), shows each, keeps the last 15.
private final class LineTail {
    private let progress: (String) -> Void
    private var pending: [Int32: [UInt8]] = [:]
    private(set) var lines: [String] = []

    init(progress: @escaping (String) -> Void) { self.progress = progress }

    func append(_ bytes: ArraySlice<UInt8>, from fd: Int32) {
        var buffer = pending[fd, default: []]
        buffer.append(contentsOf: bytes)
        while let newline = buffer.firstIndex(of: 0x0A) {
            emit(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeSubrange(...newline)
        }
        pending[fd] = buffer
    }

    func finish() {
        for (_, rest) in pending where !rest.isEmpty { emit(String(decoding: rest, as: UTF8.self)) }
        pending = [:]
    }

    private func emit(_ line: String) {
        progress("  " + line)
        lines.append(line)
        if lines.count > 15 { lines.removeFirst() }
    }
}
