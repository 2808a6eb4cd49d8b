import Foundation
import SquallModel

/// Reads `<pack>/pack.yaml` with st2's rules: required fields, ref derivation, version normalisation.
public enum PackMetadataReader {
    /// `^[a-z0-9_]+$`, checked by hand: Swift Regex costs far more at every CLI start-up.
    static func isValidRef(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

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
            guard let ref = explicit.stringValue, isValidRef(ref) else {
                throw PackError(file: file, field: "ref", message: "must match ^[a-z0-9_]+$")
            }
            return ref
        }
        if isValidRef(name) { return name }
        let directoryName = (directory as NSString).lastPathComponent
        if isValidRef(directoryName) { return directoryName }
        throw PackError(file: file, field: "ref", message: "is missing and neither the name '\(name)' nor the directory name is a valid ref (^[a-z0-9_]+$)")
    }

    /// Versions must be semver; "0.1" (often written as a YAML number) becomes "0.1.0" as in st2.
    static func normalizedVersion(_ version: String, file: String) throws -> String {
        var text = version
        if text.split(separator: ".").count == 2 { text += ".0" }
        guard isSemanticVersion(text) else {
            throw PackError(file: file, field: "version", message: "'\(version)' is not a semantic version (X.Y.Z)")
        }
        return text
    }

    /// X.Y.Z without leading zeros, optionally followed by -prerelease and/or +build.
    static func isSemanticVersion(_ text: String) -> Bool {
        var core = Substring(text)
        if let plus = core.firstIndex(of: "+") {
            guard isIdentifierList(core[core.index(after: plus)...]) else { return false }
            core = core[..<plus]
        }
        if let dash = core.firstIndex(of: "-") {
            guard isIdentifierList(core[core.index(after: dash)...]) else { return false }
            core = core[..<dash]
        }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        return numbers.count == 3 && numbers.allSatisfy { number in
            !number.isEmpty && number.allSatisfy(\.isASCIIDigit) && (number == "0" || number.first != "0")
        }
    }

    private static func isIdentifierList(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCIIDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "." || $0 == "-" }
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

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
