import Foundation
import SquallModel

/// Talks to the server running on a data directory through its control socket (`squall trigger
/// fire`, `core.inject_trigger` and action triggers of CLI-run executions, reload requests).
public struct ControlClient: Sendable {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// No socket, or a stale one nobody listens on (a killed server's).
        case noServer(dataDirectory: String)
        /// The server answered with an error, or the exchange broke off.
        case refused(String)

        public var description: String {
            switch self {
            case .noServer(let directory): return "no squall server is running on the data directory \(directory)"
            case .refused(let message): return message
            }
        }
    }

    public let dataDirectory: String
    /// How long to wait for an answer (a reload answers once applied: restarting sensors takes a while).
    public let timeout: TimeInterval

    public init(dataDirectory: String, timeout: TimeInterval = 120) {
        self.dataDirectory = dataDirectory; self.timeout = timeout
    }

    /// Hands one trigger instance to the server; returns the instance's id.
    @discardableResult
    public func fire(trigger: String, payload: JSONValue) throws -> String {
        let answer = try send(["op": "fire", "trigger": .string(trigger), "payload": payload])
        return answer["trigger_instance"]?.stringValue ?? ""
    }

    /// Returns once the server has applied the reload.
    public func reload(_ scope: Server.ReloadScope) throws {
        _ = try send(["op": "reload", "scope": .string(scope.rawValue)])
    }

    /// One request, one answer; throws unless the answer says `ok`.
    public func send(_ request: JSONValue) throws -> JSONValue {
        let path = ControlSocket.path(dataDirectory: dataDirectory)
        let fd = try connected()
        defer { close(fd) }
        ControlSocket.setTimeouts(fd, seconds: timeout)
        // A server that turns the connection away (busy, another user) answers and closes before
        // reading: the write may fail, and the answer still waits to be read.
        _ = ControlSocket.writeLine(fd, request.jsonString())
        var reader = ControlLineReader(fd: fd)
        switch reader.next() {
        case .line(let bytes):
            guard let answer = try? JSONValue.parse(Data(bytes)) else {
                throw Failure.refused("the server at \(path) answered something that is not JSON")
            }
            guard answer["ok"] == true else {
                throw Failure.refused(answer["error"]?.stringValue ?? "the server refused the request")
            }
            return answer
        case .timedOut:
            throw Failure.refused("the server at \(path) did not answer within \(Int(timeout)) s")
        case .end, .tooLong:
            throw Failure.refused("the server at \(path) closed the connection without an answer")
        }
    }

    /// A descriptor connected to the server's socket (the caller closes it).
    func connected() throws -> Int32 {
        let path = ControlSocket.path(dataDirectory: dataDirectory)
        guard let address = ControlSocket.address(path) else {
            throw Failure.refused("the control socket path is too long for a unix socket: \(path)")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure.refused("cannot create a socket: \(String(cString: strerror(errno)))") }
        guard ControlSocket.withSockaddr(address, { connect(fd, $0, $1) }) == 0 else {
            let code = errno
            close(fd)
            if code == ENOENT || code == ECONNREFUSED { throw Failure.noServer(dataDirectory: dataDirectory) }
            throw Failure.refused("cannot connect to \(path): \(String(cString: strerror(code)))")
        }
        return fd
    }
}
