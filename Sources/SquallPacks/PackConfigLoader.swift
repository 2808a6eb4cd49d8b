import Foundation
import SquallModel

/// Loads `<configs-dir>/<pack>.yaml` and validates it against the pack's schema.
public enum PackConfigLoader {
    public static func configFile(pack: String, configsDirectory: String) -> String {
        configsDirectory + "/" + pack + ".yaml"
    }

    /// The pack's config with defaults filled in; an empty object when the pack has neither schema nor config.
    public static func load(pack: Pack, configsDirectory: String) throws -> JSONValue {
        let file = configFile(pack: pack.ref, configsDirectory: configsDirectory)
        var content: JSONValue? = nil
        if FileManager.default.fileExists(atPath: file) {
            content = try YAMLDocument.load(file: file)
        }
        guard let schema = try ConfigSchema.load(packDirectory: pack.path) else {
            switch content {
            case nil, .null?: return .object([:])
            case .object?: return content!
            default: throw PackError(file: file, message: "must be a YAML mapping")
            }
        }
        return try schema.validate(content, configFile: file)
    }
}
