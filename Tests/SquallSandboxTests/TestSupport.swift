import Foundation
import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Debian's python by absolute path (the `python3` on PATH is a slow pyenv shim).
let systemPython = "/usr/bin/python3"

let repositoryRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func defaultPolicy() throws -> SandboxPolicy {
    try SandboxPolicy.load(contentsOf: SandboxPolicy.defaultPolicyPath(home: repositoryRoot))
}

/// What a finished child printed and how it ended.
struct FinishedChild {
    var stdout: String
    var stderr: String
    var termination: ChildTermination
}

/// Reads both pipes until end-of-file (with poll, so a chatty stderr cannot stall stdout), then reaps.
func collect(_ process: SandboxedProcess) -> FinishedChild {
    var outputs: [Int32: Data] = [process.stdoutFD: Data(), process.stderrFD: Data()]
    var open = [process.stdoutFD, process.stderrFD]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while !open.isEmpty {
        var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if poll(&fds, nfds_t(fds.count), -1) < 0 { continue }
        for entry in fds where entry.revents != 0 {
            let count = read(entry.fd, &buffer, buffer.count)
            if count > 0 {
                outputs[entry.fd]!.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                open.removeAll { $0 == entry.fd }
            }
        }
    }
    let termination = process.wait()
    return FinishedChild(stdout: String(decoding: outputs[process.stdoutFD]!, as: UTF8.self),
                         stderr: String(decoding: outputs[process.stderrFD]!, as: UTF8.self),
                         termination: termination)
}

/// Runs a Python snippet in the sandbox (isolated mode, so no user site or env influence).
func runPython(_ code: String, policy: SandboxPolicy, environment: [String: String] = [:]) throws -> FinishedChild {
    let spec = LaunchSpec(executable: systemPython, arguments: ["-I", "-c", code],
                          environment: environment, policy: policy)
    return collect(try Launcher.launch(spec))
}

/// A fresh directory on the host, removed after the test: a child's private /tmp, or a place it may
/// write (the default policy's filesystem view shows nothing of the host that the launch does not name).
func scratchDirectory(for test: XCTestCase, _ name: String = "scratch") throws -> String {
    let path = NSTemporaryDirectory() + "squall-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// Host pids of `pid`'s children (a child in a pid namespace only knows its own numbering).
func hostChildren(of pid: pid_t) -> [pid_t] {
    let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
    return text.split(separator: " ").compactMap { pid_t($0) }
}

/// Reads one line from a child's stdout without waiting for end-of-file.
func readLine(from fd: Int32) -> String {
    var line = [UInt8]()
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { line.append(byte) }
    return String(decoding: line, as: UTF8.self)
}

/// True once `pid` has no running process (gone, or a zombie our container's init never reaps).
func processIsGone(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    guard let close = stat.lastIndex(of: ")") else { return true }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state == "Z" || state == "X"
}

/// Polls `condition` for up to `seconds` (a deadline for slow machines, not a speed assertion).
func eventually(within seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
