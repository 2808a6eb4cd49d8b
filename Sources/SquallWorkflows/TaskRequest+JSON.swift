import SquallModel

extension TaskRequest {
    /// The request as JSON, in the shape of its `Codable` form (a state saved before parts reads
    /// the same), built directly: the encoder's round trip cost a runner more than the task.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["id": .int(id), "taskName": .string(taskName), "route": .int(route),
                                           "action": .string(action), "input": .object(input), "delaySeconds": .double(delaySeconds)]
        if let itemID { object["itemID"] = .int(itemID) }
        return .object(object)
    }

    /// A request from `json` (see `json`); nil when a field is missing or of the wrong type.
    public init?(json: JSONValue) {
        guard let id = json["id"]?.intValue, let taskName = json["taskName"]?.stringValue, let route = json["route"]?.intValue,
              let action = json["action"]?.stringValue, let input = json["input"]?.objectValue,
              let delaySeconds = json["delaySeconds"]?.doubleValue else { return nil }
        let itemID = json["itemID"]
        if let itemID, !itemID.isNull, itemID.intValue == nil { return nil }
        self.init(id: id, taskName: taskName, route: route, itemID: itemID?.intValue, action: action, input: input, delaySeconds: delaySeconds)
    }
}
