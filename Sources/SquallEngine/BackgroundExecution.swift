/// An execution the HTTP API checked and recorded (`requested`), handed to whoever runs it: the
/// server in this process, in one of its slots, or a thread of its own.
public struct BackgroundExecution: Sendable {
    public let id: String
    /// Runs it to its end (blocks).
    let run: @Sendable () -> Void
    /// Records it canceled without running it (the server stopped before a slot came free).
    let abandon: @Sendable () -> Void
}
