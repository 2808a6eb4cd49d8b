import Foundation
import SquallSandbox

/// A venv's `bin/python` is a symlink to the base interpreter it was made from (pyvenv.cfg's
/// `home`). The child's view holds /usr, so the system's Python needs nothing more; an operator's
/// interpreter elsewhere (`pack_python`, e.g. a pyenv 3.8 at /root/.pyenv/versions/3.8.18 for a pack
/// pinned to pre-3.10 libraries) must be in the view too, read-only, as venv builds already see it
/// (SandboxedBuildStep), or the child's exec fails with "No such file or directory".
enum VirtualenvInterpreterView {
    /// The installation prefixes (home's parent) of the venvs among `paths` whose base
    /// interpreter lives outside /usr.
    static func installations(forVenvsIn paths: [String]) -> [String] {
        paths.compactMap { path in
            guard let config = try? String(contentsOfFile: path + "/pyvenv.cfg", encoding: .utf8) else { return nil }
            for line in config.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, parts[0] == "home", parts[1].hasPrefix("/"),
                      let home = RealPath.of(parts[1]), !home.hasPrefix("/usr/") else { continue }
                let prefix = URL(fileURLWithPath: home).deletingLastPathComponent().path
                return prefix == "/" ? nil : prefix
            }
            return nil
        }
    }
}
