import Foundation
import ServiceLifecycle

/// The server's states, held in one place (`Server.lifecycle`, under `stateLock`):
/// created -> starting -> running -> stopping -> stopped (a failed start goes to stopped).
/// Control requests and reloads are taken only while running; the others answer why not.
extension Server {
    public enum LifecycleState: String, Sendable {
        case created, starting, running, stopping, stopped
    }

    enum Lifecycle {
        /// What exists only while the server runs, released by stop().
        struct Running {
            let lock: ServerLock
            let control: ControlServer
            let housekeeping: Task<Void, Never>
        }

        case created, starting
        case running(Running)
        case stopping, stopped

        var state: LifecycleState {
            switch self {
            case .created: return .created
            case .starting: return .starting
            case .running: return .running
            case .stopping: return .stopping
            case .stopped: return .stopped
            }
        }
    }

    public var lifecycleState: LifecycleState { stateLock.withLock { lifecycle.state } }

    /// Moves between two states without data, refusing any other move.
    func transition(from: LifecycleState, to: Lifecycle) throws {
        try stateLock.withLock {
            guard lifecycle.state == from else {
                throw EngineError.failure("the server is \(lifecycle.state.rawValue), not \(from.rawValue)")
            }
            lifecycle = to
        }
    }

    public var controlSocketPath: String { ControlSocket.path(dataDirectory: engine.settings.dataDirectory) }
}

/// `squall server` runs the server in a ServiceGroup: start, run until graceful shutdown
/// (SIGTERM/SIGINT), stop. start() and stop() block (sensor cleanup, the grace period), so they
/// run off the cooperative thread pool.
extension Server: Service {
    public func run() async throws {
        try await Self.offThePool { try self.start() }
        try? await gracefulShutdown()
        try? await Self.offThePool { self.stop() }
    }

    static func offThePool(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            Thread.detachNewThread {
                do { try work(); continuation.resume() } catch { continuation.resume(throwing: error) }
            }
        }
    }
}
