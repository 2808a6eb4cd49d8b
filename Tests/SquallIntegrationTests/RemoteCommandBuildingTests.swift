import Foundation
@testable import SquallRunners
import XCTest

/// The parts of the remote runners that need no server: host lists and command lines.
final class RemoteCommandBuildingTests: XCTestCase {
    func testHostListsAsSt2WritesThem() throws {
        let hosts = try RemoteHost.parse(" a.example, b:2222,[::1]:2200, fe80::1 ,,[::2]", defaultPort: 2022)
        XCTAssertEqual(hosts, [RemoteHost(name: "a.example", port: 2022), RemoteHost(name: "b", port: 2222),
                               RemoteHost(name: "::1", port: 2200), RemoteHost(name: "fe80::1", port: 2022),
                               RemoteHost(name: "::2", port: 2022)])
        XCTAssertEqual(try RemoteHost.parse("h:22,h:2222,g", defaultPort: nil).resultKeys, ["h:22", "h:2222", "g"],
                       "a name listed twice is told apart by its port")
        for bad in ["h:0", "h:70000", "[::1", "user@h", "h\n", "-h"] {
            XCTAssertThrowsError(try RemoteHost.parse(bad, defaultPort: nil), bad)
        }
    }

    func testTheSudoPasswordTravelsOnStandardInputOnly() {
        let command = RemoteCommand.build(.shell("id"), environment: ["B": "2", "A": "it's", "1bad": "x"], cwd: "/srv/a b",
                                          sudo: true, sudoPassword: "pw'; rm -rf /")
        XCTAssertFalse(command.command.contains("pw'"), command.command)
        XCTAssertEqual(command.standardInput, Data("pw'; rm -rf /\n".utf8))
        let prefix = "IFS= read -r squall_sudo_password && printf '%s\\n' \"$squall_sudo_password\" | sudo -S -p '' -E -- bash -c "
        XCTAssertTrue(command.command.hasPrefix(prefix), command.command)
        // What bash -c receives, as a POSIX shell reads the quoted word.
        XCTAssertEqual(try shellWord(String(command.command.dropFirst(prefix.count))),
                       "export A='it'\"'\"'s' B=2 && cd -- '/srv/a b' && id", "1bad is no shell name: left out")
    }

    func testTheAPITokenIsReadFirstFromStandardInputBeforeThePasswordAndTheScript() {
        let script = RemoteCommand.Work.script(contents: Data("echo hi\n".utf8), directory: "/tmp/x", name: "s.sh", arguments: [])
        let command = RemoteCommand.build(script, environment: ["A": "1"], cwd: "/tmp", sudo: true, sudoPassword: "pw", authToken: "tok")
        XCTAssertEqual(command.standardInput, Data("tok\npw\necho hi\n".utf8))
        XCTAssertTrue(command.command.hasPrefix("IFS= read -r ST2_ACTION_AUTH_TOKEN && export ST2_ACTION_AUTH_TOKEN && "
                                                + "IFS= read -r squall_sudo_password && "), command.command)
        XCTAssertFalse(command.command.contains("tok'"), command.command)
    }

    private func shellWord(_ quoted: String) throws -> String {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "eval \"set -- $1\"; printf %s \"$1\"", "sh", quoted]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
