import Foundation
import XCTest

/// `kill -9` of a real squall process that supervises sandboxed children (the server while it
/// starts its sensors, `squall run` and the `run --async` worker while they start an action): no
/// child outlives it (squall issue 15: the children are gone within a second).
///
/// This process becomes a child subreaper for the test, so whatever the dead server leaves behind
/// is reparented here, where it can be told apart from every other process on the machine.
final class SupervisorKillTests: EngineTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(setChildSubreaper(true), 0)
    }

    override func tearDown() {
        // A failing run must not leave its sensors behind, nor zombies in this process.
        for pid in adoptedSandboxChildren(includingZombies: true) {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
        }
        _ = setChildSubreaper(false)
        super.tearDown()
    }

    func testKillingTheServerWhileItLaunchesSensorsLeavesNoChild() throws {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = try harness.quietFixturePackCopy()
        var survivors: [Int32] = []
        // The three fixture sensors start one after the other on the server's launcher thread:
        // killing the server once the first one runs catches the next ones in their launch.
        for round in 0..<8 where survivors.isEmpty {
            let server = Process()
            server.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
            server.arguments = ["server", "--log-level", "warning"]
            server.environment = environment
            server.standardError = FileHandle.nullDevice
            try server.run()
            let pid = server.processIdentifier
            let deadline = Date().addingTimeInterval(60)
            while server.isRunning, Date() < deadline, !hasSandboxChild(pid) { usleep(500) }
            XCTAssertTrue(server.isRunning, "the server ended before it launched a sensor")
            usleep(UInt32(round * 2_000))
            kill(pid, SIGKILL)
            server.waitUntilExit()

            survivors = survivorsAfterTheKill()
        }
        XCTAssertEqual(survivors, [], "sandboxed children outlived their killed server")
    }

    func testKillingRunWhileItLaunchesItsActionLeavesNoChild() throws {
        var survivors: [Int32] = []
        for round in 0..<4 where survivors.isEmpty {
            let run = Process()
            run.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
            run.arguments = ["run", "core.local", "cmd=sleep 1000"]
            run.environment = harness.commandLineEnvironment
            run.standardOutput = FileHandle.nullDevice
            run.standardError = FileHandle.nullDevice
            try run.run()
            // The first child seen is the action's, caught in (or just after) its launch.
            let deadline = Date().addingTimeInterval(60)
            while run.isRunning, Date() < deadline, children(of: run.processIdentifier).isEmpty { usleep(200) }
            XCTAssertTrue(run.isRunning, "squall run ended before it launched the action")
            usleep(UInt32(round * 1_000))
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            survivors = survivorsAfterTheKill()
        }
        XCTAssertEqual(survivors, [], "sandboxed children outlived their killed squall run")
    }

    func testKillingTheAsyncWorkerDuringItsActionLeavesNoChild() throws {
        let run = try harness.squall(["run", "--async", "core.local", "cmd=sleep 1000"])
        XCTAssertEqual(run.status, 0, run.stderr)
        // The detached worker is reparented here once `squall run` has returned.
        var worker: Int32?
        var launched = false
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !launched {
            worker = worker ?? process(withCommandLineContaining: "execution work --data-dir " + harness.dataDirectory)
            // By the time a scan of /proc finds the worker it has launched the action: this kills it
            // mid-action (the moment of a launch is ParentDeathRaceTests' and the tests above).
            launched = worker.map { hasSandboxChild($0) } ?? false
            if !launched { usleep(1_000) }
        }
        let pid = try XCTUnwrap(worker, "no worker")
        XCTAssertTrue(launched, "the worker launched no action")
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
        XCTAssertEqual(survivorsAfterTheKill(), [], "sandboxed children outlived their killed worker")
    }

    /// Waits up to 2 s for what the killed process left to go; returns what did not (reaping the rest).
    private func survivorsAfterTheKill() -> [Int32] {
        let settled = Date().addingTimeInterval(2)
        while Date() < settled, !adoptedSandboxChildren(includingZombies: false).isEmpty { usleep(20_000) }
        let survivors = adoptedSandboxChildren(includingZombies: false)
        for zombie in adoptedSandboxChildren(includingZombies: true) where !survivors.contains(zombie) {
            waitpid(zombie, nil, 0)
        }
        return survivors
    }

    private func children(of pid: Int32) -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").map(String.init)
        }
    }

    /// Whether `pid` has a child that is (or is becoming) a sandbox's squall-init.
    private func hasSandboxChild(_ pid: Int32) -> Bool {
        children(of: pid).contains { commandLine(of: $0).hasPrefix("squall-init ") }
    }

    /// squall-init processes (PID 1 of a sandbox) reparented to this process.
    private func adoptedSandboxChildren(includingZombies: Bool) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let name = stat[stat.index(after: open)..<close]
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == getpid() else { return nil }
            let zombie = fields[0] == "Z"
            if zombie && !includingZombies { return nil }
            return name == "squall-init" || commandLine(of: entry).hasPrefix("squall-init ") ? pid : nil
        }
    }

    /// prctl(PR_SET_CHILD_SUBREAPER, on): Swift does not import the variadic prctl.
    private func setChildSubreaper(_ on: Bool) -> Int32 {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "prctl") else { return -1 }
        let prctl = unsafeBitCast(symbol, to: Prctl.self)
        return prctl(36 /* PR_SET_CHILD_SUBREAPER */, on ? 1 : 0, 0, 0, 0)
    }

    private func process(withCommandLineContaining text: String) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.lazy.compactMap { Int32($0) }.first { commandLine(of: String($0)).contains(text) }
    }

    private func commandLine(of pid: String) -> String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
}
