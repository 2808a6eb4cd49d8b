import SquallCommandLine
import ArgumentParser
import Foundation
import SquallEngine
import SquallModel

/// `squall inquiry list|get|respond` (st2's `st2 inquiry`): the questions core.ask asks, and
/// their answers. A workflow paused on one goes on in a background `execution work` process.
struct InquiryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inquiry", abstract: "Inquiries (core.ask) waiting for an answer.", subcommands: [List.self, Get.self, Respond.self])

    static func continuation(_ engine: Engine) throws -> WorkflowContinuation {
        .worker(try BackgroundWorker.command(settings: engine.settings))
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List open inquiries, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("n"), .long], help: "How many.") var limit = 50
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            guard limit > 0 else { throw CLIError.badInput("--limit must be at least 1") }
            let engine = try global.engine()
            let page = try reportingErrors { try engine.inquiries(limit: limit, continuing: try InquiryCommand.continuation(engine)) }
            if json {
                say(JSONValue.array(page.items.map(\.document)).jsonString(pretty: true))
                return
            }
            var table = TextTable(["id", "roles", "users", "route", "ttl"])
            for inquiry in page.items {
                table.add([inquiry.id, JSONValue.array(inquiry.roles).jsonString(), inquiry.users.joined(separator: ", "),
                           inquiry.route, String(inquiry.ttl)])
            }
            table.print()
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show an inquiry: its schema, status and any response.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let inquiry = try reportingErrors { try engine.inquiry(id: id, continuing: try InquiryCommand.continuation(engine)) }
            var document = inquiry.document.objectValue ?? [:]
            document["status"] = .string(inquiry.status.rawValue)
            if let response = inquiry.response { document["response"] = response }
            if json {
                say(JSONValue.object(document).jsonString(pretty: true))
                return
            }
            for name in ["id", "status", "roles", "users", "route", "ttl", "schema", "response"] {
                guard let value = document[name] else { continue }
                say("\(name): \(value.stringValue ?? value.jsonString())")
            }
        }
    }

    struct Respond: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "respond", abstract: "Answer an inquiry with a JSON object that fits its schema.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Argument(help: "The response, a JSON object, e.g. '{\"continue\": true}'.") var response: String

        func run() throws {
            guard let answer = try? JSONValue.parse(response), answer.objectValue != nil else {
                throw CLIError.badInput("response: must be a JSON object (got \(response.prefix(60)))")
            }
            let engine = try global.engine()
            try reportingErrors {
                try engine.respond(id: id, response: answer, requester: nil, continuing: try InquiryCommand.continuation(engine))
            }
            say("Response accepted for inquiry \(id).")
        }
    }
}
