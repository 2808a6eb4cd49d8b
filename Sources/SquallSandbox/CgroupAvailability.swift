/// The three controllers squall limits.
public enum CgroupController: String, Sendable, CaseIterable, Hashable {
    case pids, memory, cpu
}

public enum CgroupVersion: String, Sendable, Hashable {
    case v1, v2
}

/// Where one controller's per-launch cgroups go: `<directory>/<launch name>`.
public struct CgroupPlacement: Sendable, Equatable, Hashable {
    public var version: CgroupVersion
    /// `<this process's cgroup>/squall`, e.g. /sys/fs/cgroup/pids/squall on this machine.
    public var directory: String
}

/// What the host offers, for `squall sandbox check` and the start-up line. Launching works
/// either way: without a controller its limit is simply not applied.
public struct CgroupAvailability: Sendable, Equatable, CustomStringConvertible {
    public var placements: [CgroupController: CgroupPlacement]
    /// Why each missing controller cannot be used.
    public var unavailable: [CgroupController: String]

    public var isAvailable: Bool { !placements.isEmpty }
    public var isComplete: Bool { unavailable.isEmpty }

    public var description: String {
        var parts: [String] = []
        for controller in CgroupController.allCases {
            if let placement = placements[controller] {
                parts.append("\(controller.rawValue): \(placement.version.rawValue) at \(placement.directory)")
            } else if let reason = unavailable[controller] {
                parts.append("\(controller.rawValue): unavailable (\(reason))")
            }
        }
        return "cgroups: " + parts.joined(separator: "; ")
    }
}
