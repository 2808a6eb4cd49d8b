import Foundation
import SquallModel
import SquallPacks
import SquallRunners
import SquallSandbox

/// Installs packs into `<data-dir>/packs/<ref>`: fetch and validate everything (dependencies
/// included) in staging, then per pack, dependencies first: build its virtualenv, move the pack
/// into place, write its install record. A failing pack leaves its previous version, virtualenv
/// and record untouched; configs in `<data-dir>/configs` are never touched.
public struct PackInstaller {
    public let layout: PackManagerLayout
    public let python: String
    /// The operator's per-pack interpreters (pack ref -> absolute path).
    public var pythonOverrides: [String: String] = [:]
    public var sshKeyPath: String?
    public var skipDependencies = false
    /// squall's own packs: a pack with one of their refs is refused, as the bundled one would shadow it.
    public var bundledPacksDirectory: String?
    /// Indexes that resolve pack names (highest priority first); read only when a name needs them.
    public var indexURLs: [String] = []
    /// The operator's sandbox policies: virtualenv builds (pip) run in the pack's sandbox.
    public var packPolicies: PackPolicyResolver?
    /// Built with the first pack venv that needs it (VirtualenvManager.ensureSt2Layer); nil when off.
    public var st2Layer: St2RuntimeLayer?

    public init(layout: PackManagerLayout, python: String, sshKeyPath: String? = nil, skipDependencies: Bool = false,
                bundledPacksDirectory: String? = nil) {
        self.layout = layout; self.python = python; self.sshKeyPath = sshKeyPath; self.skipDependencies = skipDependencies
        self.bundledPacksDirectory = bundledPacksDirectory
    }

    public var virtualenvs: VirtualenvManager {
        var manager = VirtualenvManager(root: layout.virtualenvsDirectory, python: python, pythonOverrides: pythonOverrides)
        manager.packPolicies = packPolicies
        manager.st2Layer = st2Layer
        return manager
    }

    /// Installs each ref (`<url-or-directory>[=<revision>]`); returns the records written, dependencies first.
    @discardableResult
    public func install(_ refs: [String], progress: (String) -> Void) throws -> [InstallRecord] {
        try withoutActuallyEscaping(progress) { progress in try install(refs, reporting: progress) }
    }

    private func install(_ refs: [String], reporting progress: @escaping (String) -> Void) throws -> [InstallRecord] {
        let sources = try refs.map { try PackSource.parse($0) }
        if let key = sshKeyPath, !FileManager.default.isReadableFile(atPath: key) {
            throw PackManagerError(step: .parse, subject: key, message: "the SSH key file cannot be read")
        }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: layout.stagingDirectory, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: layout.recordsDirectory, withIntermediateDirectories: true)
        } catch {
            throw PackManagerError(step: .clone, subject: layout.packsDirectory, message: "cannot create: \(error.localizedDescription)")
        }
        let lock = try PackManagerLock(path: layout.recordsDirectory + "/.lock")
        defer { withExtendedLifetime(lock) {} }
        removeAbandonedStaging()

        let fetcher = PackFetcher(layout: layout, sshKeyPath: sshKeyPath, progress: progress)
        let index = IndexResolver(urls: indexURLs, progress: progress)
        let plan = try DependencyResolver(fetcher: fetcher, skipDependencies: skipDependencies, index: index).plan(sources)
        defer { for staged in plan { try? fm.removeItem(atPath: staged.stagingRoot) } }
        if let bundled = bundledPacksDirectory,
           let shadowed = plan.first(where: { fm.fileExists(atPath: bundled + "/" + $0.pack.ref + "/pack.yaml") }) {
            throw PackManagerError(step: .metadata, subject: shadowed.source.displayLocation,
                                   message: "pack '\(shadowed.pack.ref)' is bundled with squall and cannot be installed over")
        }

        var records: [InstallRecord] = []
        for staged in plan {
            do {
                records.append(try installStaged(staged, progress: progress))
            } catch var error as PackManagerError {
                if !records.isEmpty {
                    error.message += " (installed before this failure: \(records.map(\.pack).joined(separator: ", ")))"
                }
                throw error
            }
        }
        return records
    }

    private func installStaged(_ staged: StagedPack, progress: (String) -> Void) throws -> InstallRecord {
        let ref = staged.pack.ref
        do {
            try virtualenvs.ensure(staged.pack, progress: progress)
        } catch {
            throw PackManagerError(step: .virtualenv, subject: ref, message: Scrubber.scrub("\(error)", secrets: staged.source.secrets))
        }
        do {
            try DirectoryMove.replace(layout.packDirectory(ref), with: staged.pack.path, retiredPath: staged.stagingRoot + "/.previous")
        } catch {
            throw PackManagerError(step: .swap, subject: ref, message: "\(error)")
        }
        let record = InstallRecord(pack: ref, source: staged.source.displayLocation, requestedRevision: staged.source.revision,
                                   commit: staged.commit, version: staged.pack.version, installedAt: InstallRecord.timestamp())
        do {
            try record.write(file: layout.recordFile(ref))
        } catch {
            throw PackManagerError(step: .swap, subject: ref, message: "installed, but its install record could not be written: \(error.localizedDescription)")
        }
        warnIfConfigDoesNotFit(ref, progress: progress)
        let commit = staged.commit.map { " (commit \($0.prefix(12)))" } ?? ""
        progress("[\(ref)] installed version \(staged.pack.version)\(commit) at \(layout.packDirectory(ref))")
        return record
    }

    /// The config is kept across versions; say so when it no longer fits the new schema.
    private func warnIfConfigDoesNotFit(_ ref: String, progress: (String) -> Void) {
        let file = PackConfigLoader.configFile(pack: ref, configsDirectory: layout.configsDirectory)
        guard FileManager.default.fileExists(atPath: file),
              let pack = try? PackMetadataReader.read(packDirectory: layout.packDirectory(ref)) else { return }
        do {
            _ = try PackConfigLoader.load(pack: pack, configsDirectory: layout.configsDirectory)
        } catch {
            progress("warning: [\(ref)] the kept config does not fit this version's config.schema.yaml: \(error)")
        }
    }

    /// Staging left by an install that died: only the lock holder uses staging, so it is all stale.
    private func removeAbandonedStaging() {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: layout.stagingDirectory)) ?? [] {
            try? FileManager.default.removeItem(atPath: layout.stagingDirectory + "/" + entry)
        }
    }
}
