import Foundation

/// A virtualenv build's own output (venv, pip and the install code pip runs), written to a file
/// so that squall's progress lines stay readable; each build starts the file afresh (mode 0600:
/// pip may print index URLs with credentials).
final class BuildLog: @unchecked Sendable {
    let path: String
    private let handle: FileHandle
    private let lock = NSLock()

    init(path: String) throws {
        self.path = path
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw RunnerError("cannot write the build log \(path)")
        }
        try handle.truncate(atOffset: 0)
        self.handle = handle
    }

    func write(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    func close() { try? handle.close() }
}
