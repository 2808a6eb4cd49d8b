import Foundation

/// What a live child's sandbox looks like from outside, read from /proc like gVisor's posture
/// checks: each protection as enforced or not, with what was seen. Nothing is taken on trust
/// from the policy: a protection counts only when the kernel shows it on the child.
public struct SandboxPosture: Sendable, Equatable {
    public struct Check: Sendable, Equatable {
        public var name: String
        public var enforced: Bool
        public var detail: String
    }

    public var pid: Int32
    public var checks: [Check]

    public func check(_ name: String) -> Check? { checks.first { $0.name == name } }

    /// Inspects `pid` (a child launched with `policy` and given exactly `environment`).
    public static func inspect(pid: Int32, policy: SandboxPolicy, environment: [String: String]) -> SandboxPosture {
        let status = statusFields(pid: pid)
        var checks: [Check] = []

        let seccomp = status["Seccomp"] ?? "?"
        let allowed = Set(policy.seccomp.rules.filter { $0.action == .allow && $0.arguments.isEmpty }.flatMap(\.syscalls))
        let shape = policy.seccomp.defaultAction == .allow ? "\(policy.seccomp.rules.count) rules, default allow"
            : "allowlist of \(allowed.count) syscalls, \(policy.seccomp.rules.count) rules, default \(policy.seccomp.defaultAction)"
        checks.append(Check(name: "seccomp", enforced: seccomp == "2", detail: seccomp == "2" ? "filter mode, " + shape : "mode \(seccomp)"))
        let noNewPrivs = status["NoNewPrivs"] ?? "?"
        checks.append(Check(name: "no_new_privs", enforced: noNewPrivs == "1", detail: "NoNewPrivs: \(noNewPrivs)"))

        let capabilities = ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"].map { ($0, status[$0] ?? "?") }
        let noCapabilities = capabilities.allSatisfy { UInt64($0.1, radix: 16) == 0 }
        checks.append(Check(name: "capabilities", enforced: noCapabilities,
                            detail: capabilities.map { "\($0.0)=\($0.1)" }.joined(separator: " ")))

        let uid = status["Uid"]?.split(separator: "\t").first.map(String.init) ?? "?"
        let gid = status["Gid"]?.split(separator: "\t").first.map(String.init) ?? "?"
        checks.append(Check(name: "identity", enforced: uid != "0" && gid != "0" && uid != String(getuid()),
                            detail: "uid \(uid) gid \(gid) (supervisor uid \(getuid()))"))

        checks.append(idMapsCheck(pid: pid))
        checks.append(dumpableCheck(pid: pid, uid: uid))

        for namespace in ["user", "pid", "mnt", "ipc", "uts", "net", "cgroup"] {
            let theirs = link("/proc/\(pid)/ns/\(namespace)")
            let ours = link("/proc/self/ns/\(namespace)")
            let separate = theirs != nil && theirs != ours
            checks.append(Check(name: "namespace.\(namespace)", enforced: separate,
                                detail: separate ? "own \(theirs!)" : "shared with the supervisor"))
        }

        // Under squall-init the session is init's (made by setsid before it ran the program).
        let session = sessionId(pid: pid)
        let ownSession = session != nil && session != getsid(0)
        checks.append(Check(name: "session", enforced: ownSession,
                            detail: ownSession ? (session == pid ? "own session and process group" : "its init's session, not the supervisor's")
                                               : "shares the supervisor's session"))

        let fds = openDescriptors(pid: pid)
        let extra = fds.filter { $0 > 2 }
        checks.append(Check(name: "file_descriptors", enforced: extra.isEmpty,
                            detail: extra.isEmpty ? "only 0, 1, 2" : "also open: \(extra.map(String.init).joined(separator: ", "))"))

        let seenKeys = Set(environmentKeys(pid: pid))
        let unexpected = seenKeys.subtracting(environment.keys).sorted()
        checks.append(Check(name: "environment", enforced: unexpected.isEmpty,
                            detail: unexpected.isEmpty ? "\(seenKeys.count) variables, all given by squall"
                                                       : "unexpected: \(unexpected.joined(separator: ", "))"))

        checks.append(limitsCheck(pid: pid, limits: policy.limits))

        let mountsShared = contents("/proc/\(pid)/mountinfo") == contents("/proc/self/mountinfo")
        checks.append(Check(name: "mounts", enforced: !mountsShared,
                            detail: mountsShared ? "the host's mount table" : "own mount table"))
        checks.append(accountsCheck(pid: pid))

        checks.append(cgroupCheck(pid: pid, limits: policy.limits))
        return SandboxPosture(pid: pid, checks: checks)
    }

    /// Whether the child is in a cgroup of its own, and the limits that cgroup's files hold.
    static func cgroupCheck(pid: Int32, limits: ResourceLimits) -> Check {
        let own = contents("/proc/\(pid)/cgroup") ?? ""
        guard own != contents("/proc/self/cgroup") else {
            return Check(name: "cgroup", enforced: false, detail: "the supervisor's cgroup (no pids/memory/cpu limits)")
        }
        // Lines "id:controllers:path" (v1) or "0::path" (v2); the squall cgroup holds the limits.
        var found: [String] = []
        for line in own.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, fields[2].contains("/squall/") else { continue }
            // v2 has one hierarchy (no controller list) at /sys/fs/cgroup; v1 one per controller list.
            let controllers = fields[1].split(separator: ",").map(String.init)
            let version: CgroupVersion = controllers.isEmpty ? .v2 : .v1
            let directory = (version == .v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/" + fields[1]) + fields[2]
            for controller in CgroupController.allCases where version == .v2 || controllers.contains(controller.rawValue) {
                let file = CgroupLimitWriter.limitFile(controller, version)
                if let value = contents(directory + "/" + file)?.trimmingCharacters(in: .whitespacesAndNewlines) {
                    found.append("\(controller.rawValue) \(value) (\(file))")
                }
            }
        }
        let wanted = [limits.pids, limits.memoryBytes, limits.cpuPercent].contains { $0 != nil }
        return Check(name: "cgroup", enforced: !found.isEmpty || !wanted,
                     detail: found.isEmpty ? "own cgroup, no limit files found" : "own cgroup: " + found.joined(separator: ", "))
    }

    /// The kernel gives a non-dumpable process's /proc files to root instead of to its own uid.
    static func dumpableCheck(pid: Int32, uid: String) -> Check {
        var info = stat()
        guard stat("/proc/\(pid)/environ", &info) == 0 else {
            return Check(name: "dumpable", enforced: false, detail: "cannot stat /proc/\(pid)/environ")
        }
        guard uid != "0" else {
            return Check(name: "dumpable", enforced: false, detail: "cannot tell: the child runs as root")
        }
        let off = info.st_uid == 0
        return Check(name: "dumpable", enforced: off,
                     detail: off ? "off: its /proc files belong to root" : "on: its /proc files belong to uid \(info.st_uid)")
    }

    /// The child's /etc/passwd (through its root) lists none of the host's accounts.
    static func accountsCheck(pid: Int32) -> Check {
        let names = { (text: String?) in Set((text ?? "").split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) }) }
        guard let theirs = contents("/proc/\(pid)/root/etc/passwd") else {
            return Check(name: "accounts", enforced: true, detail: "no /etc/passwd")
        }
        let hostOnly = names(theirs).subtracting(["root", "nobody", ViewIdentityFiles.userName])
            .intersection(names(contents("/etc/passwd")))
        return Check(name: "accounts", enforced: hostOnly.isEmpty,
                     detail: hostOnly.isEmpty ? "/etc/passwd lists \(names(theirs).sorted().joined(separator: ", "))"
                                              : "the host's /etc/passwd (\(hostOnly.count) host accounts)")
    }

    /// A user namespace whose ids map to neither root nor the supervisor's own uid outside.
    static func idMapsCheck(pid: Int32) -> Check {
        let maps = ["uid_map", "gid_map"].map { name in
            (contents("/proc/\(pid)/\(name)") ?? "").split(separator: "\n").map { $0.split(separator: " ").compactMap { UInt32($0) } }
        }
        let ownNamespace = link("/proc/\(pid)/ns/user") != link("/proc/self/ns/user")
        // Each line: inside, outside, count. Ranges are compared, never enumerated (the host's is 4 billion long).
        let lines: [[UInt32]] = maps.flatMap { $0 }.filter { $0.count == 3 }
        let ranges: [Range<UInt64>] = lines.map { line in
            let start = UInt64(line[1])
            return start..<(start + UInt64(line[2]))
        }
        let supervisor = UInt64(getuid())
        let mapsRoot = ranges.contains { (range: Range<UInt64>) -> Bool in range.contains(0) || range.contains(supervisor) }
        let unprivileged = ownNamespace && !ranges.isEmpty && !mapsRoot
        let shown = zip(["uid", "gid"], maps).map { name, lines in
            "\(name) " + lines.map { $0.map(String.init).joined(separator: " ") }.joined(separator: ", ")
        }.joined(separator: "; ")
        return Check(name: "id_maps", enforced: unprivileged,
                     detail: ownNamespace ? "inside -> outside count: \(shown)" : "the supervisor's user namespace")
    }

    // MARK: - /proc readers

    static func contents(_ path: String) -> String? {
        // /proc files report size 0: read them whole through FileHandle.
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.readToEnd()).map { String(decoding: $0, as: UTF8.self) }
    }

    static func statusFields(pid: Int32) -> [String: String] {
        var fields: [String: String] = [:]
        for line in (contents("/proc/\(pid)/status") ?? "").split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    static func link(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    static func sessionId(pid: Int32) -> Int32? {
        // Fields after the command name (which may contain spaces) start after the last ')'.
        guard let stat = contents("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 3 ? Int32(fields[3]) : nil
    }

    static func openDescriptors(pid: Int32) -> [Int] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).compactMap(Int.init).sorted()
    }

    static func environmentKeys(pid: Int32) -> [String] {
        (contents("/proc/\(pid)/environ") ?? "").split(separator: "\0").compactMap { entry in
            entry.firstIndex(of: "=").map { String(entry[..<$0]) }
        }
    }

    static func limitsCheck(pid: Int32, limits: ResourceLimits) -> Check {
        var soft: [String: String] = [:]
        for line in (contents("/proc/\(pid)/limits") ?? "").split(separator: "\n").dropFirst() {
            let name = String(line.prefix(26)).trimmingCharacters(in: .whitespaces)
            let values = line.dropFirst(26).split(separator: " ", omittingEmptySubsequences: true)
            if let first = values.first { soft[name] = String(first) }
        }
        let expected: [(String, UInt64?)] = [
            ("Max core file size", 0), ("Max open files", limits.openFiles), ("Max file size", limits.fileSizeBytes),
            ("Max address space", limits.addressSpaceBytes), ("Max cpu time", limits.cpuSeconds),
        ]
        var mismatches: [String] = []
        var seen: [String] = []
        for (name, value) in expected {
            guard let value else { continue }
            let actual = soft[name] ?? "?"
            seen.append("\(name.replacingOccurrences(of: "Max ", with: "")) \(actual)")
            if actual != String(value) { mismatches.append("\(name) is \(actual), policy says \(value)") }
        }
        return Check(name: "rlimits", enforced: mismatches.isEmpty,
                     detail: mismatches.isEmpty ? seen.joined(separator: ", ") : mismatches.joined(separator: "; "))
    }
}
