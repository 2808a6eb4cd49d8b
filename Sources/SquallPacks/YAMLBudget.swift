import CYaml
import Foundation

/// Walks a document's libyaml events before Yams composes it, counting what reading it would
/// build: every alias counts as the whole node it names. Yams shares an aliased node while
/// composing, but hashes mapping keys in full and our conversion copies every alias, so the
/// expanded count is what costs memory and time. Stops at the first bound crossed.
enum YAMLBudget {
    /// nil when within `limits`; else why not, in one line. Syntax errors are left to Yams, which
    /// reports them with their position.
    static func problem(_ text: String, limits: YAMLLimits) -> String? {
        var bytes = Array(text.utf8)
        if bytes.count > limits.maxBytes {
            return "is \(bytes.count) bytes, more than the \(limits.maxBytes) allowed (setting yaml_max_bytes)"
        }
        // Most documents cannot cross a bound: walking their events would only double the parse
        // (callgrind: +4.5M instructions, +11%, in `squall run core.noop`).
        if ShallowDocument.withinLimits(bytes, limits: limits) { return nil }
        return walkEvents(&bytes, limits: limits)
    }

    /// The event walk itself, for any document.
    static func walkEvents(_ bytes: inout [UInt8], limits: YAMLLimits) -> String? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return "cannot start the YAML parser" }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        return bytes.withUnsafeMutableBufferPointer { buffer -> String? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var counter = Counter(limits: limits)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nestingProblem(parser) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let problem = counter.count(event) { return problem }
            }
        }
    }

    /// libyaml's own nesting limit (1000) stops it before any event reaches the counter; other
    /// syntax errors are left to Yams.
    private static func nestingProblem(_ parser: yaml_parser_t) -> String? {
        guard let problem = parser.problem, String(cString: problem).hasPrefix("Maximum nesting level") else { return nil }
        return "nests collections more than 1000 deep (libyaml's limit; line \(parser.problem_mark.line + 1))"
    }

    /// The expanded node count so far; each open collection's count at its start, so that an
    /// anchored collection's size is known at its end.
    private struct Counter {
        let limits: YAMLLimits
        var expanded = 0
        var open: [(start: Int, anchor: String?)] = []
        var anchored: [String: Int] = [:]

        mutating func count(_ event: yaml_event_t) -> String? {
            switch event.type {
            case YAML_SCALAR_EVENT:
                expanded += 1
                if let anchor = name(event.data.scalar.anchor) { anchored[anchor] = 1 }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = name(event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor)
                open.append((expanded, anchor))
                expanded += 1
                if open.count > limits.maxDepth {
                    return "nests collections more than \(limits.maxDepth) deep (line \(event.start_mark.line + 1); setting yaml_max_depth)"
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let (start, anchor) = open.popLast(), let anchor { anchored[anchor] = expanded - start }
            case YAML_ALIAS_EVENT:
                // An undefined alias is Yams' error to report; anchored sizes are each at most maxNodes.
                expanded += name(event.data.alias.anchor).flatMap { anchored[$0] } ?? 1
            default:
                break
            }
            if expanded > limits.maxNodes {
                return "expands to more than \(limits.maxNodes) nodes (aliases counted in full; line \(event.start_mark.line + 1); setting yaml_max_nodes)"
            }
            return nil
        }

        private func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            anchor.map { String(cString: $0) }
        }
    }
}
