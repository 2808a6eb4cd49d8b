/// Where pack management keeps things under the data directory.
public struct PackManagerLayout: Sendable {
    public let dataDirectory: String

    public init(dataDirectory: String) { self.dataDirectory = dataDirectory }

    /// Installed packs, one directory per ref: must be on the packs path.
    public var packsDirectory: String { dataDirectory + "/packs" }
    /// Clones and copies being prepared; on the same filesystem as the packs so a move is a rename.
    public var stagingDirectory: String { packsDirectory + "/.staging" }
    /// One install record per installed pack.
    public var recordsDirectory: String { packsDirectory + "/.squall" }
    public var virtualenvsDirectory: String { dataDirectory + "/virtualenvs" }
    public var configsDirectory: String { dataDirectory + "/configs" }

    public func packDirectory(_ ref: String) -> String { packsDirectory + "/" + ref }
    public func recordFile(_ ref: String) -> String { recordsDirectory + "/" + ref + ".json" }
}
