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

    /// Every config problem of the pack, one line each naming the file and key, for `pack get` and
    /// `pack register`: a config file that does not fit the schema, required keys no config file
    /// provides (st2 runs the action anyway: it fails when it reads one), defaults of the wrong type.
    public static func problems(pack: Pack, configsDirectory: String) -> [String] {
        let file = configFile(pack: pack.ref, configsDirectory: configsDirectory)
        var lines: [String] = []
        do {
            _ = try load(pack: pack, configsDirectory: configsDirectory)
        } catch {
            lines.append("\(error)")
        }
        guard let schema = try? ConfigSchema.load(packDirectory: pack.path) else { return lines }
        if !FileManager.default.fileExists(atPath: file) {
            lines += schema.requiredKeysWithoutDefault.map {
                PackError(file: file, field: $0, message: "is required by the pack's config.schema.yaml and there is no config file: an action reading it fails").description
            }
        }
        return lines + schema.warnings
    }
}
