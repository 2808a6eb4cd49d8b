import SquallModel

/// The `loop` variable of one for loop, answered field by field so that the common
/// `loop.index` / `loop.last` lookups never build a dictionary.
struct LoopState {
    let items: [JSONValue]
    var index: Int
    let depth: Int

    func attribute(_ name: String) -> JSONValue? {
        let count = items.count
        switch name {
        case "index": return .int(index + 1)
        case "index0": return .int(index)
        case "revindex": return .int(count - index)
        case "revindex0": return .int(count - index - 1)
        case "first": return .bool(index == 0)
        case "last": return .bool(index == count - 1)
        case "length": return .int(count)
        case "depth": return .int(depth)
        case "depth0": return .int(depth - 1)
        case "previtem": return index > 0 ? items[index - 1] : Optional.none
        case "nextitem": return index + 1 < count ? items[index + 1] : Optional.none
        default: return nil
        }
    }

    /// The whole loop object, for the rare `{{ loop }}` or `loop['index']`.
    var object: JSONValue {
        var dict: [String: JSONValue] = [:]
        for key in ["index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem", "nextitem"] {
            if let value = attribute(key) { dict[key] = value }
        }
        return .object(dict)
    }
}
