import ArgumentParser
import Foundation
import SquallCommandLine
import SquallModel
import SquallPackManager

/// `--index-url` for the commands that read the pack index.
struct IndexOptions: ParsableArguments {
    @Option(name: .customLong("index-url"),
            help: "Comma-separated pack indexes (http(s) URLs, file:// URLs or absolute paths), first has priority (env SQUALL_INDEX_URL).")
    var indexURL: String?

    /// Reads every configured index; warns on stderr about those that failed, and fails when none could be read.
    func load(_ global: GlobalOptions) throws -> PackIndex {
        let settings = try global.settings(indexURL: indexURL)
        guard !settings.indexURLs.isEmpty else { throw CLIError.badInput("no pack index is configured (index_url is empty)") }
        let index = PackIndex.load(settings.indexURLs)
        guard index.reachable else {
            throw CLIError(message: "\(index.describedIndexes) could not be read: \(index.failureSummary)", code: 1)
        }
        for failed in index.failures {
            FileHandle.standardError.write(Data("warning: index \(failed.url) could not be read: \(failed.error!)\n".utf8))
        }
        return index
    }
}

extension PackCommand {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "search",
            abstract: "Search the pack index by name, keywords, description and author (case-insensitive).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var index: IndexOptions
        @Argument var query: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            guard !query.isEmpty else { throw CLIError.badInput("give a search query") }
            let matches = try index.load(global).search(query)
            if json { say(JSONValue.array(matches.map(IndexPresentation.json)).jsonString(pretty: true)); return }
            if matches.isEmpty { FileHandle.standardError.write(Data("no pack in the index matches '\(query)'\n".utf8)) }
            guard !matches.isEmpty else { return }
            var table = TextTable(["name", "version", "description"])
            for entry in matches {
                table.add([entry.name, entry.fields["version"]?.stringValue ?? "", entry.fields["description"]?.stringValue ?? ""])
            }
            table.print()
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a pack's index entry (exact name), all fields.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var index: IndexOptions
        @Argument var name: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let loaded = try index.load(global)
            guard let entry = loaded.entry(named: name) else {
                throw CLIError.badInput("no pack named '\(name)' in the \(loaded.describedIndexes)")
            }
            let value = IndexPresentation.json(entry)
            if json { say(value.jsonString(pretty: true)); return }
            for key in value.objectValue!.keys.sorted() {
                let item = value[key]!
                say("\(key): \(item.stringValue ?? item.jsonString())")
            }
        }
    }

    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "index", abstract: "The pack indexes.", subcommands: [Health.self])

        struct Health: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "health",
                abstract: "Read every configured index and report its state (exit 1 when any cannot be read).")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var index: IndexOptions
            @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

            func run() throws {
                let settings = try global.settings(indexURL: index.indexURL)
                let states = PackIndex.load(settings.indexURLs).states
                if json {
                    say(JSONValue.array(states.map(IndexPresentation.json)).jsonString(pretty: true))
                } else {
                    if states.isEmpty { say("no pack index is configured (index_url is empty)") }
                    for state in states {
                        let verdict = state.error.map { "error: \($0)" } ?? "ok, \(state.packCount) packs"
                        say("\(state.url)  \(verdict)  (\(String(format: "%.3f", state.fetchSeconds)) s)")
                    }
                }
                if states.contains(where: { !$0.ok }) { throw ExitCode(1) }
            }
        }
    }
}

enum IndexPresentation {
    /// The entry as the index publishes it, plus the index it came from.
    static func json(_ entry: PackIndex.Entry) -> JSONValue {
        var fields = entry.fields
        fields["index"] = .string(entry.index)
        return .object(fields)
    }

    static func json(_ state: PackIndex.State) -> JSONValue {
        ["url": .string(state.url), "ok": .bool(state.ok), "error": state.error.map(JSONValue.string) ?? .null,
         "packs": .int(state.packCount), "malformed_entries": .int(state.malformedEntries),
         "fetch_seconds": .double((state.fetchSeconds * 1000).rounded() / 1000)]
    }
}
