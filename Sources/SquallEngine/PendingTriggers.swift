import Foundation
import SquallModel

/// Trigger instances fired while no server runs on the data directory (`squall trigger fire`,
/// `core.inject_trigger` in a CLI run): one JSON file each in `<data-dir>/pending-triggers`,
/// dispatched by the next server once it listens. A lock file orders a firer's "no server, so
/// keep it" against the server's drain: a server that starts in between either drains the file
/// or is reached through its socket, so no instance is left behind until the start after.
public enum PendingTriggers {
    /// Where an instance went.
    public enum Delivery: Sendable, Equatable {
        /// The running server queued it, under this trigger instance id.
        case delivered(instanceId: String)
        /// No server runs: it waits in the data directory for the next start.
        case waitingForServer
    }

    static func directory(dataDirectory: String) -> String { dataDirectory + "/pending-triggers" }

    /// To the running server through its control socket; with none, kept for the next one.
    static func deliver(trigger: String, payload: JSONValue, dataDirectory: String, timeout: TimeInterval) throws -> Delivery {
        let client = ControlClient(dataDirectory: dataDirectory, timeout: timeout)
        do {
            return .delivered(instanceId: try client.fire(trigger: trigger, payload: payload))
        } catch ControlClient.Failure.noServer {}
        return try withDrainLock(dataDirectory: dataDirectory) {
            // A server may have started listening since: its drain has run or waits for this lock.
            do {
                return .delivered(instanceId: try client.fire(trigger: trigger, payload: payload))
            } catch ControlClient.Failure.noServer {}
            try keep(["trigger": .string(trigger), "payload": payload], dataDirectory: dataDirectory)
            return .waitingForServer
        }
    }

    /// Dispatches every kept instance in the order they were fired, removing each file.
    static func drain(dataDirectory: String, dispatch: (String, JSONValue) -> Void, dropped: (String) -> Void) {
        let folder = directory(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: folder) else { return }
        try? withDrainLock(dataDirectory: dataDirectory) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            for name in names {
                let path = folder + "/" + name
                defer { try? FileManager.default.removeItem(atPath: path) }
                guard let entry = FileManager.default.contents(atPath: path).flatMap({ try? JSONValue.parse($0) }),
                      let trigger = entry["trigger"]?.stringValue else {
                    dropped(path)
                    continue
                }
                dispatch(trigger, entry["payload"] ?? .object([:]))
            }
        }
    }

    private static func keep(_ entry: JSONValue, dataDirectory: String) throws {
        let folder = directory(dataDirectory: dataDirectory)
        // Names sort in firing order: microseconds, then a random part for ties.
        let name = String(format: "%016lld-%@", Int64(Date().timeIntervalSince1970 * 1_000_000), UUID().uuidString)
        let temporary = folder + "/." + name
        do {
            try entry.jsonString().write(toFile: temporary, atomically: false, encoding: .utf8)
            try FileManager.default.moveItem(atPath: temporary, toPath: folder + "/" + name + ".json")
        } catch {
            throw EngineError.failure("cannot keep the trigger instance in \(folder): \(error.localizedDescription)")
        }
    }

    /// Runs `body` holding an exclusive flock on `<dir>/.lock` (created with the directory, mode 0700).
    private static func withDrainLock<T>(dataDirectory: String, _ body: () throws -> T) throws -> T {
        let folder = directory(dataDirectory: dataDirectory)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw EngineError.failure("cannot create \(folder): \(error.localizedDescription)")
        }
        let fd = open(folder + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw EngineError.failure("cannot open \(folder)/.lock: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw EngineError.failure("cannot lock \(folder)/.lock: \(String(cString: strerror(errno)))") }
        }
        return try body()
    }
}
