/// The server could not take the work now (its trigger queue is full, or it is stopping): the
/// request was valid and may be tried again later. The HTTP API answers 503.
public struct EngineBusy: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
