import CZmq
import Foundation

/// The supervisor's end of one execution's channel: a ROUTER bound on `ipc://<directory>/channel`.
///
/// It accepts exactly one child: the first peer whose `hello` names the expected execution id.
/// Frames from anyone else are dropped and counted, never delivered. Use it from one thread.
public final class ChildChannel {
    /// Why a frame was dropped instead of delivered.
    public enum IgnoreReason: Sendable, Equatable {
        /// A hello naming another execution.
        case wrongExecutionId(String)
        /// Any frame from a peer that is not the accepted child (before or after acceptance).
        case notFromAcceptedPeer
    }

    /// One thing `receive()` found.
    public enum Event: Sendable, Equatable {
        /// A well-formed message from the accepted child (its hello included).
        case message(ChildMessage)
        /// A frame from the accepted child that is not a valid message.
        case malformed(MessageDecodingError)
        /// A frame from someone else, dropped.
        case ignored(IgnoreReason)
    }

    public enum ChannelError: Error, Equatable, Sendable {
        case endpointPathTooLong(String)
        case noChildYet
        /// The child's queue is full: it stopped reading.
        case childNotReading
    }

    /// sun_path holds 108 bytes including the terminating NUL.
    static let maximumSocketPathBytes = 107

    public let executionId: String
    /// The socket file; removed by `close()`.
    public let socketPath: String
    /// What to give the child in SQUALL_CHANNEL.
    public let endpoint: String
    /// The pid the child announced in its hello (as seen in its own pid namespace).
    public private(set) var childPid: Int32?
    /// How many frames were dropped (see `IgnoreReason`).
    public private(set) var ignoredFrameCount = 0

    private let socket: ZmqSocket
    private var childRoutingId: Data?

    /// Binds the channel. `directory` must exist and be private to this execution (mode 0700).
    /// Messages larger than `maximumMessageBytes` make libzmq drop the sending peer.
    public init(context: ZmqContext, directory: String, executionId: String, maximumMessageBytes: Int64 = 64 << 20) throws {
        let socketPath = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/channel"
        guard socketPath.utf8.count <= Self.maximumSocketPathBytes else { throw ChannelError.endpointPathTooLong(socketPath) }
        self.executionId = executionId
        self.socketPath = socketPath
        self.endpoint = "ipc://" + socketPath
        socket = try ZmqSocket(context: context, kind: .router)
        // Sending to a peer that is gone must fail loudly instead of vanishing.
        try socket.setOption(ZMQ_ROUTER_MANDATORY, Int32(1))
        try socket.setOption(ZMQ_MAXMSGSIZE, maximumMessageBytes)
        // A stale file from a crashed run would make bind fail with EADDRINUSE.
        unlink(socketPath)
        try socket.bind(endpoint)
        if chmod(socketPath, 0o600) != 0 {
            let error = errno
            close()
            throw ZmqError(operation: "chmod \(socketPath)", errno: error, message: String(cString: strerror(error)))
        }
    }

    deinit { close() }

    public var hasChild: Bool { childRoutingId != nil }

    /// Waits for a message on the channel or for one of `fds` (e.g. the child's stdout and stderr
    /// pipes) to become readable; a negative timeout waits forever.
    public func poll(fds: [Int32], timeoutMilliseconds: Int) throws -> PollResult {
        try socket.poll(fds: fds, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Takes the next queued frame without waiting; nil when none is queued.
    public func receive() throws -> Event? {
        guard let frames = try socket.receive(wait: false) else { return nil }
        // A ROUTER prefixes every message with the sender's routing id.
        let sender = frames[0]
        let body = Array(frames.dropFirst())

        if let childRoutingId {
            guard sender == childRoutingId else { return ignore(.notFromAcceptedPeer) }
            guard body.count == 1 else { return .malformed(.unexpectedFrameCount(body.count)) }
            do { return .message(try ChildMessage.decode(body[0])) } catch { return .malformed(error) }
        }

        guard body.count == 1, case .hello(let claimedId, let pid)? = try? ChildMessage.decode(body[0]) else {
            return ignore(.notFromAcceptedPeer)
        }
        guard claimedId == executionId else { return ignore(.wrongExecutionId(claimedId)) }
        childRoutingId = sender
        childPid = pid
        return .message(.hello(executionId: claimedId, pid: pid))
    }

    /// Sends to the accepted child without blocking.
    public func send(_ message: SupervisorMessage) throws {
        guard let childRoutingId else { throw ChannelError.noChildYet }
        guard try socket.send([childRoutingId, message.encoded()], wait: false) else { throw ChannelError.childNotReading }
    }

    /// Closes the socket and removes the socket file. Safe to call twice.
    public func close() {
        guard !socket.isClosed else { return }
        socket.close()
        unlink(socketPath)
    }

    private func ignore(_ reason: IgnoreReason) -> Event {
        ignoredFrameCount += 1
        return .ignored(reason)
    }
}
