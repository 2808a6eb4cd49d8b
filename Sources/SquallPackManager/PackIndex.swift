import Foundation
import SquallModel

/// The packs of one or more indexes in st2's index format (`{"metadata": ..., "packs": {name: {name,
/// description, keywords, author, email, repo_url, version, ...}}}`), merged with left-to-right
/// priority: the first index that lists a name supplies its entry. An index that cannot be read is
/// reported in `states`, and the others are still used.
public struct PackIndex: Sendable {
    /// What happened to each index, in the configured order.
    public struct State: Sendable {
        /// The index URL or path as configured, without credentials.
        public var url: String
        /// Why the index could not be used; nil when it was read.
        public var error: String?
        public var packCount: Int
        /// Entries that were not objects and were left out.
        public var malformedEntries: Int
        public var fetchSeconds: Double
        public var ok: Bool { error == nil }
    }

    public struct Entry: Sendable {
        /// The index's object for the pack, as published.
        public var fields: [String: JSONValue]
        /// The index (credential-free) that supplied it.
        public var index: String

        public var name: String { fields["name"]?.stringValue ?? "" }
        public var repoURL: String? { fields["repo_url"]?.stringValue }
    }

    public var states: [State]
    /// Merged entries by pack name.
    public var packs: [String: Entry]

    public var reachable: Bool { states.contains(where: \.ok) }
    public var failures: [State] { states.filter { !$0.ok } }

    /// Fetches every index (at the same time: each may take up to its timeout) and merges them.
    public static func load(_ urls: [String]) -> PackIndex {
        let results = ResultSlots(count: urls.count)
        DispatchQueue.concurrentPerform(iterations: urls.count) { slot in results.set(slot, read(urls[slot])) }
        var packs: [String: Entry] = [:]
        var states: [State] = []
        for (state, entries) in results.values {
            for (name, fields) in entries where packs[name] == nil {
                packs[name] = Entry(fields: fields, index: state.url)
            }
            states.append(state)
        }
        return PackIndex(states: states, packs: packs)
    }

    /// One index: fetched, parsed and checked; its state and its entries (the name filled in from the key).
    static func read(_ url: String) -> (State, [String: [String: JSONValue]]) {
        let shown = Scrubber.stripCredentials(url)
        let started = Date()
        var state = State(url: shown, error: nil, packCount: 0, malformedEntries: 0, fetchSeconds: 0)
        var entries: [String: [String: JSONValue]] = [:]
        do throws(IndexFetcher.Failure) {
            let data = try IndexFetcher.fetch(url)
            guard let document = try? JSONValue.parse(data) else { throw IndexFetcher.Failure(reason: "malformed: not valid JSON") }
            guard let object = document.objectValue else { throw IndexFetcher.Failure(reason: "malformed: expected a JSON object") }
            guard let packs = object["packs"]?.objectValue else {
                throw IndexFetcher.Failure(reason: "malformed: no \"packs\" object")
            }
            for (name, value) in packs {
                guard var fields = value.objectValue else { state.malformedEntries += 1; continue }
                if fields["name"]?.stringValue == nil { fields["name"] = .string(name) }
                entries[name] = fields
            }
            state.packCount = entries.count
        } catch {
            state.error = error.reason
        }
        state.fetchSeconds = Date().timeIntervalSince(started)
        return (state, entries)
    }

    /// The entry for an exact pack name.
    public func entry(named name: String) -> Entry? { packs[name] }

    /// The configured indexes, for messages: "index URL" or "indexes URL1, URL2".
    public var describedIndexes: String {
        (states.count == 1 ? "index " : "indexes ") + states.map(\.url).joined(separator: ", ")
    }

    /// Why the indexes could not be read: the reason alone for a single index, else one clause per failing index.
    public var failureSummary: String {
        if states.count == 1, let only = failures.first { return only.error! }
        return failures.map { "\($0.url): \($0.error!)" }.joined(separator: "; ")
    }
}

/// Results filled in by concurrent fetches, each into its own slot.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [(PackIndex.State, [String: [String: JSONValue]])?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ slot: Int, _ value: (PackIndex.State, [String: [String: JSONValue]])) {
        lock.lock(); defer { lock.unlock() }
        slots[slot] = value
    }

    var values: [(PackIndex.State, [String: [String: JSONValue]])] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
