import Foundation
import Logging
import SquallModel
import Synchronization

/// The listening end of the control socket. Bounded so that no client can hang or balloon the
/// server: lines of at most `ControlSocket.maxLineBytes`, each to arrive whole within `idleTimeout`
/// (else the connection is closed), at most `maxConnections` at once. Peers of another uid (root aside) are refused.
final class ControlServer: @unchecked Sendable {
    struct Limits: Sendable {
        var idleTimeout: TimeInterval = 10
        var maxConnections = 16
    }

    let path: String
    private let limits: Limits
    private let logger: Logger
    private let handle: @Sendable (JSONValue) -> JSONValue
    /// Requests that hold their connection (`run`: answers stream back until the execution ends);
    /// true when it took the request, and the connection closes after it.
    private let converse: @Sendable (JSONValue, ControlConnection) -> Bool
    private let listener: Int32
    /// poll() on the listener and this pipe: a byte in it stops the accept thread.
    private let wake: (read: Int32, write: Int32)
    private let acceptThreadDone = DispatchSemaphore(value: 0)
    /// Open connections' descriptors: shut down at stop so idle readers end at once.
    private let open = Mutex<Set<Int32>>([])
    private let connections = DispatchGroup()

    /// Binds `path`, replacing a stale socket (the caller holds the ServerLock, so no live server owns it).
    init(path: String, limits: Limits = .init(), logger: Logger = Logger(label: "squall.control"),
         converse: @escaping @Sendable (JSONValue, ControlConnection) -> Bool = { _, _ in false },
         handle: @escaping @Sendable (JSONValue) -> JSONValue) throws {
        self.path = path; self.limits = limits; self.logger = logger; self.handle = handle; self.converse = converse
        guard let address = ControlSocket.address(path) else {
            throw EngineError.badInput("the control socket path is too long for a unix socket: \(path)")
        }
        unlink(path)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        guard listener >= 0 else { throw EngineError.failure("cannot create the control socket: \(String(cString: strerror(errno)))") }
        var pipeEnds: [Int32] = [0, 0]
        guard ControlSocket.withSockaddr(address, { bind(listener, $0, $1) }) == 0,
              chmod(path, 0o600) == 0, listen(listener, 64) == 0,
              pipe(&pipeEnds) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener); unlink(path)
            throw EngineError.failure("cannot listen on \(path): \(reason)")
        }
        wake = (pipeEnds[0], pipeEnds[1])
        for fd in pipeEnds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }

    /// Connections being served now (the one asking included).
    var openConnections: Int { open.withLock { $0.count } }

    func start() {
        let thread = Thread { [self] in acceptLoop(); acceptThreadDone.signal() }
        thread.name = "squall-control"
        thread.start()
    }

    /// Stops accepting, ends idle connections, and waits until `deadline` for requests being
    /// handled (they see the server stopping and answer so). The socket file is removed.
    func stop(deadline: DispatchTime) {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        acceptThreadDone.wait()
        unlink(path)
        close(listener)
        close(wake.read); close(wake.write)
        open.withLock { for fd in $0 { shutdown(fd, Int32(SHUT_RD)) } }
        if connections.wait(timeout: deadline) == .timedOut {
            logger.warning("control connections still open at stop")
        }
    }

    private func acceptLoop() {
        var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        while true {
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            admit(fd)
        }
    }

    private func admit(_ fd: Int32) {
        ControlSocket.setTimeouts(fd, seconds: limits.idleTimeout)
        guard let peer = ControlSocket.peerCredentials(fd), peer.uid == geteuid() || peer.uid == 0 else {
            let peer = ControlSocket.peerCredentials(fd)
            logger.warning("control connection refused: another user", metadata: [
                "uid": "\(peer.map { String($0.uid) } ?? "?")", "pid": "\(peer.map { String($0.pid) } ?? "?")"])
            _ = ControlSocket.answer(fd, ControlSocket.refusal("refused: the server accepts requests from its own user only"))
            close(fd)
            return
        }
        let admitted = open.withLock { fds -> Bool in
            guard fds.count < limits.maxConnections else { return false }
            fds.insert(fd)
            return true
        }
        guard admitted else {
            _ = ControlSocket.answer(fd, ControlSocket.refusal("busy: \(limits.maxConnections) control connections are open; try again"))
            close(fd)
            return
        }
        connections.enter()
        // A thread each: a reload blocks its connection until applied, and the global queue would
        // hold back other connections behind it.
        Thread.detachNewThread { [self] in
            serve(fd)
            open.withLock { _ = $0.remove(fd) }
            close(fd)
            connections.leave()
        }
    }

    /// Answers each request line until the peer closes, idles past the timeout, or sends too much.
    private func serve(_ fd: Int32) {
        var reader = ControlLineReader(fd: fd)
        while true {
            switch reader.next(deadline: Date().addingTimeInterval(limits.idleTimeout)) {
            case .end, .timedOut:
                return
            case .tooLong:
                _ = ControlSocket.answer(fd, ControlSocket.refusal("request line longer than \(ControlSocket.maxLineBytes) bytes"))
                return
            case .line(let bytes):
                let answer: JSONValue
                if let request = try? JSONValue.parse(Data(bytes)), case .object = request {
                    if let peer = ControlSocket.peerCredentials(fd), converse(request, ControlConnection(fd: fd, peerUID: peer.uid)) { return }
                    answer = handle(request)
                } else {
                    answer = ControlSocket.refusal("request is not a JSON object on one line")
                }
                guard ControlSocket.answer(fd, answer) else { return }
            }
        }
    }
}
