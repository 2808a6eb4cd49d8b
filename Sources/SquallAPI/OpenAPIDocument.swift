import Foundation
import SquallModel
import SquallPacks

/// openapi.yaml (embedded in the binary at build time, so no resource bundle has to be found at
/// run time): served as is at `GET /api/v1/openapi.yaml`, and read once for the request body
/// schemas RequestBodyCheck enforces.
enum OpenAPIDocument {
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The parsed document; a broken document is a build mistake the tests catch, so it reads as empty here.
    static let parsed: JSONValue = (try? YAMLDocument.parse(yaml, file: "openapi.yaml")) ?? .object([:])

    /// Each operation's request body schema with its `$ref`s resolved, by "METHOD /path/{param}"
    /// (Hummingbird's endpoint path for the route).
    static let requestSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        for (path, item) in parsed["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                guard let schema = operation["requestBody"]?["content"]?["application/json"]?["schema"] else { continue }
                schemas["\(method.uppercased()) \(path)"] = resolved(schema)
            }
        }
        return schemas
    }()

    /// `schema` with every `{"$ref": "#/components/..."}` replaced by what it points to (the
    /// document has no cycles; depth is bounded anyway).
    static func resolved(_ schema: JSONValue, depth: Int = 0) -> JSONValue {
        guard depth < 32 else { return schema }
        switch schema {
        case .object(let members):
            if let reference = members["$ref"]?.stringValue, reference.hasPrefix("#/") {
                var target: JSONValue? = parsed
                for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
                return resolved(target ?? .object([:]), depth: depth + 1)
            }
            return .object(members.mapValues { resolved($0, depth: depth + 1) })
        case .array(let items):
            return .array(items.map { resolved($0, depth: depth + 1) })
        default:
            return schema
        }
    }
}
