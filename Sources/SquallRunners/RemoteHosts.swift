import Foundation

/// One target of the remote runners: `hosts` is st2's comma-separated list, each `name`,
/// `name:port`, `[v6]:port` or a bare IPv6 address; `port` applies where a host names none.
struct RemoteHost: Sendable, Equatable {
    var name: String
    var port: Int

    static func parse(_ list: String, defaultPort: Int?) throws -> [RemoteHost] {
        let entries = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !entries.isEmpty else { throw RunnerError("parameter 'hosts' names no host") }
        let fallback = defaultPort ?? 22
        guard (1...65535).contains(fallback) else { throw RunnerError("parameter 'port' is not a TCP port: \(fallback)") }
        return try entries.map { try parseOne($0, fallback: fallback) }
    }

    private static func parseOne(_ entry: String, fallback: Int) throws -> RemoteHost {
        var name = entry
        var port = fallback
        if entry.hasPrefix("["), let close = entry.firstIndex(of: "]") {
            name = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let given = Int(rest.dropFirst()) else { throw RunnerError("parameter 'hosts': bad port in \(entry.debugDescription)") }
                port = given
            } else if !rest.isEmpty {
                throw RunnerError("parameter 'hosts': cannot read \(entry.debugDescription)")
            }
        } else if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
            name = String(entry[..<colon])
            guard let given = Int(entry[entry.index(after: colon)...]) else {
                throw RunnerError("parameter 'hosts': bad port in \(entry.debugDescription)")
            }
            port = given
        }
        guard (1...65535).contains(port) else { throw RunnerError("parameter 'hosts': port out of range in \(entry.debugDescription)") }
        // ssh reads a leading '-' as an option; whitespace and controls are never part of a host name.
        guard !name.isEmpty, !name.hasPrefix("-"),
              !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || "@[]/".unicodeScalars.contains($0) })
        else { throw RunnerError("parameter 'hosts': \(entry.debugDescription) is not a host name") }
        return RemoteHost(name: name, port: port)
    }
}

extension Array where Element == RemoteHost {
    /// st2 keys results by host name; a name listed twice (different ports) is told apart by its port.
    var resultKeys: [String] {
        let counts = Dictionary(grouping: self, by: \.name).mapValues(\.count)
        return map { counts[$0.name]! > 1 ? "\($0.name):\($0.port)" : $0.name }
    }
}
