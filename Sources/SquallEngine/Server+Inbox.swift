import Foundation
import SquallModel

/// Trigger instances handed to a running server by other processes (`squall trigger fire`) and
/// reload requests (`squall rule ...`, `squall pack register`): one JSON file each in
/// `<data-dir>/inbox`, written whole (temp file + rename) and consumed here in name order.
extension Server {
    public static func inboxDirectory(dataDirectory: String) -> String { dataDirectory + "/inbox" }

    /// Writes one instance for the server to pick up.
    public static func submit(trigger: String, payload: JSONValue, dataDirectory: String) throws {
        try writeInboxEntry(["trigger": .string(trigger), "payload": payload], dataDirectory: dataDirectory)
    }

    static func writeInboxEntry(_ entry: JSONValue, dataDirectory: String) throws {
        let directory = inboxDirectory(dataDirectory: dataDirectory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = "\(Int(Date().timeIntervalSince1970 * 1_000_000))-\(UUID().uuidString)"
        let temporary = directory + "/." + name
        try entry.jsonString()
            .write(toFile: temporary, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: temporary, toPath: directory + "/" + name + ".json")
    }

    func startInboxWatcher() {
        let directory = Self.inboxDirectory(dataDirectory: engine.settings.dataDirectory)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now(), repeating: 0.2)
        timer.setEventHandler { [weak self] in self?.drainInbox(directory) }
        timer.resume()
        setInboxWatcher(timer)
    }

    private func drainInbox(_ directory: String) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        // Several reload requests in one pass make one reload; packs include rules.
        var reload: ReloadScope?
        for name in names {
            let path = directory + "/" + name
            defer { try? FileManager.default.removeItem(atPath: path) }
            let entry = FileManager.default.contents(atPath: path).flatMap { try? JSONValue.parse($0) }
            if entry?["control"] == "reload" {
                let scope = entry?["scope"]?.stringValue.flatMap(ReloadScope.init(rawValue:)) ?? .rules
                reload = (reload == .packs || scope == .packs) ? .packs : .rules
                continue
            }
            guard let entry, let trigger = entry["trigger"]?.stringValue else {
                logger.warning("inbox entry dropped: not a trigger instance", metadata: ["file": "\(path)"])
                continue
            }
            dispatch(trigger: trigger, payload: entry["payload"] ?? .object([:]))
        }
        if let reload { self.reload(reload) }
    }
}
