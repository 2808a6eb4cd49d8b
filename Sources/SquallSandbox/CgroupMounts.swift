/// Where the host's cgroup hierarchies are and where this process sits in them, parsed from
/// /proc/self/mountinfo and /proc/self/cgroup (pure functions: the inputs are the files' text).
struct CgroupMount: Equatable {
    enum Kind: Equatable { case v1(controllers: Set<String>), v2 }
    var kind: Kind
    /// The directory of the hierarchy inside the mount (not "/" with a bind mount or a cgroup namespace).
    var root: String
    var mountPoint: String
}

enum CgroupMounts {
    /// Every cgroup (v1) and cgroup2 mount in a mountinfo text.
    static func parse(mountinfo: String) -> [CgroupMount] {
        var mounts: [CgroupMount] = []
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            // id parent major:minor root mount-point options [optional...] - type source super-options
            guard let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 3 < fields.count else { continue }
            let type = fields[dash + 1]
            let root = unescape(fields[3])
            let mountPoint = unescape(fields[4])
            switch type {
            case "cgroup2":
                mounts.append(CgroupMount(kind: .v2, root: root, mountPoint: mountPoint))
            case "cgroup":
                let options = Set(fields[dash + 3].split(separator: ",").map(String.init))
                mounts.append(CgroupMount(kind: .v1(controllers: options), root: root, mountPoint: mountPoint))
            default:
                continue
            }
        }
        return mounts
    }

    /// This process's cgroup per v1 controller, and its v2 cgroup under the key "" (from /proc/self/cgroup).
    static func parse(processCgroups: String) -> [String: String] {
        var paths: [String: String] = [:]
        for line in processCgroups.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { continue }
            if parts[1].isEmpty {
                paths[""] = parts[2]
            } else {
                for controller in parts[1].split(separator: ",") { paths[String(controller)] = parts[2] }
            }
        }
        return paths
    }

    /// The directory of `cgroupPath` seen through `mount`, or nil when the mount does not show it.
    static func directory(of cgroupPath: String, in mount: CgroupMount) -> String? {
        var relative: Substring
        if mount.root == "/" {
            relative = Substring(cgroupPath)
        } else if cgroupPath == mount.root || cgroupPath.hasPrefix(mount.root + "/") {
            relative = cgroupPath.dropFirst(mount.root.count)
        } else {
            return nil
        }
        while relative.hasSuffix("/") { relative = relative.dropLast() }
        let base = mount.mountPoint.hasSuffix("/") ? String(mount.mountPoint.dropLast()) : mount.mountPoint
        if relative.isEmpty { return base }
        return base + (relative.hasPrefix("/") ? "" : "/") + relative
    }

    /// mountinfo writes space, tab, newline and backslash as \ooo.
    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count,
               let value = UInt8(String(decoding: utf8[(index + 1)...(index + 3)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
