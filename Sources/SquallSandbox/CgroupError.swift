/// A cgroup that could not be created, limited or removed. One line: the path and what went wrong.
public struct CgroupError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "cgroup \(path): \(message)" }
}
