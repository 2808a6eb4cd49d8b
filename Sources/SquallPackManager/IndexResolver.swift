import Foundation

/// Turns pack names into the git sources their index entries name (`repo_url`, keeping the asked-for
/// revision). The indexes are read once, and only when a name needs them, so an unreachable index
/// never stops an install of URLs and directories.
final class IndexResolver {
    let urls: [String]
    let progress: (String) -> Void
    private var index: PackIndex?

    init(urls: [String], progress: @escaping (String) -> Void) {
        self.urls = urls; self.progress = progress
    }

    func resolve(_ source: PackSource) throws -> PackSource {
        let name = source.location
        func failure(_ message: String) -> PackManagerError { PackManagerError(step: .index, subject: name, message: message) }
        guard !urls.isEmpty else {
            throw failure("installing by pack name needs a pack index, and no index is configured (index_url is empty; give a git URL or a directory)")
        }
        let index = loaded()
        guard let entry = index.entry(named: name) else {
            if !index.reachable {
                throw failure("\(index.describedIndexes) could not be read: \(index.failureSummary)")
            }
            let unread = index.failures.isEmpty ? "" : " (could not read \(index.failureSummary))"
            throw failure("no pack named '\(name)' in the \(index.describedIndexes)\(unread)")
        }
        guard let repository = entry.repoURL, !repository.isEmpty else {
            throw failure("the entry in index \(entry.index) has no repo_url")
        }
        var resolved: PackSource
        do {
            resolved = try PackSource.parse(repository)
        } catch let error as PackManagerError {
            throw failure("index \(entry.index) gives repo_url '\(error.subject)': \(error.message)")
        }
        guard resolved.kind != .indexName else {
            throw failure("index \(entry.index) gives repo_url '\(repository)', which is not a git URL")
        }
        resolved.revision = source.revision
        progress("[\(name)] index \(entry.index): \(resolved.displayLocation)")
        return resolved
    }

    private func loaded() -> PackIndex {
        if let index { return index }
        progress("reading pack \(urls.count == 1 ? "index" : "indexes") \(urls.map(Scrubber.stripCredentials).joined(separator: ", "))")
        let fresh = PackIndex.load(urls)
        for failed in fresh.failures where fresh.reachable {
            progress("warning: index \(failed.url) could not be read: \(failed.error!)")
        }
        index = fresh
        return fresh
    }
}
