import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The host's cgroups, detected once. Per-launch cgroups are created under this process's own
/// cgroup (`<own>/squall/<name>`), so children stay inside whatever limits the supervisor itself
/// runs under, and nothing outside our own subtree is touched.
public final class CgroupHost: Sendable {
    /// Detected on first use from /proc/self/mountinfo and /proc/self/cgroup.
    public static let shared = CgroupHost.detect()

    public let availability: CgroupAvailability

    public init(availability: CgroupAvailability) {
        self.availability = availability
    }

    public static func detect() -> CgroupHost {
        let mountinfo = CgroupFiles.read("/proc/self/mountinfo") ?? ""
        let processCgroups = CgroupFiles.read("/proc/self/cgroup") ?? ""
        return CgroupHost(availability: detect(mounts: CgroupMounts.parse(mountinfo: mountinfo),
                                               processCgroups: CgroupMounts.parse(processCgroups: processCgroups)))
    }

    /// A cgroup per controller for one launch, with `limits` written; nil when no controller is
    /// available. `name` is the execution id (or any unique token); nil makes one up.
    public func lease(name: String? = nil, limits: ResourceLimits) throws -> CgroupLease? {
        guard availability.isAvailable else { return nil }
        return try CgroupLease(name: name ?? CgroupLease.uniqueName(), limits: limits, placements: availability.placements)
    }

    static func detect(mounts: [CgroupMount], processCgroups: [String: String]) -> CgroupAvailability {
        var availability = CgroupAvailability(placements: [:], unavailable: [:])
        var v2Missing: [CgroupController] = []
        for controller in CgroupController.allCases {
            guard let mount = mounts.first(where: { $0.kind.hasV1(controller.rawValue) }) else {
                v2Missing.append(controller)
                continue
            }
            guard let own = processCgroups[controller.rawValue], let directory = CgroupMounts.directory(of: own, in: mount) else {
                availability.unavailable[controller] = "this process's \(controller.rawValue) cgroup is not under \(mount.mountPoint)"
                continue
            }
            record(controller, version: .v1, parent: directory, in: &availability)
        }
        guard !v2Missing.isEmpty else { return availability }
        guard let mount = mounts.first(where: { $0.kind == .v2 }), let own = processCgroups[""],
              let directory = CgroupMounts.directory(of: own, in: mount) else {
            for controller in v2Missing { availability.unavailable[controller] = "no cgroup hierarchy offers it" }
            return availability
        }
        let offered = Set((CgroupFiles.read(directory + "/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
        for controller in v2Missing {
            guard offered.contains(controller.rawValue) else {
                availability.unavailable[controller] = "not in \(directory)/cgroup.controllers"
                continue
            }
            // v2 only hands a controller to children that the parent enables for its subtree; the
            // supervisor's own cgroup holds processes, so this only works in the root or a delegated cgroup.
            do {
                try enable(controller, in: directory)
                try CgroupFiles.makeDirectory(directory + "/squall")
                try enable(controller, in: directory + "/squall")
            } catch {
                availability.unavailable[controller] = "\(error)"
                continue
            }
            record(controller, version: .v2, parent: directory, in: &availability)
        }
        return availability
    }

    private static func record(_ controller: CgroupController, version: CgroupVersion, parent: String,
                               in availability: inout CgroupAvailability) {
        let directory = parent + "/squall"
        do {
            try CgroupFiles.makeDirectory(directory)
        } catch {
            availability.unavailable[controller] = "\(error)"
            return
        }
        guard access(directory, W_OK) == 0 else {
            availability.unavailable[controller] = "\(directory) is not writable: " + CgroupFiles.errorText(errno)
            return
        }
        availability.placements[controller] = CgroupPlacement(version: version, directory: directory)
    }

    private static func enable(_ controller: CgroupController, in directory: String) throws {
        let enabled = (CgroupFiles.read(directory + "/cgroup.subtree_control") ?? "").split(whereSeparator: \.isWhitespace)
        if enabled.contains(Substring(controller.rawValue)) { return }
        try CgroupFiles.write("+" + controller.rawValue, to: directory + "/cgroup.subtree_control")
    }
}

extension CgroupMount.Kind {
    func hasV1(_ controller: String) -> Bool {
        if case .v1(let controllers) = self { return controllers.contains(controller) }
        return false
    }
}
