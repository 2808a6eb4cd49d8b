/// Whether a child may reach the network. Denial is the `net` namespace (a loopback of its own),
/// so this reads and writes `namespaces` rather than keeping a second copy of the same fact.
public enum NetworkAccess: String, Sendable, Codable, Hashable {
    case allow, deny
}

extension SandboxPolicy {
    public var network: NetworkAccess {
        get { namespaces.contains(.net) ? .deny : .allow }
        set {
            namespaces.removeAll { $0 == .net }
            if newValue == .deny { namespaces.append(.net) }
        }
    }
}

/// Paths in policies: absolute, no NUL, no `..` (a view path must mean what it says).
enum PackPolicyPaths {
    static func isPlainAbsolute(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.utf8.contains(0) && !path.split(separator: "/").contains("..")
    }
}
