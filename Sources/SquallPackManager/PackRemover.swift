import Foundation

/// Removes an installed pack: its directory, virtualenv and install record. Its config stays,
/// so a reinstall finds it; bundled packs (squall's own `Packs/`) cannot be removed.
public struct PackRemover {
    public let layout: PackManagerLayout
    public let bundledPacksDirectory: String?

    public init(layout: PackManagerLayout, bundledPacksDirectory: String?) {
        self.layout = layout; self.bundledPacksDirectory = bundledPacksDirectory
    }

    public func remove(_ ref: String, progress: (String) -> Void) throws {
        let fm = FileManager.default
        guard !ref.isEmpty, ref.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }) else {
            throw PackManagerError(step: .remove, subject: ref, message: "not a pack ref (^[a-z0-9_]+$)")
        }
        let directory = layout.packDirectory(ref)
        guard fm.fileExists(atPath: directory) else {
            if let bundled = bundledPacksDirectory, fm.fileExists(atPath: bundled + "/" + ref + "/pack.yaml") {
                throw PackManagerError(step: .remove, subject: ref, message: "pack '\(ref)' is bundled with squall and cannot be removed")
            }
            throw PackManagerError(step: .remove, subject: ref, message: "pack '\(ref)' is not installed in \(layout.packsDirectory)")
        }
        try fm.createDirectory(atPath: layout.stagingDirectory, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: layout.recordsDirectory, withIntermediateDirectories: true)
        let lock = try PackManagerLock(path: layout.recordsDirectory + "/.lock")
        defer { withExtendedLifetime(lock) {} }
        // Out of the packs path first, in one rename; deleting the files can then take its time.
        let retired = layout.stagingDirectory + "/removed-\(ref)-\(UUID().uuidString.lowercased())"
        guard rename(directory, retired) == 0 else {
            throw PackManagerError(step: .remove, subject: ref, message: "cannot move \(directory): \(String(cString: strerror(errno)))")
        }
        try? fm.removeItem(atPath: retired)
        try? fm.removeItem(atPath: layout.virtualenvsDirectory + "/" + ref)
        try? fm.removeItem(atPath: layout.virtualenvsDirectory + "/.tests/" + ref)
        try? fm.removeItem(atPath: layout.recordFile(ref))
        progress("[\(ref)] removed (its config in \(layout.configsDirectory) is kept)")
    }
}
