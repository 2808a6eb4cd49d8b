import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine

extension UserCommand {
    /// st2's flat_file auth backend reads an Apache htpasswd file; an operator moving to squall
    /// imports it once (and again after editing it). Only bcrypt entries (`htpasswd -B`) are
    /// imported; each other line gets a one-line warning naming it.
    struct ImportHtpasswd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-htpasswd",
            abstract: "Create or update users from an Apache htpasswd file (bcrypt entries, as written by htpasswd -B).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The htpasswd file (st2's flat_file backend file_path).") var file: String

        func run() throws {
            let htpasswd = try reportingErrors { try HtpasswdFile(path: file) }
            let engine = try global.engine(credentials: .standard)
            let report = try reportingErrors { try engine.importHtpasswd(htpasswd) }
            report.warnings.forEach { FileHandle.standardError.write(Data(("warning: " + $0 + "\n").utf8)) }
            report.created.forEach { say("user \($0) created") }
            report.updated.forEach { say("password of \($0) changed") }
            report.unchanged.forEach { say("user \($0) unchanged") }
        }
    }
}
