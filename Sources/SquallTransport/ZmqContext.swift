import CZmq

/// One libzmq context (its I/O thread) shared by every socket of the process.
///
/// libzmq contexts are thread-safe; sockets are not (see `ZmqSocket`).
public final class ZmqContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZmqError.last("zmq_ctx_new") }
        self.handle = handle
    }

    deinit {
        // Sockets keep their context alive, so by now every socket is closed and this cannot block.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}
