import Foundation
import SquallModel
import SquallPacks

/// A pack fetched and validated in staging, ready for its virtualenv and the move into place.
public struct StagedPack: Sendable {
    public var pack: Pack
    public var source: PackSource
    /// The commit checked out; nil for a plain directory.
    public var commit: String?
    /// The staging directory holding the pack (removed after the install, whatever happens).
    var stagingRoot: String
}

/// Fetches one source into staging: clone and check out (libgit2) or copy, then validate.
struct PackFetcher {
    let layout: PackManagerLayout
    let sshKeyPath: String?
    let progress: (String) -> Void

    func fetch(_ source: PackSource) throws -> StagedPack {
        let stagingRoot = layout.stagingDirectory + "/" + UUID().uuidString.lowercased()
        let directory = stagingRoot + "/" + source.directoryName
        do {
            try FileManager.default.createDirectory(atPath: stagingRoot, withIntermediateDirectories: true)
            let commit: String?
            switch source.kind {
            case .git:
                commit = try checkout(source, into: directory, cloneFrom: source.location, default: .highestReleaseTag)
            case .localDirectory:
                if let working = GitRepository.open(path: source.location) {
                    if working.hasUncommittedChanges() {
                        progress("note: \(source.location) has uncommitted changes; they are ignored (only committed content is installed)")
                    }
                    commit = try checkout(source, into: directory, cloneFrom: source.location, default: .head)
                } else {
                    guard source.revision == nil else {
                        throw PackManagerError(step: .checkout, subject: source.location, message: "'=\(source.revision!)' needs a git repository, and this directory is not one")
                    }
                    progress("[\(source.location)] copying directory (not a git repository)")
                    try copyDirectory(source.location, to: directory)
                    commit = nil
                }
            case .indexName:
                throw PackManagerError(step: .index, subject: source.location, message: "the pack name was not resolved through the index")
            }
            let pack = try validate(directory, source: source)
            return StagedPack(pack: pack, source: source, commit: commit, stagingRoot: stagingRoot)
        } catch {
            try? FileManager.default.removeItem(atPath: stagingRoot)
            throw error
        }
    }

    enum DefaultRevision { case highestReleaseTag, head }

    /// Clones, picks the commit the revision (or the default) names, checks it out and drops `.git`.
    private func checkout(_ source: PackSource, into directory: String, cloneFrom url: String, default rule: DefaultRevision) throws -> String {
        progress("[\(source.displayLocation)] cloning")
        let credentials = GitCredentials(username: source.username, password: source.password, sshKeyPath: sshKeyPath)
        let repository: GitRepository
        do {
            repository = try GitRepository.clone(url: url, into: directory, credentials: credentials)
        } catch {
            throw PackManagerError(step: .clone, subject: source.displayLocation, message: Scrubber.scrub("\(error)", secrets: source.secrets))
        }
        let (commit, described) = try resolve(source, in: repository, default: rule)
        progress("[\(source.displayLocation)] checking out \(described)")
        do {
            try repository.checkout(commit: commit)
        } catch {
            throw PackManagerError(step: .checkout, subject: source.displayLocation, message: Scrubber.scrub("\(error)", secrets: source.secrets))
        }
        try? FileManager.default.removeItem(atPath: directory + "/.git")
        return commit
    }

    /// The commit to install and how to describe it. An asked-for revision is tried as a tag, as
    /// `v<revision>` (a version), as a branch, then as a commit id.
    private func resolve(_ source: PackSource, in repository: GitRepository, default rule: DefaultRevision) throws -> (String, String) {
        if let revision = source.revision {
            let tags = Set(repository.tagNames)
            if tags.contains(revision), let commit = repository.commit(for: "refs/tags/" + revision) {
                return (commit, "tag \(revision)")
            }
            if tags.contains("v" + revision), let commit = repository.commit(for: "refs/tags/v" + revision) {
                return (commit, "tag v\(revision)")
            }
            if repository.remoteBranchNames.contains(revision), let commit = repository.commit(for: "refs/remotes/origin/" + revision) {
                return (commit, "branch \(revision)")
            }
            if revision.count >= 4, revision.allSatisfy(\.isHexDigit), let commit = repository.commit(for: revision) {
                return (commit, "commit \(commit.prefix(12))")
            }
            throw PackManagerError(step: .checkout, subject: source.displayLocation,
                                   message: "revision '\(revision)' not found (no tag, branch or commit by that name)")
        }
        switch rule {
        case .highestReleaseTag:
            if let tag = SemanticVersionTag.highest(in: repository.tagNames), let commit = repository.commit(for: "refs/tags/" + tag) {
                return (commit, "tag \(tag) (highest release)")
            }
        case .head:
            // The working repository's own HEAD: its latest commit, whatever branch it is on.
            if let working = GitRepository.open(path: source.location), let commit = working.commit(for: "HEAD"),
               repository.commit(for: commit) != nil {
                return (commit, "commit \(commit.prefix(12)) (HEAD)")
            }
        }
        guard let commit = repository.commit(for: "HEAD") else {
            throw PackManagerError(step: .checkout, subject: source.displayLocation, message: "the repository has no commits")
        }
        return (commit, "the default branch (commit \(commit.prefix(12)))")
    }

    private func validate(_ directory: String, source: PackSource) throws -> Pack {
        do {
            return try PackValidator.validate(packDirectory: directory)
        } catch var error as PackError {
            // Name files relative to the pack, not the staging directory.
            if error.file.hasPrefix(directory + "/") { error.file.removeFirst(directory.count + 1) }
            throw PackManagerError(step: .metadata, subject: source.displayLocation, message: error.description)
        } catch {
            throw PackManagerError(step: .metadata, subject: source.displayLocation, message: "\(error)")
        }
    }

    /// Copies a plain directory, leaving out VCS and cache clutter.
    private func copyDirectory(_ from: String, to destination: String) throws {
        do {
            try FileManager.default.copyItem(atPath: from, toPath: destination)
        } catch {
            throw PackManagerError(step: .clone, subject: from, message: "copy failed: \(error.localizedDescription)")
        }
        for clutter in [".git", "__pycache__"] { try? FileManager.default.removeItem(atPath: destination + "/" + clutter) }
    }
}
