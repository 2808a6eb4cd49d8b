import Foundation
import SquallModel

/// The virtualenv `pack test` runs in when the pack's requirements do not all install: as
/// st2-run-pack-tests does, the tests still run, without what failed. Each requirements.txt line
/// is installed on its own and the failures are reported. Such a venv is never marked current,
/// so actions keep refusing to run until the pack's requirements install.
extension VirtualenvManager {
    /// The pack's venv (built normally when possible) and the requirements.txt lines that failed to install.
    public func ensureForTests(_ pack: Pack, progress: (String) -> Void) throws -> (python: String, failedRequirements: [String]) {
        do {
            return (try ensure(pack, progress: progress), [])
        } catch let error {
            let lines = requirementLines(pack)
            guard !lines.isEmpty else { throw error }
            progress("[\(pack.ref)] the requirements did not all install; installing them one by one for the tests")
            // Without even a venv and squall's own requirements, the first error says it best.
            guard let built = try? buildTolerating(pack, requirements: lines, progress: progress) else { throw error }
            return built
        }
    }

    /// requirements.txt without comments and blank lines.
    func requirementLines(_ pack: Pack) -> [String] {
        let text = (try? String(contentsOfFile: pack.path + "/requirements.txt", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).map { line in
            String(line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    private func buildTolerating(_ pack: Pack, requirements: [String], progress: (String) -> Void) throws -> (python: String, failedRequirements: [String]) {
        let python = basePython(forPack: pack.ref)
        let lock = try BuildLock(path: root + "/.\(pack.ref).lock")
        defer { lock.release() }
        let staging = root + "/.\(pack.ref).building-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let sandbox = try buildSandbox(pack, output: staging, python: python)
        defer { if let sandbox { try? FileManager.default.removeItem(atPath: sandbox.tmpDirectory) } }
        let log = try BuildLog(path: buildLogPath(forPack: pack.ref))
        defer { log.close() }

        try runStep("venv", python, ["-m", "venv", staging], sandbox: sandbox, progress: progress, log: log)
        let pip = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off"]
        try runStep("pip install", staging + "/bin/python", pip + Self.runtimeRequirements, sandbox: sandbox, progress: progress, log: log)
        var failed: [String] = []
        for line in requirements {
            log.write("--- \(line)")
            do {
                // A line may carry options (-e, --hash, -r file): whitespace separates pip's arguments.
                try runStep("pip install", staging + "/bin/python", pip + line.split(separator: " ").map(String.init),
                            sandbox: sandbox, progress: progress, log: log)
            } catch {
                failed.append(line)
            }
        }
        // Not the fingerprint: actions must not take this venv for a complete one.
        try "partial, for pack tests: \(failed.joined(separator: ", "))".write(toFile: staging + "/" + Self.markerName, atomically: true, encoding: .utf8)
        let final = path(forPack: pack.ref)
        let retired = root + "/.\(pack.ref).old-\(getpid())"
        if FileManager.default.fileExists(atPath: final) { try FileManager.default.moveItem(atPath: final, toPath: retired) }
        try FileManager.default.moveItem(atPath: staging, toPath: final)
        try? FileManager.default.removeItem(atPath: retired)
        progress("[\(pack.ref)] virtualenv for the tests ready; failed to install: \(failed.joined(separator: ", "))")
        return (interpreter(forPack: pack.ref), failed)
    }
}
