import SquallModel

extension PackIndex {
    /// Entries whose name, keywords, description or author contain `query`, case-insensitively.
    /// Like st2: name matches first, then keyword matches, then the rest; by name within each.
    public func search(_ query: String) -> [Entry] {
        let needle = query.lowercased()
        func contains(_ value: JSONValue?) -> Bool {
            switch value {
            case .string(let text): return text.lowercased().contains(needle)
            case .array(let items): return items.contains { $0.stringValue?.lowercased().contains(needle) == true }
            default: return false
            }
        }
        func rank(_ entry: Entry) -> Int? {
            if contains(entry.fields["name"]) { return 0 }
            if contains(entry.fields["keywords"]) { return 1 }
            if contains(entry.fields["description"]) || contains(entry.fields["author"]) { return 2 }
            return nil
        }
        return packs.values.compactMap { entry in rank(entry).map { ($0, entry) } }
            .sorted { ($0.0, $0.1.name) < ($1.0, $1.1.name) }
            .map(\.1)
    }
}
