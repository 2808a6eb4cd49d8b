import Foundation
import SquallModel

/// `squall user import-htpasswd FILE`: the users of an st2 flat_file backend's htpasswd file
/// become squall users with the same (bcrypt) passwords. Run again after editing the file:
/// changed passwords are updated (ending that user's tokens), users not in the file are kept.
extension Engine {
    public struct HtpasswdImport: Sendable {
        public var created: [String] = []
        public var updated: [String] = []
        public var unchanged: [String] = []
        /// The file's refused lines (`HtpasswdFile.warnings`).
        public var warnings: [String] = []
    }

    public func importHtpasswd(_ file: HtpasswdFile) throws -> HtpasswdImport {
        var report = HtpasswdImport(warnings: file.warnings)
        for entry in file.entries {
            if let existing = try store.user(named: entry.user) {
                if existing.passwordHash == entry.passwordHash {
                    report.unchanged.append(entry.user)
                    continue
                }
                try audited("user.password", target: entry.user, detail: { _ in ["source": "htpasswd"] }) {
                    _ = try store.setPasswordHash(entry.passwordHash, forUser: entry.user)
                }
                report.updated.append(entry.user)
            } else {
                try audited("user.create", target: entry.user, detail: { _ in ["admin": false, "source": "htpasswd"] }) {
                    try store.createUser(UserAccount(name: entry.user, passwordHash: entry.passwordHash, isAdmin: false))
                }
                report.created.append(entry.user)
            }
        }
        return report
    }
}
