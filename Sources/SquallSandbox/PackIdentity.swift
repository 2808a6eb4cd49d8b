/// Per-pack identities: every pack's children run as their own unprivileged uid/gid outside, so
/// one pack's children cannot signal, trace or read the files of another's (or the supervisor's).
///
/// The id is `200000 + FNV-1a(pack ref) mod 65536`: stable across restarts and machines without any
/// stored state, above the usual 100000-165535 subordinate-id ranges. Two packs can collide (about
/// 1 in 65536 per pair); `collisions(among:)` lets start-up say so. Inside the child's user namespace
/// every pack is uid/gid 1000 (`inside`), never root.
public enum PackIdentity {
    public static let base: UInt32 = 200_000
    public static let inside: UInt32 = 1000

    /// Whether children get their pack's own uid under `policy`: only inside their own filesystem
    /// view (user and mount namespaces). Without it the child would need the host's permissions on
    /// the data dir (often 0700 under a home directory) to reach its venv.
    public static func applies(under policy: SandboxPolicy) -> Bool {
        policy.namespaces.contains(.user) && policy.namespaces.contains(.mount)
    }

    public static func forPack(_ ref: String) -> ProcessIdentity {
        let id = base + fnv1a(ref) % 65536
        return ProcessIdentity(uid: id, gid: id)
    }

    /// Groups of pack refs that would share an identity (empty when all differ).
    public static func collisions(among refs: [String]) -> [[String]] {
        Dictionary(grouping: Set(refs), by: { forPack($0).uid }).values.filter { $0.count > 1 }.map { $0.sorted() }
    }

    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}
