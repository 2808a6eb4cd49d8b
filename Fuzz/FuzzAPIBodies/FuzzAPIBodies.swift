import CLibFuzzer
import Foundation
import SquallModel
import SquallPacks

// One input: the bytes are an API request body. It goes through what the API does with a body
// before a handler sees it (JSONValue.parse, then RequestBodyCheck's PayloadSchema check against
// each operation's schema in openapi.yaml), and what parses must survive a write and read back equal.
// Linking SquallAPI itself would bring Hummingbird and NIO into the fuzz build; the document is
// read from the source tree instead.

/// The request body schemas of openapi.yaml, `$ref`s resolved (as OpenAPIDocument does).
let schemas: [JSONValue] = {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = repository.appendingPathComponent("Sources/SquallAPI/openapi.yaml").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
          let document = try? YAMLDocument.parse(text, file: "openapi.yaml") else { fatalError("cannot read \(path)") }
    func resolved(_ schema: JSONValue, depth: Int) -> JSONValue {
        guard depth < 32 else { return schema }
        switch schema {
        case .object(let members):
            if let reference = members["$ref"]?.stringValue, reference.hasPrefix("#/") {
                var target: JSONValue? = document
                for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
                return resolved(target ?? .object([:]), depth: depth + 1)
            }
            return .object(members.mapValues { resolved($0, depth: depth + 1) })
        case .array(let items): return .array(items.map { resolved($0, depth: depth + 1) })
        default: return schema
        }
    }
    var found: [JSONValue] = []
    for (_, item) in (document["paths"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
        for (_, operation) in (item.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let schema = operation["requestBody"]?["content"]?["application/json"]?["schema"] { found.append(resolved(schema, depth: 0)) }
        }
    }
    guard !found.isEmpty else { fatalError("no request body schemas in \(path)") }
    return found
}()

func fuzzAPIBody(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let body = UnsafeRawBufferPointer(start: bytes, count: count)
    guard let value = try? JSONParser.parse(body) else { return 0 }
    for pretty in [false, true] {
        let text = value.jsonString(pretty: pretty)
        guard let again = try? JSONValue.parse(text) else { fatalError("\(text) (written from a parsed body) does not parse") }
        if again != value { fatalError("\(text) reads back as \(again)") }
    }
    // Every schema sees every body: they are few, and a body aimed at one route reaches the others' checks too.
    for schema in schemas { _ = PayloadSchema.firstViolation(of: value, against: schema, path: "body") }
    return 0
}

@main enum Main {
    static func main() {
        _ = schemas.count
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzAPIBody))
    }
}
