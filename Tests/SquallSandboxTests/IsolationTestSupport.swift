import Foundation
import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The default policy with every namespace (net too unless `network`), as actions will get it.
func isolatedPolicy(network: Bool = false) throws -> SandboxPolicy {
    var policy = try defaultPolicy()
    policy.namespaces = SandboxPolicy.isolatedNamespaces(network: network)
    return policy
}

/// A throwaway host layout: two packs, a data dir holding a secret, a run dir and a fresh tmp dir,
/// all under one 0700 directory (like a real data dir); removed after the test.
struct IsolatedLayout {
    let base: String
    var packDir: String { base + "/packs/alpha" }
    var otherPackDir: String { base + "/packs/beta" }
    var dataDir: String { base + "/data" }
    var runDir: String { base + "/data/run/exec-1" }
    /// The alpha execution's /tmp (each execution gets its own; see `tmpDir(for:)`).
    var tmpDir: String { tmpDir(for: "alpha") }
    func tmpDir(for pack: String) -> String { base + "/data/tmp/exec-\(pack)" }
    var secretFile: String { dataDir + "/squall.db" }

    static func make(for test: XCTestCase) throws -> IsolatedLayout {
        let layout = IsolatedLayout(base: NSTemporaryDirectory() + "squall-ns-\(UUID().uuidString)")
        for directory in [layout.packDir + "/actions", layout.otherPackDir, layout.runDir, layout.tmpDir, layout.tmpDir(for: "beta")] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        chmod(layout.base, 0o700)
        try "print('alpha action')\n".write(toFile: layout.packDir + "/actions/run.py", atomically: true, encoding: .utf8)
        try "beta secret\n".write(toFile: layout.otherPackDir + "/pack.yaml", atomically: true, encoding: .utf8)
        try "database secret\n".write(toFile: layout.secretFile, atomically: true, encoding: .utf8)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: layout.base) }
        return layout
    }

    /// A launch of `executable` for pack `pack` the way the runners will build it.
    func spec(_ executable: String, _ arguments: [String], pack: String = "alpha", policy: SandboxPolicy,
              readOnly: [String]? = nil) -> LaunchSpec {
        var spec = LaunchSpec(executable: executable, arguments: arguments,
                              environment: ["PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"], policy: policy)
        spec.readOnlyPaths = readOnly ?? [pack == "alpha" ? packDir : otherPackDir]
        spec.writablePaths = [runDir]
        spec.tmpDirectory = tmpDir(for: pack)
        spec.identity = PackIdentity.forPack(pack)
        return spec
    }

    func python(_ code: String, pack: String = "alpha", policy: SandboxPolicy, readOnly: [String]? = nil) throws -> FinishedChild {
        collect(try Launcher.launch(spec(systemPython, ["-I", "-c", code], pack: pack, policy: policy, readOnly: readOnly)))
    }
}

/// Fields of /proc/<pid>/status as the supervisor sees them.
func procStatus(_ pid: pid_t) -> [String: String] {
    var fields: [String: String] = [:]
    let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1)
        if parts.count == 2 { fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
    }
    return fields
}

/// A listening TCP socket on the host's 127.0.0.1 (a real peer for network tests).
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 8) == 0
                && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Accepts one connection that has already arrived and reads what it sent.
    func acceptAndRead() -> String {
        let connection = accept(fd, nil, nil)
        guard connection >= 0 else { return "" }
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(connection, &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
    }

    deinit { close(fd) }
}
