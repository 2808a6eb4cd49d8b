import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallPackManager

extension PackCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove",
            abstract: "Remove installed packs: directory, virtualenv and install record (the config is kept).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Pack refs.") var packs: [String]

        func run() throws {
            let settings = try global.settings()
            let remover = PackRemover(layout: PackManagerLayout(dataDirectory: settings.dataDirectory),
                                      bundledPacksDirectory: settings.bundledPacksDirectory)
            // A running server lets go of what was removed (its sensors stop, its rules go).
            defer { Server.requestReload(.packs, dataDirectory: settings.dataDirectory) }
            for pack in packs {
                do {
                    try global.audited(settings, "pack.remove", target: pack) { try remover.remove(pack) { line in say(line) } }
                } catch let error as PackManagerError {
                    throw CLIError.badInput(error.description)
                } catch {
                    throw CLIError.from(error)
                }
            }
        }
    }
}
