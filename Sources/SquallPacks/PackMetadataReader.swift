import Foundation
import SquallModel

/// Reads `<pack>/pack.yaml` with st2's rules: required fields, ref derivation, version normalisation.
public enum PackMetadataReader {
    static var refPattern: Regex<Substring> { /^[a-z0-9_]+$/ }

    public static func read(packDirectory: String) throws -> Pack {
        let file = packDirectory + "/pack.yaml"
        guard FileManager.default.fileExists(atPath: file) else {
            throw PackError(file: file, message: "is missing")
        }
        guard let object = try YAMLDocument.load(file: file).objectValue else {
            throw PackError(file: file, message: "must be a YAML mapping")
        }
        func requiredString(_ key: String) throws -> String {
            guard let value = object[key], !value.isNull else {
                throw PackError(file: file, field: key, message: "is required")
            }
            switch value {
            case .string(let s) where !s.isEmpty: return s
            case .int(let i): return String(i)
            case .double(let d): return String(d)
            default: throw PackError(file: file, field: key, message: "must be a non-empty string")
            }
        }
        let name = try requiredString("name")
        let description = try requiredString("description")
        let version = try normalizedVersion(try requiredString("version"), file: file)
        let author = try requiredString("author")
        let ref = try packRef(object: object, name: name, directory: packDirectory, file: file)
        return Pack(ref: ref, name: name, description: description, version: version, author: author,
                    email: object["email"]?.stringValue,
                    keywords: try stringList(object["keywords"], file: file, field: "keywords"),
                    dependencies: try stringList(object["dependencies"], file: file, field: "dependencies"),
                    pythonVersions: try stringList(object["python_versions"], file: file, field: "python_versions"),
                    path: packDirectory)
    }

    /// st2: an explicit `ref`, else the name when it is a valid ref, else the directory name.
    static func packRef(object: [String: JSONValue], name: String, directory: String, file: String) throws -> String {
        if let explicit = object["ref"], !explicit.isNull {
            guard let ref = explicit.stringValue, ref.wholeMatch(of: refPattern) != nil else {
                throw PackError(file: file, field: "ref", message: "must match ^[a-z0-9_]+$")
            }
            return ref
        }
        if name.wholeMatch(of: refPattern) != nil { return name }
        let directoryName = (directory as NSString).lastPathComponent
        if directoryName.wholeMatch(of: refPattern) != nil { return directoryName }
        throw PackError(file: file, field: "ref", message: "is missing and neither the name '\(name)' nor the directory name is a valid ref (^[a-z0-9_]+$)")
    }

    /// Versions must be semver; "0.1" (often written as a YAML number) becomes "0.1.0" as in st2.
    static func normalizedVersion(_ version: String, file: String) throws -> String {
        var text = version
        if text.split(separator: ".").count == 2 { text += ".0" }
        let semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/
        guard text.wholeMatch(of: semver) != nil else {
            throw PackError(file: file, field: "version", message: "'\(version)' is not a semantic version (X.Y.Z)")
        }
        return text
    }

    static func stringList(_ value: JSONValue?, file: String, field: String) throws -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let list = value.arrayValue else {
            throw PackError(file: file, field: field, message: "must be a list")
        }
        return try list.map { item in
            switch item {
            case .string(let s): return s
            case .int(let i): return String(i)
            case .double(let d): return String(d)
            default: throw PackError(file: file, field: field, message: "must be a list of strings")
            }
        }
    }
}
