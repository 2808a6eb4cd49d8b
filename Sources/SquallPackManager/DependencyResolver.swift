import Foundation

/// Fetches the asked-for packs and, recursively, the packs their pack.yaml `dependencies` name,
/// before anything is installed: the result lists dependencies before their dependents.
/// The same pack wanted at two different commits or versions is a conflict, reported here.
struct DependencyResolver {
    static let maxDepth = 10
    let fetcher: PackFetcher
    let skipDependencies: Bool
    let index: IndexResolver

    private final class State {
        var byRef: [String: (staged: StagedPack, wantedBy: String)] = [:]
        var order: [String] = []
        /// (location, revision) already fetched -> the pack ref it gave, so each source is fetched once.
        var fetched: [String: String] = [:]
        var discarded: [String] = []
    }

    func plan(_ roots: [PackSource]) throws -> [StagedPack] {
        let state = State()
        do {
            for root in roots { try visit(root, wantedBy: "the command line", chain: [], state: state) }
        } catch {
            for entry in state.byRef.values { try? FileManager.default.removeItem(atPath: entry.staged.stagingRoot) }
            for root in state.discarded { try? FileManager.default.removeItem(atPath: root) }
            throw error
        }
        for root in state.discarded { try? FileManager.default.removeItem(atPath: root) }
        return state.order.map { state.byRef[$0]!.staged }
    }

    private func visit(_ asked: PackSource, wantedBy: String, chain: [String], state: State) throws {
        let source = asked.kind == .indexName ? try index.resolve(asked) : asked
        guard chain.count <= Self.maxDepth else {
            throw PackManagerError(step: .dependencies, subject: chain.first ?? source.displayLocation,
                                   message: "dependencies nest deeper than \(Self.maxDepth) levels: \(chain.joined(separator: " -> "))")
        }
        let key = source.location + "=" + (source.revision ?? "")
        if state.fetched[key] != nil { return }
        let staged = try fetcher.fetch(source)
        let ref = staged.pack.ref
        state.fetched[key] = ref
        if let existing = state.byRef[ref] {
            state.discarded.append(staged.stagingRoot)
            if existing.staged.commit == staged.commit && existing.staged.pack.version == staged.pack.version { return }
            throw PackManagerError(step: .dependencies, subject: ref,
                                   message: "conflict: pack '\(ref)' is wanted at \(Self.describe(existing.staged)) by \(existing.wantedBy) and at \(Self.describe(staged)) by \(wantedBy)")
        }
        state.byRef[ref] = (staged, wantedBy)
        if !skipDependencies {
            for dependency in staged.pack.dependencies {
                let dependencySource: PackSource
                do {
                    let parsed = try PackSource.parse(dependency)
                    dependencySource = parsed.kind == .indexName ? try index.resolve(parsed) : parsed
                } catch let error as PackManagerError {
                    throw PackManagerError(step: .dependencies, subject: ref, message: "dependency '\(Scrubber.scrub(dependency, secrets: []))': \(error.message)")
                }
                try visit(dependencySource, wantedBy: "pack '\(ref)'", chain: chain + [ref], state: state)
            }
        }
        state.order.append(ref)
    }

    static func describe(_ staged: StagedPack) -> String {
        var text = "version \(staged.pack.version)"
        if let commit = staged.commit { text += " (commit \(commit.prefix(12)))" }
        text += " from \(staged.source.displayLocation)"
        if let revision = staged.source.revision { text += "=\(revision)" }
        return text
    }
}
