import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallRunners
import XCTest

/// Execution-to-execution escapes between forks of one warm host (same pack, same uid): what a
/// cold child cannot do to another must stay impossible for a forked one.
final class WarmHostIsolationTests: XCTestCase {
    var harness: IntegrationHarness!
    var engine: Engine!
    var pool: WarmHostPool!
    var packDirectory: String!

    static let probe = """
    import os, signal, time
    from st2common.runners.base_action import Action

    def attempt(call):
        try:
            call()
            return "allowed"
        except OSError as error:
            return type(error).__name__

    def ptrace_errno(target):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return ctypes.get_errno() if libc.ptrace(16, target, None, None) != 0 else 0

    def namespace_call_errno(name):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if name == "unshare":
            result = libc.unshare(0x10000000 | 0x20000000)
        else:
            result = libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, None)
        return ctypes.get_errno() if result != 0 else 0

    def clone_namespace_errno():
        # What the host itself may do (clone with CLONE_NEWUSER) must be refused to the fork.
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        import platform
        pid = libc.syscall(220 if platform.machine() == "aarch64" else 56, 0x10000000 | 17, 0, 0, 0, 0)
        if pid == 0:
            os._exit(0)
        if pid > 0:
            os.waitpid(pid, 0)
            return 0
        return ctypes.get_errno()

    def sockets():
        found = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                found.append(os.readlink("/proc/self/fd/" + fd))
            except OSError:
                pass  # the listing's own descriptor, closed by now
        return len([name for name in found if name.startswith("socket:")])

    class Probe(Action):
        def run(self, mode, target=0, other_channel=""):
            if mode == "hold":
                with open("/tmp/secret-of-a", "w") as handle:
                    handle.write("a's secret")
                self.action_service.set_value("a_ready", "yes")
                while self.action_service.get_value("release") is None:
                    time.sleep(0.05)
                return {"own_file": open("/tmp/secret-of-a").read()}
            if mode == "attack":
                return {
                    "proc": sorted(int(e) for e in os.listdir("/proc") if e.isdigit()),
                    "kill": attempt(lambda: os.kill(target, signal.SIGKILL)),
                    "environ": attempt(lambda: open("/proc/%d/environ" % target, "rb").read()),
                    "mem": attempt(lambda: open("/proc/%d/mem" % target, "rb").read(1)),
                    "tmp_has_secret": os.path.exists("/tmp/secret-of-a"),
                    "uid": os.getuid(),
                    "ptrace_errno": ptrace_errno(target),
                    "other_channel": attempt(lambda: os.stat(other_channel + "/channel")),
                    "cgroup": open("/proc/self/cgroup").read(),
                    "unshare_errno": namespace_call_errno("unshare"),
                    "mount_errno": namespace_call_errno("mount"),
                    "sockets": sockets(),
                    "clone_errno": clone_namespace_errno(),
                }
            if mode == "posture":
                import ctypes, fcntl, stat, termios
                libc = ctypes.CDLL(None, use_errno=True)
                tiocsti = libc.ioctl(0, termios.TIOCSTI, ctypes.c_char_p(b"x"))
                status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
                directories = []
                for fd in os.listdir("/proc/self/fd"):
                    try:
                        if stat.S_ISDIR(os.fstat(int(fd)).st_mode):
                            directories.append(os.readlink("/proc/self/fd/" + fd))
                    except OSError:
                        pass  # the listing's own descriptor, closed by now
                children = 0
                try:
                    while children < 1000:
                        if os.fork() == 0:
                            time.sleep(1000)
                            os._exit(0)
                        children += 1
                except OSError:
                    pass
                return {"tiocsti_errno": ctypes.get_errno() if tiocsti != 0 else 0,
                        "no_new_privs": status["NoNewPrivs"].strip(), "seccomp": status["Seccomp"].strip(),
                        "cap_eff": status["CapEff"].strip(), "cap_bnd": status["CapBnd"].strip(),
                        "directory_fds": directories, "children_before_refused": children}
            if mode == "linger":
                import subprocess
                subprocess.Popen(["sleep", "1000.4242"])
                time.sleep(1000)
            return {"version": 1}
    """

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        let packs = try harness.quietFixturePackCopy()
        packDirectory = packs + "/squall_tests"
        try Self.probe.write(toFile: packDirectory + "/actions/warm_probe.py", atomically: true, encoding: .utf8)
        try """
        name: warm_probe
        runner_type: python-script
        entry_point: warm_probe.py
        parameters:
          mode: {type: string, required: true}
          target: {type: integer, default: 0}
          other_channel: {type: string, default: ""}
        """.write(toFile: packDirectory + "/actions/warm_probe.yaml", atomically: true, encoding: .utf8)
        let settings = Settings(home: IntegrationHarness.repositoryRoot, packsPath: [IntegrationHarness.repositoryRoot + "/Packs", packs],
                                dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
        engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        pool = WarmHostPool()
        engine.useWarmHosts(pool)
    }

    override func tearDown() {
        pool?.stopAll()
        harness.remove()
        engine = nil
    }

    private func run(_ parameters: [String: JSONValue], timeout: Int = 60) throws -> Execution {
        try harness.run(engine, "squall_tests.warm_probe", parameters, timeout: timeout)
    }

    /// Children of a process (its first thread's list).
    private func children(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0) }
    }

    func testAnotherExecutionOfTheSamePackCannotReachARunningOne() throws {
        _ = try run(["mode": "version"])  // the host is up
        let hostPid = try XCTUnwrap(pool.status.first?.pid)
        let first = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var held: Execution?
        let engine = self.engine!, harness = self.harness!
        Thread.detachNewThread {
            held = try? harness.run(engine, "squall_tests.warm_probe", ["mode": "hold"], timeout: 60)
            first.signal()
        }
        try eventually("the first execution is ready") { (try? engine.key("squall_tests.Probe:a_ready")) != nil }
        // The host's child is the execution (PID 1 of its namespace), with no process between.
        let victim = try XCTUnwrap(children(of: hostPid).first)
        XCTAssertEqual(children(of: hostPid).count, 1)
        let victimCgroups = try String(contentsOfFile: "/proc/\(victim)/cgroup", encoding: .utf8)

        // The running execution's channel directory, as the supervisor made it (80-bit random name).
        let runRoot = harness.dataDirectory + "/run"
        let hostRun = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: runRoot).first { $0.hasPrefix("w-") })
        let channels = try FileManager.default.contentsOfDirectory(atPath: runRoot + "/" + hostRun + "/c")
        XCTAssertEqual(channels.count, 1)
        let otherChannel = runRoot + "/" + hostRun + "/c/" + channels[0]

        let attack = try run(["mode": "attack", "target": .int(Int(victim)), "other_channel": .string(otherChannel)])
        XCTAssertEqual(attack.status, .succeeded, "\(attack.result ?? .null)")
        let seen = attack.resultObject["result"]
        XCTAssertEqual(seen?["proc"], [1], "its /proc shows its own pid namespace only")
        XCTAssertEqual(seen?["kill"], "ProcessLookupError")
        XCTAssertEqual(seen?["environ"], "FileNotFoundError")
        XCTAssertEqual(seen?["mem"], "FileNotFoundError")
        XCTAssertEqual(seen?["tmp_has_secret"], false)
        XCTAssertEqual(seen?["uid"], 1000, "the pack's user, as a cold child")
        XCTAssertEqual(seen?["unshare_errno"], 1, "the strict filter is attached: EPERM, as for a cold child")
        XCTAssertEqual(seen?["mount_errno"], 1)
        XCTAssertEqual(seen?["clone_errno"], 1, "clone with a namespace flag, allowed to the host, is refused to its fork")
        XCTAssertEqual(seen?["ptrace_errno"], 1, "ptrace is denied by the filter")
        XCTAssertEqual(seen?["other_channel"], "PermissionError", "the host's channel directory is covered in every fork")
        // Leases are pooled (CgroupLeasePool), so no name says whose they are: squall's, and not
        // the running execution's.
        let attackCgroups = seen?["cgroup"]?.stringValue ?? ""
        XCTAssertTrue(attackCgroups.contains(":pids:/squall/"), "it runs in squall's cgroups: \(attackCgroups)")
        XCTAssertTrue(victimCgroups.contains(":pids:/squall/"), victimCgroups)
        XCTAssertNotEqual(attackCgroups, victimCgroups, "it runs in cgroups of its own, not the running execution's")

        _ = try engine.setKey("squall_tests.Probe:release", value: "go")
        XCTAssertEqual(first.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(held?.status, .succeeded, "the first execution was not disturbed: \(held?.result ?? .null)")
        XCTAssertEqual(held?.resultObject["result"]?["own_file"], "a's secret")

        let after = try run(["mode": "attack"])
        XCTAssertEqual(after.resultObject["result"]?["tmp_has_secret"], false, "a /tmp does not outlive its execution")
        // The host keeps each running execution's socket (to send its wait status): a fork made
        // while another runs holds no more sockets than one made alone.
        XCTAssertEqual(seen?["sockets"], after.resultObject["result"]?["sockets"], "a fork holds no other execution's socket")
        XCTAssertEqual(pool.status.first?.executionsServed, 4)
        XCTAssertNil(pool.lastProblem)
    }

    /// The cold children's escape checks (EscapeTests, StaticProgramTests' posture) on a fork.
    func testForkedExecutionHasTheColdChildsPosture() throws {
        let execution = try run(["mode": "posture"])
        // Reaching the pids limit fails the execution, as for a cold child.
        XCTAssertEqual(execution.status, .failed, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["error"], "fork limit (256 processes) reached")
        let seen = execution.resultObject["result"]
        XCTAssertEqual(seen?["tiocsti_errno"], 1, "TIOCSTI is refused by the argument filter")
        XCTAssertEqual(seen?["no_new_privs"], "1", "a setuid binary cannot raise its euid")
        XCTAssertEqual(seen?["seccomp"], "2")
        XCTAssertEqual(seen?["cap_eff"], "0000000000000000")
        XCTAssertEqual(seen?["cap_bnd"], "0000000000000000")
        XCTAssertEqual(seen?["directory_fds"], [], "no directory descriptor of the host's leaks into the fork")
        let children = try XCTUnwrap(seen?["children_before_refused"]?.intValue)
        XCTAssertLessThan(children, 256, "the execution's pids limit (its own cgroup) stops a fork bomb")
        XCTAssertEqual(try run(["mode": "version"]).status, .succeeded, "the host is unharmed")
        XCTAssertEqual(pool.status.first?.executionsServed, 2)
    }

    func testTimeoutKillsEveryProcessOfTheForkAndNothingElse() throws {
        _ = try run(["mode": "version"])
        let host = try XCTUnwrap(pool.status.first)
        let execution = try run(["mode": "linger"], timeout: 2)
        XCTAssertEqual(execution.status, .timeout)
        XCTAssertEqual(processes(matching: "sleep 1000.4242"), [], "the execution's own child died with it")
        // The host reaps its fork and reports the status: no zombie is left under it.
        try eventually("nothing left under the host") { children(of: host.pid).isEmpty }
        XCTAssertEqual(pool.status.first?.pid, host.pid, "the host itself lives on")
        XCTAssertEqual(try run(["mode": "version"]).status, .succeeded)
        XCTAssertEqual(pool.status.first?.executionsServed, 3)
    }

    func testChangedActionCodeIsServedAtOnce() throws {
        XCTAssertEqual(try run(["mode": "version"]).resultObject["result"], ["version": 1])
        let source = try String(contentsOfFile: packDirectory + "/actions/warm_probe.py", encoding: .utf8)
        try source.replacingOccurrences(of: "{\"version\": 1}", with: "{\"version\": 2}")
            .write(toFile: packDirectory + "/actions/warm_probe.py", atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["mode": "version"]).resultObject["result"], ["version": 2])
        XCTAssertEqual(pool.status.first?.executionsServed, 2, "both from the same warm host")
    }

    func testCancelKillsTheForkedExecution() throws {
        _ = try run(["mode": "version"])
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var held: Execution?
        let engine = self.engine!, harness = self.harness!
        Thread.detachNewThread {
            held = try? harness.run(engine, "squall_tests.warm_probe", ["mode": "hold"], timeout: 60)
            done.signal()
        }
        try eventually("the execution is ready") { (try? engine.key("squall_tests.Probe:a_ready")) != nil }
        let running = try XCTUnwrap(try engine.store.executions(limit: 10, action: "squall_tests.warm_probe", status: nil)
            .first { !$0.status.isCompleted })
        _ = try engine.cancel(id: running.id)
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success, "the forked execution died at once (it waits for a key never set)")
        XCTAssertEqual(held?.status, .canceled)
        XCTAssertEqual(try run(["mode": "version"]).status, .succeeded, "the host lives on")
        XCTAssertEqual(pool.status.first?.executionsServed, 3)
    }

    func testChangedRuntimeReplacesTheHostAndIdleHostsStop() throws {
        _ = try run(["mode": "version"])
        let old = try XCTUnwrap(pool.status.first)
        // squall's runtime changed under the running server (an upgrade): the host had loaded the old one.
        let runtimeFile = IntegrationHarness.repositoryRoot + "/Runners/python/squall_runtime/wire.py"
        XCTAssertEqual(utime(runtimeFile, nil), 0)
        _ = try run(["mode": "version"])
        let new = try XCTUnwrap(pool.status.first)
        XCTAssertNotEqual(new.pid, old.pid)
        XCTAssertEqual(new.executionsServed, 1)
        try eventually("the replaced host is gone") { kill(old.pid, 0) == -1 }

        let idle = WarmHostPool(idleSeconds: 0)
        engine.useWarmHosts(idle)
        _ = try run(["mode": "version"])
        let host = try XCTUnwrap(idle.status.first)
        idle.stopIdle()
        XCTAssertEqual(idle.status.count, 0)
        try eventually("an idle host is stopped") { kill(host.pid, 0) == -1 }
    }

    func testServerWithTheSettingRunsRulesOnWarmHostsAndStopsThem() throws {
        try """
        name: warm_rule
        pack: squall_tests
        enabled: true
        trigger:
          type: squall_tests.manual
        action:
          ref: squall_tests.warm_probe
          parameters:
            mode: version
        """.write(toFile: packDirectory + "/rules/warm_rule.yaml", atomically: true, encoding: .utf8)
        var settings = engine.settings
        settings.warmHosts = true
        let serverEngine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        let server = Server(engine: serverEngine)
        try server.start()
        defer { server.stop() }
        for _ in 0..<3 { try ControlClient(dataDirectory: harness.dataDirectory).fire(trigger: "squall_tests.manual", payload: ["message": "m"]) }
        try eventually("three warm executions") {
            try serverEngine.store.executions(limit: 10, action: "squall_tests.warm_probe", status: .succeeded).count == 3
        }
        let hosts = try XCTUnwrap(server.statusJSON()["warm_hosts"]?.arrayValue)
        XCTAssertEqual(hosts.first?["pack"], "squall_tests")
        XCTAssertEqual(hosts.first?["executions_served"], 3)
        XCTAssertGreaterThan(hosts.first?["rss_kib"]?.intValue ?? 0, 0)
        let pid = try XCTUnwrap(hosts.first?["pid"]?.intValue)
        server.stop()
        try eventually("the host stops with the server") { kill(Int32(pid), 0) == -1 }
    }

    func testADeadHostCostsOnlyLatency() throws {
        _ = try run(["mode": "version"])
        let host = try XCTUnwrap(pool.status.first)
        XCTAssertEqual(kill(host.pid, SIGKILL), 0)
        XCTAssertEqual(try run(["mode": "version"]).status, .succeeded, "run cold")
        try eventually("a new host") {
            _ = try run(["mode": "version"])
            return pool.status.first.map { $0.pid != host.pid } ?? false
        }
    }
}
