import Foundation
import SquallModel

/// What `squall pack test` adds to a pack's virtualenv, kept out of the venv itself so action runs
/// never see (or pay for) it: pytest, mock and pyyaml (which Exchange pack tests import, as
/// st2-run-pack-tests provides them) and the pack's requirements-tests.txt, installed with
/// `pip --target` into `<root>/.tests/<pack>` and appended to sys.path only for test runs.
/// Rebuilt when the pack's venv or requirements-tests.txt change; built beside and swapped in.
extension VirtualenvManager {
    public static let testRequirements = ["pytest", "mock", "pyyaml"]
    static let testMarkerName = ".squall-test-layer"

    public func testLayerPath(forPack pack: String) -> String { root + "/.tests/" + pack }

    /// Builds the pack's venv and its test layer when missing or stale; returns the layer's path.
    @discardableResult
    public func ensureTestLayer(_ pack: Pack, progress: (String) -> Void) throws -> String {
        try ensureTestLayer(pack, python: try ensure(pack, progress: progress), progress: progress)
    }

    /// The test layer beside the venv whose interpreter is `python` (a complete or a tolerant one).
    public func ensureTestLayer(_ pack: Pack, python: String, progress: (String) -> Void) throws -> String {
        let layer = testLayerPath(forPack: pack.ref)
        let fingerprint = testFingerprint(pack)
        let marker = layer + "/" + Self.testMarkerName
        if (try? String(contentsOfFile: marker, encoding: .utf8)) == fingerprint { return layer }
        let parent = root + "/.tests"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let lock = try BuildLock(path: parent + "/.\(pack.ref).lock")
        defer { lock.release() }
        if (try? String(contentsOfFile: marker, encoding: .utf8)) == fingerprint { return layer }
        let staging = parent + "/.\(pack.ref).building-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }

        var arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
                         "--target", staging] + Self.testRequirements
        let requirements = pack.path + "/requirements-tests.txt"
        if FileManager.default.fileExists(atPath: requirements) { arguments += ["-r", requirements] }
        progress("[\(pack.ref)] installing test tools: \(Self.testRequirements.joined(separator: ", "))"
                 + (arguments.contains(requirements) ? " and requirements-tests.txt" : ""))
        let sandbox = try buildSandbox(pack, output: staging, readOnly: [path(forPack: pack.ref)], python: basePython(forPack: pack.ref))
        defer { if let sandbox { try? FileManager.default.removeItem(atPath: sandbox.tmpDirectory) } }
        try runStep("pip install (tests)", python, arguments, sandbox: sandbox, progress: progress)
        try fingerprint.write(toFile: staging + "/" + Self.testMarkerName, atomically: true, encoding: .utf8)

        let retired = parent + "/.\(pack.ref).old-\(getpid())"
        if FileManager.default.fileExists(atPath: layer) { try FileManager.default.moveItem(atPath: layer, toPath: retired) }
        try FileManager.default.moveItem(atPath: staging, toPath: layer)
        try? FileManager.default.removeItem(atPath: retired)
        progress("[\(pack.ref)] test tools ready")
        return layer
    }

    /// The venv's own fingerprint (a rebuilt venv may have another interpreter) plus the test requirements.
    func testFingerprint(_ pack: Pack) -> String {
        let tests = (try? String(contentsOfFile: pack.path + "/requirements-tests.txt", encoding: .utf8)) ?? ""
        return [fingerprint(pack), Self.testRequirements.joined(separator: ","), tests].joined(separator: "\n")
    }
}
