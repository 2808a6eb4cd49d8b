@testable import SquallSandbox
import XCTest

/// The default policy must not break ordinary work: Python start-up, threads, subprocesses, shells.
final class AllowedWorkloadTests: XCTestCase {
    func testPythonWithThreadsSubprocessAndFilesWorksUnderTheDefaultPolicy() throws {
        let program = """
        import json, os, subprocess, tempfile, threading
        results = []
        def work(n): results.append(sum(range(n)))
        threads = [threading.Thread(target=work, args=(10000,)) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        echoed = subprocess.run(["/bin/echo", "from-subprocess"], capture_output=True, text=True, check=True).stdout.strip()
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "data.json")
            with open(path, "w") as f: json.dump({"ok": True}, f)
            with open(path) as f: data = json.load(f)
        print(len(results), echoed, data["ok"])
        """
        // The view has a /tmp only when the launch brings one, as runners do.
        var spec = LaunchSpec(executable: systemPython, arguments: ["-I", "-c", program],
                              environment: ["TMPDIR": "/tmp"], policy: try defaultPolicy())
        spec.tmpDirectory = try scratchDirectory(for: self, "tmp")
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        XCTAssertEqual(child.stdout, "8 from-subprocess True\n")
    }

    func testShellPipelineWorks() throws {
        let spec = LaunchSpec(executable: "/bin/sh", arguments: ["-c", "echo one two | wc -w; echo err >&2; exit 3"],
                              environment: ["PATH": "/usr/bin:/bin"], policy: try defaultPolicy())
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "2")
        XCTAssertEqual(child.stderr, "err\n")
        XCTAssertEqual(child.termination, .exited(3))
    }

    func testManyLaunchesInARowLeaveNoDescriptorsBehind() throws {
        _ = InitProgram.execPath  // squall-init's descriptor is opened once per process, and kept
        MountNamespaceHold.waitForReleases()  // earlier tests' children's namespaces are let go
        let before = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        for _ in 0..<50 {
            let process = try Launcher.launch(LaunchSpec(executable: "/bin/true", policy: try defaultPolicy()))
            XCTAssertEqual(process.wait(), .exited(0))
            process.close()
        }
        // A child's mount namespace is let go on a background queue after it is reaped.
        MountNamespaceHold.waitForReleases()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count, before)
    }
}
