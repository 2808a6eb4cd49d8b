import Foundation
import SquallEngine
import SquallModel
import SquallPackManager

/// What `pack get`/`list --json` add for a pack installed by `pack install`: its credential-free
/// source, the commit and revision installed, and when.
enum PackInstallPresentation {
    static func adding(to value: JSONValue, pack: Pack, settings: Settings) -> JSONValue {
        guard case .object(var object) = value else { return value }
        let layout = PackManagerLayout(dataDirectory: settings.dataDirectory)
        let installedHere = (pack.path as NSString).standardizingPath == (layout.packDirectory(pack.ref) as NSString).standardizingPath
        if installedHere, let record = InstallRecord.read(file: layout.recordFile(pack.ref)) {
            object["source"] = .string(record.source)
            object["installed_commit"] = record.commit.map(JSONValue.string) ?? .null
            object["requested_revision"] = record.requestedRevision.map(JSONValue.string) ?? .null
            object["installed_at"] = .string(record.installedAt)
        } else if pack.path.hasPrefix(settings.bundledPacksDirectory + "/") {
            object["source"] = .string("bundled")
        }
        return .object(object)
    }
}
