import Foundation
import SquallModel

/// Runs a pack's `tests/` with pytest in the pack's virtualenv, the way st2-run-pack-tests does:
/// squall's st2 modules (st2tests, st2common, ...) and the pack's sensors/, actions/,
/// actions/lib and etc/ on the path. Runs as the operator's own process, not in the sandbox (like st2's
/// script): the operator asked to run the pack author's tests.
public struct PackTestRun {
    public let pack: Pack
    public let virtualenvs: VirtualenvManager
    public let runtimeDirectory: String

    public init(pack: Pack, virtualenvs: VirtualenvManager, runtimeDirectory: String) {
        self.pack = pack; self.virtualenvs = virtualenvs; self.runtimeDirectory = runtimeDirectory
    }

    public var testsDirectory: String { pack.path + "/tests" }
    public var hasTests: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: testsDirectory, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// st2's order: its components first, then the pack's code directories that exist (etc/ holds
    /// scripts some packs test, such as the Sensu pack's handler).
    public var pythonPath: [String] {
        [runtimeDirectory] + ["sensors", "actions", "actions/lib", "etc"].map { pack.path + "/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Prepares the venv and test layer, then runs pytest with squall's stdout/stderr; returns pytest's
    /// exit code. As st2-run-pack-tests, the tests run even when some requirements failed to install:
    /// `failedRequirements` gets their requirements.txt lines before the tests start.
    public func run(pytestArguments: [String], progress: (String) -> Void, failedRequirements: ([String]) -> Void = { _ in },
                    beforeStart: () -> Void = {}) throws -> Int32 {
        let (python, failed) = try virtualenvs.ensureForTests(pack, progress: progress)
        let layer = try virtualenvs.ensureTestLayer(pack, python: python, progress: progress)
        // A tolerant venv skipped ensure's layer build; the layer goes last, after the test tools.
        virtualenvs.ensureSt2Layer(pack, progress: progress)
        let appended = [layer] + (virtualenvs.st2LayerPath(forPack: pack.ref).map { [$0] } ?? [])
        if !failed.isEmpty { failedRequirements(failed) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: virtualenvs.interpreter(forPack: pack.ref))
        // The layers go after site-packages, so the pack's own pinned requirements win over the test tools' copies
        // and st2's; argv[1] says how many layer paths follow it.
        let bootstrap = "import sys; n = int(sys.argv.pop(1)); sys.path.extend(sys.argv[1:1 + n]); del sys.argv[1:1 + n]; "
            + "import pytest; sys.exit(pytest.main(sys.argv[1:]))"
        process.arguments = ["-c", bootstrap, String(appended.count)] + appended + ["-p", "no:cacheprovider", testsDirectory] + pytestArguments
        process.currentDirectoryURL = URL(fileURLWithPath: pack.path)
        var environment = ["PATH": ChildEnvironment.basePath, "HOME": NSHomeDirectory(), "LANG": "C.UTF-8",
                           "PYTHONPATH": pythonPath.joined(separator: ":"),
                           // The pack directory may be an installed, shared one: leave no __pycache__ in it.
                           "PYTHONDONTWRITEBYTECODE": "1"]
        if let tmp = ProcessInfo.processInfo.environment["TMPDIR"] { environment["TMPDIR"] = tmp }
        if let term = ProcessInfo.processInfo.environment["TERM"] { environment["TERM"] = term }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        beforeStart()
        do { try process.run() } catch {
            throw RunnerError("pack test: cannot start \(virtualenvs.interpreter(forPack: pack.ref)): \(error)")
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }
}
