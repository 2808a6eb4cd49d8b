import Foundation
import SquallModel
import SquallPacks

/// Checks a fetched pack the way loading will read it, strictly: pack.yaml, every action's
/// metadata and the config schema must all be valid, or the pack is refused.
enum PackValidator {
    static func validate(packDirectory: String) throws -> Pack {
        let pack = try PackMetadataReader.read(packDirectory: packDirectory)
        let actions = packDirectory + "/actions"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: actions)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var names: [String: String] = [:]
        for file in files.map({ actions + "/" + $0 }) {
            let action = try ActionMetadataReader.read(file: file, pack: pack)
            if let other = names[action.name] {
                throw PackError(file: file, field: "name", message: "action '\(action.name)' is already defined in \(other)")
            }
            names[action.name] = file
        }
        _ = try ConfigSchema.load(packDirectory: packDirectory)
        return pack
    }
}
