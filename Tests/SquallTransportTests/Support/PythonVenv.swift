import Foundation
import XCTest

/// A virtualenv for the Python children, made once from /usr/bin/python3 and reused across runs.
///
/// Never `python3` from PATH: on these machines it is a slow pyenv shim.
enum PythonVenv {
    static let basePython = "/usr/bin/python3"

    /// Path of the venv's interpreter; creates the venv on first use.
    static func python() throws -> String {
        try lock.withLock {
            if let ready = cached { return ready }
            let python = try prepare()
            cached = python
            return python
        }
    }

    nonisolated(unsafe) private static var cached: String?
    private static let lock = NSLock()

    private static func prepare() throws -> String {
        let version = try run(basePython, ["-c", "import sys; print(sys.version)"])
        let directory = "/tmp/squall-test-venv-\(fnv1a(version + "pyzmq six"))"
        let python = directory + "/bin/python"
        let marker = directory + "/.squall-ready"
        if FileManager.default.fileExists(atPath: marker) { return python }

        // Build under a temporary name and rename, so a half-made venv is never reused.
        let building = directory + ".building-\(getpid())"
        try? FileManager.default.removeItem(atPath: building)
        _ = try run(basePython, ["-m", "venv", building])
        // six: many Exchange packs import it without declaring it (st2's own site-packages had it).
        _ = try run(building + "/bin/python", ["-m", "pip", "install", "--quiet", "pyzmq", "six"])
        FileManager.default.createFile(atPath: building + "/.squall-ready", contents: Data())
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.moveItem(atPath: building, toPath: directory)
        return python
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "PythonVenv", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
