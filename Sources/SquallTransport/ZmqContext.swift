import CZmq
import Foundation

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

extension ZmqContext {
    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var sharedInstance: ZmqContext?

    /// The process's context, created on first use: a run that starts no Python child never pays
    /// for libzmq's I/O thread.
    public static func shared() throws -> ZmqContext {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let sharedInstance { return sharedInstance }
        let context = try ZmqContext()
        sharedInstance = context
        return context
    }
}
