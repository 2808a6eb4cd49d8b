import Foundation
import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Positive controls: what actions need still works inside the full sandbox.
final class IsolatedWorkloadTests: XCTestCase {
    func testPythonStartsWithThreadsAndSubprocesses() throws {
        let layout = try IsolatedLayout.make(for: self)
        let plain = try layout.python("print('plain')", policy: isolatedPolicy())
        XCTAssertEqual(plain.stdout, "plain\n", plain.stderr)
        let program = """
        import subprocess, threading
        results = []
        workers = [threading.Thread(target=lambda n=n: results.append(n)) for n in range(4)]
        for worker in workers: worker.start()
        for worker in workers: worker.join()
        print(sorted(results))
        print(subprocess.run(['/bin/sh', '-c', 'echo from $0'], capture_output=True, text=True, check=True).stdout.strip())
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "[0, 1, 2, 3]\nfrom /bin/sh\n", child.stderr)
    }

    func testAPipInstalledCExtensionImportsFromTheVenv() throws {
        // The venv is bound read-only at its own path; pyzmq's compiled backend loads from it.
        let layout = try IsolatedLayout.make(for: self)
        let venv = try TestVirtualenv.withPyzmq()
        let spec = layout.spec(venv + "/bin/python", ["-s", "-c", "import zmq, zmq.backend.cython; print(zmq.zmq_version_info()[0] >= 4)"],
                               policy: try isolatedPolicy(), readOnly: [layout.packDir, venv])
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.stdout, "True\n", child.stderr)
    }

    func testTheRunDirectorySocketIsReachableInside() throws {
        // The supervisor's ipc:// channel is a socket file in the private run directory.
        let layout = try IsolatedLayout.make(for: self)
        let socketPath = layout.runDir + "/channel"
        let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(server) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(server, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(chmod(socketPath, 0o600), 0)
        XCTAssertEqual(listen(server, 1), 0)
        let program = """
        import socket
        connection = socket.socket(socket.AF_UNIX); connection.connect('\(socketPath)'); connection.sendall(b'hello'); print('sent')
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "sent\n", child.stderr)
        let connection = accept(server, nil, nil)
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(connection, &buffer, buffer.count)
        XCTAssertEqual(String(decoding: buffer[0..<max(count, 0)], as: UTF8.self), "hello")
    }

    func testTheSandboxProbeReportsEveryIsolation() throws {
        // gVisor-style posture from outside: namespaces, maps, uids and capabilities of a live child.
        let posture = try SandboxProbe.run(policy: try isolatedPolicy())
        for name in ["namespace.user", "namespace.pid", "namespace.mnt", "namespace.ipc", "namespace.uts", "namespace.net",
                     "id_maps", "identity", "capabilities", "mounts", "seccomp", "no_new_privs"] {
            let check = try XCTUnwrap(posture.check(name), name)
            XCTAssertTrue(check.enforced, "\(name): \(check.detail)")
        }
    }
}

/// A virtualenv with pyzmq (a pip-installed C extension), built once per machine with real pip.
enum TestVirtualenv {
    static func withPyzmq() throws -> String {
        let path = NSTemporaryDirectory() + "squall-sandbox-test-venv"
        if FileManager.default.fileExists(atPath: path + "/.complete") { return path }
        let staging = path + ".staging-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        try run(systemPython, ["-m", "venv", staging])
        try run(staging + "/bin/python", ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "pyzmq"])
        FileManager.default.createFile(atPath: staging + "/.complete", contents: Data())
        // Only bin/python is used, which finds its venv from where it is called: the rename is safe.
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: staging, toPath: path)
        return path
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw POSIXError(.EIO, userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed"])
        }
    }
}
