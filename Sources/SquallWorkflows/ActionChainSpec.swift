import SquallModel

/// One node of an action-chain (st2's `ActionChain.Node`).
public struct ChainNode: Sendable, Equatable {
    public var name: String
    public var ref: String
    /// `params` (or its older spelling `parameters`): Jinja templates rendered before the node runs.
    public var params: [String: JSONValue]
    public var onSuccess: String?
    public var onFailure: String?
    public var publish: [String: JSONValue]
    public var notify: JSONValue?

    /// st2 records the node itself as the child's `context.chain` (`vars(action_node)`).
    public var contextEntry: JSONValue {
        .object([
            "name": .string(name), "ref": .string(ref), "params": .object(params),
            "on_success": onSuccess.map(JSONValue.string) ?? .null,
            "on_failure": onFailure.map(JSONValue.string) ?? .null,
            "publish": .object(publish), "notify": notify ?? .object([:]),
        ])
    }
}

/// An action-chain definition (`chain`, `default`, `vars`), read and checked as st2's
/// ChainHolder does before the chain runs.
public struct ActionChainSpec: Sendable, Equatable {
    public var chain: [ChainNode]
    /// The node to start from: `default`, else the first node no other node names, else the first.
    public var start: String?
    public var vars: [String: JSONValue]

    public func node(named name: String) -> ChainNode? { chain.first { $0.name == name } }
}

/// A chain definition st2 would refuse before running it; `message` is st2's wording.
public struct ActionChainError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum ActionChainReader {
    private static let rootKeys: Set<String> = ["chain", "default", "vars"]
    private static let nodeKeys: Set<String> = ["name", "ref", "params", "parameters", "on-success", "on-failure", "publish", "notify"]

    public static func read(_ document: JSONValue) throws(ActionChainError) -> ActionChainSpec {
        guard case .object(let root) = document else { throw ActionChainError("The action chain definition is not a mapping.") }
        if let key = root.keys.sorted().first(where: { !rootKeys.contains($0) }) {
            throw ActionChainError("Additional properties are not allowed ('\(key)' was unexpected)")
        }
        guard let entries = root["chain"] else { throw ActionChainError("'chain' is a required property") }
        guard case .array(let items) = entries else { throw ActionChainError("chain: must be a list of nodes") }
        var nodes: [ChainNode] = []
        for (index, item) in items.enumerated() { nodes.append(try readNode(item, index: index)) }
        var vars: [String: JSONValue] = [:]
        switch root["vars"] {
        case nil, .null?: break
        case .object(let object)?: vars = object
        default: throw ActionChainError("vars: must be a mapping of names to values")
        }
        var start: String?
        switch root["default"] {
        case nil, .null?: start = defaultNode(of: nodes)
        case .string(let name)?: start = name
        default: throw ActionChainError("default: must be a node name")
        }
        guard let start else { throw ActionChainError("Failed to find default node in the chain (it has no nodes).") }
        let spec = ActionChainSpec(chain: nodes, start: start, vars: vars)
        try validate(spec)
        return spec
    }

    private static func readNode(_ item: JSONValue, index: Int) throws(ActionChainError) -> ChainNode {
        guard case .object(let body) = item else { throw ActionChainError("chain[\(index)]: must be a mapping") }
        if let key = body.keys.sorted().first(where: { !nodeKeys.contains($0) }) {
            throw ActionChainError("chain[\(index)]: Additional properties are not allowed ('\(key)' was unexpected)")
        }
        guard let name = body["name"]?.stringValue, !name.isEmpty else { throw ActionChainError("chain[\(index)]: 'name' is a required property") }
        guard let ref = body["ref"]?.stringValue, !ref.isEmpty else { throw ActionChainError("chain[\(index)] (\(name)): 'ref' is a required property") }
        func text(_ key: String) throws(ActionChainError) -> String? {
            switch body[key] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            default: throw ActionChainError("chain[\(index)] (\(name)): '\(key)' must be a node name")
            }
        }
        func mapping(_ key: String) throws(ActionChainError) -> [String: JSONValue]? {
            switch body[key] {
            case nil, .null?: return nil
            case .object(let value)?: return value
            default: throw ActionChainError("chain[\(index)] (\(name)): '\(key)' must be a mapping")
            }
        }
        var params = try mapping("params")
        if params == nil { params = try mapping("parameters") }
        return ChainNode(name: name, ref: ref, params: params ?? [:],
                         onSuccess: try text("on-success"), onFailure: try text("on-failure"),
                         publish: try mapping("publish") ?? [:], notify: body["notify"])
    }

    /// st2's choice when `default` is absent: the first node (in file order) that no on-success
    /// or on-failure names, else the first node.
    static func defaultNode(of nodes: [ChainNode]) -> String? {
        let referenced = Set(nodes.flatMap { [$0.onSuccess, $0.onFailure].compactMap { $0 } })
        return nodes.first { !referenced.contains($0.name) }?.name ?? nodes.first?.name
    }

    /// Names that are templates are only known at run time; every other one must exist.
    static func validate(_ spec: ActionChainSpec) throws(ActionChainError) {
        let names = Set(spec.chain.map(\.name))
        func known(_ name: String?) -> Bool {
            guard let name, !name.isEmpty else { return true }
            return name.containsTemplateSyntax || names.contains(name)
        }
        for node in spec.chain {
            if !known(node.onSuccess) {
                throw ActionChainError("Unable to find node with name \"\(node.onSuccess!)\" referenced in \"on-success\" in task \"\(node.name)\".")
            }
            if !known(node.onFailure) {
                throw ActionChainError("Unable to find node with name \"\(node.onFailure!)\" referenced in \"on-failure\" in task \"\(node.name)\".")
            }
        }
        if !known(spec.start) {
            throw ActionChainError("Unable to find node with name \"\(spec.start!)\" referenced in \"default\".")
        }
    }
}
