import CZmq
import Foundation

/// A failed libzmq call, with the errno libzmq reported and its text.
public struct ZmqError: Error, CustomStringConvertible, Sendable, Equatable {
    public let operation: String
    public let errno: Int32
    public let message: String

    public init(operation: String, errno: Int32, message: String? = nil) {
        self.operation = operation
        self.errno = errno
        self.message = message ?? String(cString: zmq_strerror(errno))
    }

    /// Captures zmq_errno() right after a failed call.
    static func last(_ operation: String) -> ZmqError {
        ZmqError(operation: operation, errno: zmq_errno())
    }

    public var description: String { "\(operation): \(message) (errno \(errno))" }
}
