import CZmq
import Foundation

/// A ZeroMQ socket of the two kinds the supervisor protocol uses.
///
/// Not thread-safe (libzmq sockets are not): create, use and close each socket on one thread.
public final class ZmqSocket {
    public enum Kind: Sendable {
        case router, dealer

        var rawValue: Int32 {
            switch self {
            case .router: return ZMQ_ROUTER
            case .dealer: return ZMQ_DEALER
            }
        }
    }

    public let kind: Kind
    // Held so the context outlives the socket: zmq_ctx_term waits for open sockets.
    private let context: ZmqContext
    private(set) var handle: UnsafeMutableRawPointer?

    public init(context: ZmqContext, kind: Kind) throws {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else { throw ZmqError.last("zmq_socket") }
        self.context = context
        self.kind = kind
        self.handle = handle
        // Never let close() or context termination wait for unsent messages.
        try setOption(ZMQ_LINGER, Int32(0))
    }

    deinit { close() }

    public var isClosed: Bool { handle == nil }

    public func close() {
        guard let handle else { return }
        zmq_close(handle)
        self.handle = nil
    }

    public func bind(_ endpoint: String) throws {
        if zmq_bind(try open(), endpoint) != 0 { throw ZmqError.last("zmq_bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        if zmq_connect(try open(), endpoint) != 0 { throw ZmqError.last("zmq_connect \(endpoint)") }
    }

    /// Sets an integer socket option (ZMQ_LINGER, ZMQ_ROUTER_MANDATORY, ...).
    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        if zmq_setsockopt(try open(), option, &value, MemoryLayout<Int32>.size) != 0 {
            throw ZmqError.last("zmq_setsockopt \(option)")
        }
    }

    /// Sets a 64-bit integer socket option (ZMQ_MAXMSGSIZE).
    public func setOption(_ option: Int32, _ value: Int64) throws {
        var value = value
        if zmq_setsockopt(try open(), option, &value, MemoryLayout<Int64>.size) != 0 {
            throw ZmqError.last("zmq_setsockopt \(option)")
        }
    }

    /// Sets a binary socket option (ZMQ_ROUTING_ID).
    public func setOption(_ option: Int32, _ value: Data) throws {
        let handle = try open()
        let rc = value.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        if rc != 0 { throw ZmqError.last("zmq_setsockopt \(option)") }
    }

    /// Sends one multipart message. Returns false when `wait` is false and the message could not be
    /// queued right now (EAGAIN); throws on any other failure (e.g. EHOSTUNREACH for an unknown
    /// ROUTER peer when ZMQ_ROUTER_MANDATORY is set).
    @discardableResult
    public func send(_ frames: [Data], wait: Bool = true) throws -> Bool {
        let handle = try open()
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = wait ? 0 : ZMQ_DONTWAIT
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                let error = zmq_errno()
                if error == EINTR { continue }
                // Only the first frame can hit EAGAIN: later frames of an accepted message always queue.
                if error == EAGAIN && index == 0 { return false }
                throw ZmqError(operation: "zmq_send", errno: error)
            }
        }
        return true
    }

    /// From this size on a received frame keeps libzmq's buffer instead of a copy of it.
    static let borrowedFrameBytes = 1 << 16

    /// Receives one multipart message, or nil when `wait` is false and none is queued.
    public func receive(wait: Bool = false) throws -> [Data]? {
        let handle = try open()
        var frames: [Data] = []
        while true {
            let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
            zmq_msg_init(message)
            var handedOver = false
            defer { if !handedOver { zmq_msg_close(message); message.deallocate() } }
            // Once the first frame arrived the rest of the message is already queued (atomic delivery).
            let flags: Int32 = (wait || !frames.isEmpty) ? 0 : ZMQ_DONTWAIT
            let rc = zmq_msg_recv(message, handle, flags)
            if rc < 0 {
                let error = zmq_errno()
                if error == EINTR { continue }
                if error == EAGAIN && frames.isEmpty { return nil }
                throw ZmqError(operation: "zmq_msg_recv", errno: error)
            }
            let size = zmq_msg_size(message)
            if size >= Self.borrowedFrameBytes {
                // A big frame (a child's 40 MB result) is not copied: the Data owns the message.
                handedOver = true
                frames.append(Data(bytesNoCopy: zmq_msg_data(message), count: size, deallocator: .custom { _, _ in
                    zmq_msg_close(message)
                    message.deallocate()
                }))
            } else {
                frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(message), count: size))
            }
            if zmq_msg_more(message) == 0 { return frames }
        }
    }

    private func open() throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZmqError(operation: "socket", errno: ENOTSOCK, message: "socket is closed") }
        return handle
    }
}
