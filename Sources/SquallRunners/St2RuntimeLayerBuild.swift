import Foundation
import SquallModel

/// Building the st2 runtime layer (`St2RuntimeLayer`) beside the pack venvs. It needs PyPI, so it is
/// built with a pack's venv (pack install/register, or the first run after an upgrade): pip runs in
/// that pack's build sandbox, writing only the staging directory, which is renamed into place when
/// complete. Failing to build it is a one-line warning, never a failed venv: actions that import
/// st2's packages then fail at import, as they did before the layer existed.
extension VirtualenvManager {
    /// The built layer the pack's children append to sys.path; nil when the setting is off or the
    /// layer is not built.
    public func st2LayerPath(forPack pack: String) -> String? {
        st2Layer?.builtPath(forVirtualenv: path(forPack: pack))
    }

    /// Builds the layer for the pack venv's interpreter unless it exists or this process already
    /// tried. A failed build leaves `<layer>.failed`, and then only `retryingFailure` (a venv just
    /// built, `pack test`) tries again: an offline host must not wait on pip at every `squall run`.
    public func ensureSt2Layer(_ pack: Pack, retryingFailure: Bool = true, progress: (String) -> Void) {
        guard let layer = st2Layer, let target = layer.path(forVirtualenv: path(forPack: pack.ref)) else { return }
        let failed = target + ".failed"
        if FileManager.default.fileExists(atPath: target) {
            // A layer an older squall left owned by the pack that built it.
            if !St2RuntimeLayerOwnership.isOwnedBySupervisor(target), St2LayerAttempts.shared.first(target + "#owner") {
                do { try St2RuntimeLayerOwnership.takeOver(target) } catch { progress("[\(pack.ref)] warning: \(error)") }
            }
            return
        }
        if !retryingFailure && FileManager.default.fileExists(atPath: failed) { return }
        if !St2LayerAttempts.shared.first(target) { return }
        do {
            try buildSt2Layer(layer, target: target, pack: pack, progress: progress)
            try? FileManager.default.removeItem(atPath: failed)
        } catch {
            FileManager.default.createFile(atPath: failed, contents: nil)
            let reason = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
            progress("[\(pack.ref)] warning: st2 runtime layer not built (\(reason)); pack code importing st2's packages "
                     + "without listing them will fail at import")
        }
    }

    private func buildSt2Layer(_ layer: St2RuntimeLayer, target: String, pack: Pack, progress: (String) -> Void) throws {
        try FileManager.default.createDirectory(atPath: layer.root, withIntermediateDirectories: true)
        let name = (target as NSString).lastPathComponent
        // One builder per layer across processes; whoever waited finds it built.
        let lock = try BuildLock(path: layer.root + "/.\(name).lock")
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: target) { return }
        let staging = layer.root + "/.\(name).building-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let venv = path(forPack: pack.ref)
        let sandbox = try buildSandbox(pack, output: staging, readOnly: [venv], python: basePython(forPack: pack.ref))
        defer { if let sandbox { try? FileManager.default.removeItem(atPath: sandbox.tmpDirectory) } }
        let log = try BuildLog(path: layer.root + "/\(name).build.log")
        defer { log.close() }
        progress("[\(pack.ref)] building the st2 runtime layer \(target) (pip's output: \(log.path))")
        // --target: a plain directory of packages (no interpreter of its own), appended to sys.path.
        // pip compiles the bytecode here, as children cannot write __pycache__ in a read-only view.
        let arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
                         "--prefer-binary", "--target", staging] + layer.requirements
        try runStep("pip install (st2 runtime layer)", interpreter(forPack: pack.ref), arguments, sandbox: sandbox,
                    progress: progress, log: log)
        // pip ran as the pack's uid: the shared layer must be squall's, read-only to every pack.
        try St2RuntimeLayerOwnership.takeOver(staging)
        try FileManager.default.moveItem(atPath: staging, toPath: target)
        progress("[\(pack.ref)] st2 runtime layer ready")
    }
}

/// The layers this process already tried to build.
final class St2LayerAttempts: @unchecked Sendable {
    static let shared = St2LayerAttempts()
    private let lock = NSLock()
    private var tried: Set<String> = []

    /// True the first time `target` is named.
    func first(_ target: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return tried.insert(target).inserted
    }
}
