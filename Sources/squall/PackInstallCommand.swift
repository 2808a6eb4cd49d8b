import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallPackManager
import SquallRunners
import SquallSandbox

extension PackCommand {
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "install",
            abstract: "Install or upgrade packs from git URLs or directories, with their dependencies.",
            discussion: """
            A ref is a pack name (looked up in the pack index: index_url), a git URL (https, ssh, file://) \
            or a directory (a git working tree installs its latest commit, without uncommitted changes; a \
            plain directory is copied), optionally followed by \
            =<version|tag|branch|commit>. The default is the highest release tag (vX.Y.Z or X.Y.Z), else the \
            default branch. Packs go to <data-dir>/packs/<ref>; a failed install changes nothing.
            """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var index: IndexOptions
        @Argument(help: "<name|git-url|directory>[=<version|tag|branch|commit>]") var refs: [String]
        @Flag(name: .customLong("skip-dependencies"), help: "Do not install the packs named in pack.yaml's dependencies.")
        var skipDependencies = false
        @Option(name: .customLong("ssh-key"), help: "Private key for ssh:// and user@host:path URLs.")
        var sshKey: String?
        @Flag(name: [.customShort("j"), .long], help: "Print the install records as JSON.") var json = false

        func run() throws {
            let settings = try global.settings(indexURL: index.indexURL)
            var installer = PackInstaller(layout: PackManagerLayout(dataDirectory: settings.dataDirectory), python: settings.python,
                                          sshKeyPath: sshKey.map(Self.absolute), skipDependencies: skipDependencies,
                                          bundledPacksDirectory: settings.bundledPacksDirectory)
            installer.indexURLs = settings.indexURLs
            installer.pythonOverrides = settings.packPythons
            installer.packPolicies = PackPolicyResolver(builtinPath: settings.sandboxPolicyPath, dataDirectory: settings.dataDirectory)
            installer.st2Layer = settings.st2RuntimeLayer
            let records: [InstallRecord]
            do {
                records = try global.audited(settings, "pack.install", target: refs.joined(separator: ",")) {
                    try installer.install(refs) { line in ProgressDisplay.standardError.show(line) }
                }
            } catch let error as PackManagerError {
                // The whole text: a virtualenv failure carries pip's last lines.
                throw CLIError(message: error.description, code: error.step == .parse ? 2 : 1)
            } catch {
                throw CLIError.from(error)
            }
            // st2 registers what it installs: a running server takes the packs in.
            Server.requestReload(.packs, dataDirectory: settings.dataDirectory)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                say(String(decoding: try encoder.encode(records), as: UTF8.self))
                return
            }
            for record in records {
                let commit = record.commit.map { " commit \($0.prefix(12))" } ?? ""
                say("installed \(record.pack) \(record.version)\(commit) from \(record.source)")
            }
        }

        static func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }
    }
}
