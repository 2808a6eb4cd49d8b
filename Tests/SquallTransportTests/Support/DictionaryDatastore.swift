import Foundation
import SquallModel
import SquallTransport

/// Answers a child's datastore requests from an in-memory dictionary, recording every request.
final class DictionaryDatastore {
    var values: [String: String]
    private(set) var requests: [(op: String, args: [String: JSONValue])] = []

    init(_ values: [String: String] = [:]) { self.values = values }

    func answer(id: Int, op: String, args: [String: JSONValue]) -> SupervisorMessage {
        requests.append((op, args))
        let name = args["name"]?.stringValue
        switch op {
        case "get_value":
            guard let name, let value = values[name] else { return .datastoreFailure(id: id, error: "key not found") }
            return .datastoreSuccess(id: id, value: .string(value))
        case "set_value":
            guard let name, let value = args["value"]?.stringValue else { return .datastoreFailure(id: id, error: "bad request") }
            values[name] = value
            return .datastoreSuccess(id: id, value: true)
        case "delete_value":
            guard let name, values.removeValue(forKey: name) != nil else { return .datastoreFailure(id: id, error: "key not found") }
            return .datastoreSuccess(id: id, value: true)
        case "list_values":
            let prefix = args["prefix"]?.stringValue ?? ""
            let items = values.keys.sorted().filter { $0.hasPrefix(prefix) }.map { name -> JSONValue in
                ["name": .string(name), "value": .string(values[name]!), "scope": "system", "secret": false]
            }
            return .datastoreSuccess(id: id, value: .array(items))
        default:
            return .datastoreFailure(id: id, error: "unknown operation \(op)")
        }
    }
}
