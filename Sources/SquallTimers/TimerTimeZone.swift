import Foundation
import SquallModel

/// st2 timers take an IANA zone name (`timezone`), UTC when absent.
enum TimerTimeZone {
    static func parse(_ value: JSONValue?) throws -> TimeZone {
        guard let value, !value.isNull else { return TimeZone(identifier: "UTC")! }
        guard let name = value.stringValue, let zone = TimeZone(identifier: name) else {
            throw TimerError(parameter: "timezone", message: "unknown time zone '\(value.stringValue ?? value.jsonString())'")
        }
        return zone
    }
}
