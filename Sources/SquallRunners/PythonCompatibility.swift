import Foundation
import SquallModel

/// st2's `python_versions` in pack.yaml ("2", "3", or finer like "3.8"): a pack whose list does not
/// match the interpreter its virtualenv would be built from is refused before anything is built.
public enum PythonCompatibility {
    /// The interpreter's version as "major.minor.micro", asked of the interpreter itself.
    public static func version(of interpreter: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-I", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]
        process.environment = ["PATH": ChildEnvironment.basePath, "LANG": "C.UTF-8"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw RunnerError("python interpreter \(interpreter) could not start: \(error)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, text.split(separator: ".").count == 3 else {
            throw RunnerError("python interpreter \(interpreter) did not report its version (exit \(process.terminationStatus))")
        }
        return text
    }

    /// Whether `version` ("3.11.2") satisfies one of `wanted` (["3"], ["2", "3"], ["3.11"]); an empty list accepts any.
    public static func accepts(_ wanted: [String], version: String) -> Bool {
        if wanted.isEmpty { return true }
        let have = version.split(separator: ".")
        return wanted.contains { entry in
            let parts = entry.trimmingCharacters(in: .whitespaces).split(separator: ".")
            return !parts.isEmpty && parts.count <= have.count && zip(parts, have).allSatisfy { $0 == $1 }
        }
    }

    /// Throws a one-line error naming the pack, what it needs and what the interpreter is.
    public static func check(_ pack: Pack, interpreter: String) throws {
        if pack.pythonVersions.isEmpty { return }
        let version = try version(of: interpreter)
        guard accepts(pack.pythonVersions, version: version) else {
            let wanted = pack.pythonVersions.map { "Python \($0)" }.joined(separator: " or ")
            throw RunnerError("pack '\(pack.ref)' needs \(wanted) (python_versions in pack.yaml) but \(interpreter) is Python \(version); "
                              + "give the pack an interpreter with SQUALL_PACK_PYTHON=\(pack.ref)=/path/to/python")
        }
    }
}
