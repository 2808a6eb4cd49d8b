import Foundation

/// How much YAML squall reads from one document. Real packs stay far below these; a hostile file
/// ("billion laughs": aliases of aliases, nine levels deep) expands to billions of nodes from a
/// few hundred bytes, and reached 15 GB before it was bounded.
public struct YAMLLimits: Sendable, Equatable {
    /// The size of a document, in bytes (setting `yaml_max_bytes`).
    public var maxBytes: Int
    /// Nodes once every alias is expanded: what reading the document builds (`yaml_max_nodes`).
    public var maxNodes: Int
    /// Collections inside collections (`yaml_max_depth`; libyaml also stops at 1000).
    public var maxDepth: Int

    public init(maxBytes: Int = 8 << 20, maxNodes: Int = 1_000_000, maxDepth: Int = 200) {
        self.maxBytes = maxBytes; self.maxNodes = maxNodes; self.maxDepth = maxDepth
    }

    /// The limits every read in this process uses. YAML is read from deep inside pack, rule and
    /// config loading, so the settings set this once (Settings.apply) rather than pass it down.
    public static var process: YAMLLimits {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current = YAMLLimits()
}
