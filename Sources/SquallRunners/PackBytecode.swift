import Foundation
import SquallModel
#if canImport(Glibc)
import Glibc
#endif

/// The bytecode of a pack's Python files, compiled into `<venv>/squall-bytecode` (a mirror of
/// their absolute paths that action children read: Runners/python/squall_runtime/pack_bytecode.py).
/// Children see the pack read-only and cannot write __pycache__, so without it every run compiles
/// the action and its libraries again (a 350-line module: ~16M instructions, half a bare
/// interpreter's start-up). The step runs in the pack's sandbox like pip (with the pack's own network
/// setting: it downloads nothing); it runs again when a Python file under the compiled directories
/// changes (`sources`: paths, sizes, mtimes).
extension VirtualenvManager {
    static let bytecodeDirectoryName = "squall-bytecode"
    static let bytecodeMarkerName = ".squall-bytecode-sources"

    /// The pack directories whose Python files are compiled: what action children import.
    static func bytecodeSourceDirectories(_ pack: Pack) -> [String] {
        [pack.path + "/actions", pack.path + "/lib"].filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Compiles the pack's bytecode when its sources changed since the last compile. A failure is
    /// reported on `progress` and changes nothing: the child then compiles from source, as before.
    public func ensureBytecode(_ pack: Pack, runtimeDirectory: String, progress: (String) -> Void) {
        let venv = path(forPack: pack.ref)
        let directories = Self.bytecodeSourceDirectories(pack)
        let sources = PythonSourceSnapshot(directories: directories).description
        let marker = venv + "/" + Self.bytecodeMarkerName
        if (try? String(contentsOfFile: marker, encoding: .utf8)) == sources { return }
        do {
            let lock = try BuildLock(path: root + "/.\(pack.ref).lock")
            defer { lock.release() }
            // Whoever held the lock may have compiled these very sources.
            if (try? String(contentsOfFile: marker, encoding: .utf8)) == sources { return }
            try compileBytecode(pack, directories: directories, runtimeDirectory: runtimeDirectory, progress: progress)
            try sources.write(toFile: marker, atomically: true, encoding: .utf8)
        } catch {
            progress("[\(pack.ref)] bytecode not compiled (the action compiles its modules on each run): \(error)")
        }
    }

    private func compileBytecode(_ pack: Pack, directories: [String], runtimeDirectory: String,
                                 progress: (String) -> Void) throws {
        let venv = path(forPack: pack.ref)
        let staging = root + "/.\(pack.ref).bytecode-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let sandbox = try buildSandbox(pack, output: staging, readOnly: [venv, runtimeDirectory],
                                       python: basePython(forPack: pack.ref), network: false)
        defer { if let sandbox { try? FileManager.default.removeItem(atPath: sandbox.tmpDirectory) } }
        if sandbox == nil { try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true) }
        // No site (-S): the compile needs only the standard library, not the venv's packages.
        try runStep("bytecode", interpreter(forPack: pack.ref),
                    ["-E", "-s", "-S", runtimeDirectory + "/squall_compile_pack.py", staging] + directories,
                    sandbox: sandbox, progress: progress)
        let final = venv + "/" + Self.bytecodeDirectoryName
        let retired = root + "/.\(pack.ref).bytecode-old-\(getpid())"
        if FileManager.default.fileExists(atPath: final) { try FileManager.default.moveItem(atPath: final, toPath: retired) }
        try FileManager.default.moveItem(atPath: staging, toPath: final)
        try? FileManager.default.removeItem(atPath: retired)
    }
}

/// The Python files below some directories, as path, size and modification time (one line each):
/// equal snapshots mean nothing was added, removed or changed.
struct PythonSourceSnapshot: CustomStringConvertible {
    private(set) var entries: [String] = []

    init(directories: [String]) {
        for directory in directories { collect(directory) }
        entries.sort()
    }

    var description: String { entries.joined(separator: "\n") }

    private mutating func collect(_ directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name != "__pycache__" && !name.hasPrefix(".") {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                collect(path)
            case S_IFREG where name.hasSuffix(".py"):
                entries.append("\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
            default:
                break
            }
        }
    }
}
