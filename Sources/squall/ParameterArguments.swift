import SquallCommandLine
import SquallModel

/// Parses `k=v` words from the command line; values stay text and are cast by the engine.
enum ParameterArguments {
    static func parse(_ words: [String]) throws -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw CLIError.badInput("'\(word)' is not a parameter: use name=value")
            }
            let name = String(word[..<equals])
            guard values[name] == nil else { throw CLIError.badInput("parameter '\(name)' is given twice") }
            values[name] = .string(String(word[word.index(after: equals)...]))
        }
        return values
    }
}
