/// A pack as read from its pack.yaml: the unit of deployment.
public struct Pack: Sendable, Hashable, Codable {
    public var ref: String
    public var name: String
    public var description: String
    public var version: String
    public var author: String
    public var email: String?
    public var keywords: [String]
    public var dependencies: [String]
    public var pythonVersions: [String]
    /// Absolute path of the pack's directory.
    public var path: String

    public init(ref: String, name: String, description: String, version: String, author: String,
                email: String? = nil, keywords: [String] = [], dependencies: [String] = [],
                pythonVersions: [String] = [], path: String) {
        self.ref = ref; self.name = name; self.description = description; self.version = version
        self.author = author; self.email = email; self.keywords = keywords
        self.dependencies = dependencies; self.pythonVersions = pythonVersions; self.path = path
    }
}
