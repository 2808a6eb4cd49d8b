import ArgumentParser
import Foundation
import SquallRunners

/// Parses and runs a root command, the same way for `squall` and `squall-server`.
/// Exit codes: 0 success, 1 an execution completed without succeeding, 2 bad input.
public func runCommandLine<Root: ParsableCommand>(_ root: Root.Type) -> Never {
    do {
        var command = try Root.parseAsRoot()
        try command.run()
        ProgressDisplay.standardError.finish()
        exit(0)
    } catch let error as ExitCode {
        ProgressDisplay.standardError.finish()
        exit(error.rawValue)
    } catch let error as CLIError {
        ProgressDisplay.standardError.finish()
        FileHandle.standardError.write(Data(("error: " + error.message + "\n").utf8))
        exit(error.code)
    } catch {
        let code = Root.exitCode(for: error)
        if code == .success {
            Root.exit(withError: error)
        }
        // Usage mistakes are bad input, like a bad parameter.
        FileHandle.standardError.write(Data(("error: " + Root.message(for: error) + "\n").utf8))
        exit(2)
    }
}
