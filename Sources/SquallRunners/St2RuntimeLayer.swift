import Foundation

/// st2 runs Python actions and sensors with its own virtualenv's site-packages after the pack's
/// (st2common/util/sandboxing.py, `inherit_parent_virtualenv`), so pack code imports requests, yaml,
/// six, eventlet, st2client... without listing them. The layer gives squall's children the same:
/// st2's pinned packages (Runners/python/st2-runtime-requirements.txt), installed once per
/// interpreter version by pip `--target` into `<root>/st2-<X.Y>-<hash of the list>/`, shared by all
/// packs read-only, and appended to sys.path after the pack venv's site-packages by squall's
/// wrappers (`SQUALL_ST2_LAYER_PATH`). Built by `VirtualenvManager.ensureSt2Layer`.
public struct St2RuntimeLayer: Sendable {
    /// The child's environment variable naming the layer; the wrappers append it to sys.path.
    public static let environmentName = "SQUALL_ST2_LAYER_PATH"
    /// `<data-dir>/runtime`: one directory per interpreter version and requirement list.
    public let root: String
    public let requirementsFile: String
    /// The requirement lines (comments and blanks dropped), read once.
    public let requirements: [String]
    private let listHash: String

    public init(root: String, requirementsFile: String) {
        self.root = root
        self.requirementsFile = requirementsFile
        let text = (try? String(contentsOfFile: requirementsFile, encoding: .utf8)) ?? ""
        requirements = text.split(whereSeparator: \.isNewline).map { line in
            String(line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in requirements.joined(separator: "\n").utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        listHash = String(String(hash, radix: 16).prefix(12))
    }

    /// Where the layer for a venv's interpreter lives (built or not); nil when the venv's
    /// pyvenv.cfg names no version or the list is empty.
    public func path(forVirtualenv venv: String) -> String? {
        guard !requirements.isEmpty, let version = Self.pythonVersion(ofVirtualenv: venv) else { return nil }
        return root + "/st2-\(version)-\(listHash)"
    }

    /// The layer for the venv when it has been built (a complete build is renamed into place).
    public func builtPath(forVirtualenv venv: String) -> String? {
        guard let path = path(forVirtualenv: venv) else { return nil }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue ? path : nil
    }

    /// "3.11" from the `version = 3.11.7` line `-m venv` writes (`version_info` from virtualenv).
    static func pythonVersion(ofVirtualenv venv: String) -> String? {
        guard let text = try? String(contentsOfFile: venv + "/pyvenv.cfg", encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0] == "version" || parts[0] == "version_info" else { continue }
            let numbers = parts[1].split(separator: ".").prefix(2)
            guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
            return numbers.joined(separator: ".")
        }
        return nil
    }
}
