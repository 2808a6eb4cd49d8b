import CZmq
import Foundation

/// What one poll found ready.
public struct PollResult: Sendable, Equatable {
    /// The channel socket has at least one message queued: call `receive()` until it returns nil.
    public var channelHasMessages: Bool
    /// Descriptors where a read will not block: data (POLLIN), or end of file / error
    /// (POLLHUP, POLLERR: the read returns 0 or fails). In the order they were given.
    public var readableFds: [Int32]
    /// The subset of `readableFds` that reported hang-up or error.
    public var hungUpFds: [Int32]

    public init(channelHasMessages: Bool = false, readableFds: [Int32] = [], hungUpFds: [Int32] = []) {
        self.channelHasMessages = channelHasMessages
        self.readableFds = readableFds
        self.hungUpFds = hungUpFds
    }

    public var isEmpty: Bool { !channelHasMessages && readableFds.isEmpty }
}

extension ZmqSocket {
    /// Waits until this socket has a message or one of `fds` is readable, or the timeout passes
    /// (negative: wait forever). An interrupted wait (EINTR) returns an empty result.
    public func poll(fds: [Int32], timeoutMilliseconds: Int) throws -> PollResult {
        guard let handle else { throw ZmqError(operation: "zmq_poll", errno: ENOTSOCK, message: "socket is closed") }
        var items = [zmq_pollitem_t](repeating: zmq_pollitem_t(), count: fds.count + 1)
        items[0].socket = handle
        items[0].events = Int16(ZMQ_POLLIN)
        for (index, fd) in fds.enumerated() {
            items[index + 1].fd = fd
            items[index + 1].events = Int16(ZMQ_POLLIN)
        }
        let rc = zmq_poll(&items, Int32(items.count), timeoutMilliseconds)
        if rc < 0 {
            let error = zmq_errno()
            if error == EINTR { return PollResult() }
            throw ZmqError(operation: "zmq_poll", errno: error)
        }
        var result = PollResult()
        if rc == 0 { return result }
        result.channelHasMessages = items[0].revents & Int16(ZMQ_POLLIN) != 0
        for (index, fd) in fds.enumerated() {
            let revents = items[index + 1].revents
            // libzmq folds POLLHUP and POLLNVAL of plain descriptors into ZMQ_POLLERR.
            let hungUp = revents & Int16(ZMQ_POLLERR) != 0
            if hungUp || revents & Int16(ZMQ_POLLIN) != 0 { result.readableFds.append(fd) }
            if hungUp { result.hungUpFds.append(fd) }
        }
        return result
    }
}
