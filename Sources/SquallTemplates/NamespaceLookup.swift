import SquallModel

/// st2's datastore lookup (`TemplateOptions.lookupNamespaces`): `st2kv.system.a.b` reads the key
/// "a.b" of the `st2kv.system` object (else walks into an object value "a"), and a key that is not
/// there reads as "" (st2 renders a missing key as an empty string rather than failing the template).
extension Renderer {
    /// The value when `expr` is a key under a lookup namespace that exists; nil otherwise.
    func namespaceLookup(_ expr: Expr) -> Value? {
        // Cheap test first: most expressions are not under a namespace (this runs for every one).
        guard let root = Self.rootName(expr), lookupNamespaces.contains(where: { $0[0] == root }),
              let path = Self.literalPath(expr) else { return nil }
        for namespace in lookupNamespaces where path.count > namespace.count && Array(path.prefix(namespace.count)) == namespace {
            // Only when the namespace itself is there (and no template variable shadows its root).
            guard case .defined(var object) = lookup(namespace[0], at: SourcePosition(line: 0, column: 0)) else { return nil }
            for component in namespace.dropFirst() {
                guard case .object(let dict) = object, let inner = dict[component] else { return nil }
                object = inner
            }
            guard case .object(let keys) = object else { return nil }
            let rest = Array(path[namespace.count...])
            if let value = keys[rest.joined(separator: ".")] { return .defined(value) }
            // Values that are objects (not from st2's flat datastore) are still walked into.
            var nested: JSONValue? = .object(keys)
            for component in rest { nested = nested?.objectValue?[component] }
            return .defined(nested ?? .string(""))
        }
        return nil
    }

    /// The variable an attribute/item chain starts from, without building the path.
    static func rootName(_ expr: Expr) -> String? {
        var current = expr
        var descended = false
        while true {
            switch current {
            case .attribute(let base, _, _), .item(let base, _, _): current = base; descended = true
            case .name(let name, _): return descended ? name : nil
            default: return nil
            }
        }
    }

    /// `a.b['c'].d` as ["a", "b", "c", "d"]; nil for anything else (calls, computed subscripts).
    static func literalPath(_ expr: Expr) -> [String]? {
        switch expr {
        case .name(let name, _): return [name]
        case .attribute(let base, let name, _): return literalPath(base).map { $0 + [name] }
        case .item(let base, .literal(.string(let key)), _): return literalPath(base).map { $0 + [key] }
        default: return nil
        }
    }
}
