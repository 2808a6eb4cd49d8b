import SquallModel
import SquallPython

/// Python's `seq[start:stop:step]` for lists and strings.
enum Slicing {
    static func slice(_ value: JSONValue, start: Int?, stop: Int?, step: Int?) throws -> JSONValue {
        switch value {
        case .array(let items):
            return .array(try indices(count: items.count, start: start, stop: stop, step: step).map { items[$0] })
        case .string(let s):
            let scalars = Array(s.unicodeScalars)
            var out = String.UnicodeScalarView()
            for i in try indices(count: scalars.count, start: start, stop: stop, step: step) { out.append(scalars[i]) }
            return .string(String(out))
        default:
            throw TemplateError("'\(Python.typeName(value))' object is not subscriptable")
        }
    }

    static func indices(count: Int, start: Int?, stop: Int?, step: Int?) throws -> [Int] {
        let step = step ?? 1
        guard step != 0 else { throw TemplateError("slice step cannot be zero") }
        func clamp(_ raw: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
            guard var index = raw else { return fallback }
            if index < 0 { index += count }
            return min(max(index, low), high)
        }
        var result: [Int] = []
        if step > 0 {
            var i = clamp(start, 0, low: 0, high: count)
            let end = clamp(stop, count, low: 0, high: count)
            while i < end { result.append(i); i += step }
        } else {
            var i = clamp(start, count - 1, low: -1, high: count - 1)
            let end = clamp(stop, -1, low: -1, high: count - 1)
            while i > end { result.append(i); i += step }
        }
        return result
    }
}
