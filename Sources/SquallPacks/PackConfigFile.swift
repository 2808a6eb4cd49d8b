import Foundation
import SquallModel

/// `<configs-dir>/<pack>.yaml` as `squall pack config` edits it: read what is stored, merge new
/// values in, validate the whole against the pack's schema, and replace the file atomically (0600).
public struct PackConfigFile {
    public let pack: Pack
    public let schema: ConfigSchema?
    public let path: String
    public static let mask: JSONValue = "********"

    public init(pack: Pack, configsDirectory: String) throws {
        self.pack = pack
        schema = try ConfigSchema.load(packDirectory: pack.path)
        path = PackConfigLoader.configFile(pack: pack.ref, configsDirectory: configsDirectory)
    }

    /// The file's values as written (defaults not filled in); empty when there is no file yet.
    public func stored() throws -> [String: JSONValue] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        return try Self.mapping(try YAMLDocument.load(file: path), file: path)
    }

    /// Values from a YAML file given with `--from-file`.
    public static func values(fromFile file: String) throws -> [String: JSONValue] {
        try mapping(try YAMLDocument.load(file: file), file: file)
    }

    private static func mapping(_ value: JSONValue, file: String) throws -> [String: JSONValue] {
        switch value {
        case .null: return [:]
        case .object(let object): return object
        default: throw PackError(file: file, message: "must be a YAML mapping of config keys")
        }
    }

    /// Applies one `key=value` (dotted keys reach into nested objects), cast by the key's schema type.
    public func assign(_ assignment: String, to config: inout [String: JSONValue]) throws {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ConfigInputError(key: assignment, message: "--set needs key=value")
        }
        let key = String(assignment[..<equals])
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else { throw ConfigInputError(key: key, message: "is not a valid key") }
        let value = try ConfigValueCasting.cast(String(assignment[assignment.index(after: equals)...]),
                                                schema: schema?.schema(forKey: key), key: key)
        try Self.set(value, at: parts[...], in: &config, key: key)
    }

    static func set(_ value: JSONValue, at parts: ArraySlice<String>, in object: inout [String: JSONValue], key: String) throws {
        let head = parts.first!
        if parts.count == 1 { object[head] = value; return }
        var inner: [String: JSONValue]
        switch object[head] {
        case nil, .null?: inner = [:]
        case .object(let existing)?: inner = existing
        default: throw ConfigInputError(key: key, message: "'\(head)' holds a value that is not an object")
        }
        try set(value, at: parts.dropFirst(), in: &inner, key: key)
        object[head] = .object(inner)
    }

    /// Dotted keys of `config` that the schema does not describe (none when the pack has no schema).
    public func unknownKeys(_ config: [String: JSONValue]) -> [String] {
        guard let schema else { return [] }
        var unknown: [String] = []
        func walk(_ object: [String: JSONValue], prefix: String) {
            for key in object.keys.sorted() {
                let dotted = prefix + key
                guard let keySchema = schema.schema(forKey: dotted) else { unknown.append(dotted); continue }
                if keySchema["properties"] != nil, case .object(let inner)? = object[key] { walk(inner, prefix: dotted + ".") }
            }
        }
        walk(config, prefix: "")
        return unknown
    }

    /// `overlay` over `base`: nested objects are merged key by key, anything else is replaced.
    public static func merge(_ base: [String: JSONValue], _ overlay: [String: JSONValue]) -> [String: JSONValue] {
        var result = base
        for (key, value) in overlay {
            if case .object(let inner)? = base[key], case .object(let newer) = value {
                result[key] = .object(merge(inner, newer))
            } else {
                result[key] = value
            }
        }
        return result
    }

    /// Validates the whole config (naming the file and key on failure) and writes it: a temporary
    /// file beside it (0600 from the start, flushed) renamed over the old one, so readers see
    /// either the old file or the new one and a failure changes nothing.
    public func save(_ config: [String: JSONValue]) throws {
        if let schema { _ = try schema.validate(.object(config), configFile: path) }
        let text = try yaml(config)
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let temporary = directory + "/.\(pack.ref).yaml.tmp-\(getpid())"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PackError(file: path, message: "cannot be written: \(String(cString: strerror(errno)))") }
        var bytes = Array(text.utf8)[...]
        var failure: Int32 = 0
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue }; failure = errno; break }
            bytes = bytes.dropFirst(written)
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw PackError(file: path, message: "cannot be written: \(String(cString: strerror(failure)))")
        }
    }

    /// The config as YAML, keys in the schema's order (unknown keys after, sorted).
    public func yaml(_ config: [String: JSONValue]) throws -> String {
        try YAMLDocument.serialize(.object(config)) { object, path in
            schema?.orderedKeys(object, path: path) ?? object.keys.sorted()
        }
    }

    /// `config` with every secret key's value replaced by `********`.
    public func masked(_ config: JSONValue) -> JSONValue {
        guard case .object(var object) = config, let schema else { return config }
        for secret in schema.secretPaths {
            Self.mask(secret.split(separator: ".").map(String.init)[...], in: &object)
        }
        return .object(object)
    }

    private static func mask(_ parts: ArraySlice<String>, in object: inout [String: JSONValue]) {
        guard let head = parts.first, let value = object[head] else { return }
        if parts.count == 1 {
            if !value.isNull { object[head] = mask }
        } else if case .object(var inner) = value {
            mask(parts.dropFirst(), in: &inner)
            object[head] = .object(inner)
        }
    }
}
