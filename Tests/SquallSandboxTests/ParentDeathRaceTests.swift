import CSquallLauncher
import Foundation
@testable import SquallSandbox
import XCTest

/// A parent killed while it is launching children takes every one of them with it, including the
/// one still between clone() and execve (the moment PR_SET_PDEATHSIG is armed).
final class ParentDeathRaceTests: XCTestCase {
    private var marker = ""

    override func setUp() {
        marker = "squall-pdeath-race-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    override func tearDown() {
        // A failing run must not leave its children behind.
        for pid in processesWhoseCommandLineContains(marker) { kill(pid, SIGKILL) }
    }

    func testChildrenBeingLaunchedWhenTheParentIsKilledDieWithIt() throws {
        let policy = try defaultPolicy()
        let spec = LaunchSpec(executable: "/bin/sleep", arguments: ["1000"], argv0: marker, policy: policy)
        // Set up as Launcher.launch does (the intermediate must not run Swift after fork()).
        let setup = try NamespaceSetup.make(for: spec, features: SandboxFeatures.current, rootMountpoint: ViewRoot.mountpoint)
        XCTAssertTrue(setup.namespaces.contains(.pid), "a new pid namespace (the default policy's) is the case under test")
        let cSpec = CLaunchSpec(spec, seccompProgram: try SeccompFilterCache.shared.program(for: policy.seccomp))
        cSpec.namespaceSetup = CNamespaceSetup(setup)
        var survivors: [Int32] = []
        // Kill at many moments of a launch loop: a launch takes a few milliseconds, most of them
        // in the child's steps before execve.
        for round in 0..<20 where survivors.isEmpty {
            let intermediate = cSpec.withSpec { specPointer -> pid_t in
                let pid = fork()
                if pid == 0 {
                    // Only C calls between fork and _exit: launch for ever, without waiting.
                    while true {
                        var result = squall_launch_result()
                        _ = squall_launch(specPointer, &result)
                        if result.stdout_fd >= 0 { close(result.stdout_fd) }
                        if result.stderr_fd >= 0 { close(result.stderr_fd) }
                        if result.status_fd >= 0 { close(result.status_fd) }
                    }
                }
                return pid
            }
            XCTAssertGreaterThan(intermediate, 0)
            usleep(UInt32(20_000 + (round % 7) * 3_000 + Int.random(in: 0..<3_000)))
            kill(intermediate, SIGKILL)
            var status: Int32 = 0
            waitpid(intermediate, &status, 0)
            _ = eventually(within: 2) { processesWhoseCommandLineContains(marker).isEmpty }
            survivors = processesWhoseCommandLineContains(marker)
        }
        XCTAssertEqual(survivors, [], "children outlived their killed parent")
    }
}

/// Live (not zombie) processes whose command line contains `marker`.
func processesWhoseCommandLineContains(_ marker: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry), pid != getpid(),
              let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
        let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        guard commandLine.contains(marker) else { return nil }
        let stat = (try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)) ?? ""
        if let close = stat.lastIndex(of: ")"), stat.index(close, offsetBy: 2) < stat.endIndex,
           stat[stat.index(close, offsetBy: 2)] == "Z" { return nil }
        return pid
    }
}
