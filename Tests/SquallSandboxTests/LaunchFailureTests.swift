import Foundation
@testable import SquallSandbox
import XCTest

/// Failures inside the child come back as a SandboxError naming the step and the path.
final class LaunchFailureTests: XCTestCase {
    func launchError(_ spec: LaunchSpec) throws -> SandboxError {
        do {
            let process = try Launcher.launch(spec)
            _ = process.wait()
            XCTFail("launch of \(spec.executable) succeeded")
            throw SandboxError(step: "none", path: spec.executable, errno: 0)
        } catch let error as SandboxError {
            return error
        }
    }

    func testMissingExecutableNamesThePathAndStep() throws {
        let error = try launchError(LaunchSpec(executable: "/nonexistent/squall-action", policy: try defaultPolicy()))
        XCTAssertEqual(error.step, "exec")
        XCTAssertEqual(error.path, "/nonexistent/squall-action")
        XCTAssertEqual(error.errno, ENOENT)
        XCTAssertTrue(error.description.contains("/nonexistent/squall-action"), error.description)
        XCTAssertTrue(error.description.contains("No such file or directory"), error.description)
    }

    func testNonExecutableFileIsEACCES() throws {
        let path = NSTemporaryDirectory() + "squall-not-executable-\(getpid())"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("data".utf8),
                                                     attributes: [.posixPermissions: 0o644]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var spec = LaunchSpec(executable: path, policy: try defaultPolicy())
        spec.readOnlyPaths = [path]  // in the view, so the mode and not its absence decides
        let error = try launchError(spec)
        XCTAssertEqual(error.step, "exec")
        XCTAssertEqual(error.errno, EACCES)
    }

    func testRelativeExecutableIsNeverSearchedOnPath() throws {
        let error = try launchError(LaunchSpec(executable: "true", environment: ["PATH": "/bin"], policy: try defaultPolicy()))
        XCTAssertEqual(error.step, "validate")
        XCTAssertEqual(error.path, "true")
    }

    func testMissingWorkingDirectoryNamesTheDirectory() throws {
        let error = try launchError(LaunchSpec(executable: "/bin/true", workingDirectory: "/nonexistent-dir",
                                               policy: try defaultPolicy()))
        XCTAssertEqual(error.step, "chdir")
        XCTAssertEqual(error.path, "/nonexistent-dir")
        XCTAssertEqual(error.errno, ENOENT)
    }

    func testImpossibleLimitNamesTheResource() throws {
        var policy = try defaultPolicy()
        policy.limits.openFiles = 1 << 40  // above fs.nr_open
        let error = try launchError(LaunchSpec(executable: "/bin/true", policy: policy))
        XCTAssertEqual(error.step, "setrlimit")
        XCTAssertEqual(error.detail, "RLIMIT_NOFILE")
        XCTAssertTrue(error.description.contains("RLIMIT_NOFILE"), error.description)
    }

    func testFailedLaunchesLeakNoDescriptors() throws {
        _ = InitProgram.execPath  // squall-init's descriptor is opened once per process, and kept
        MountNamespaceHold.waitForReleases()  // earlier tests' children's namespaces are let go
        let before = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        for _ in 0..<20 {
            _ = try launchError(LaunchSpec(executable: "/nonexistent", policy: try defaultPolicy()))
        }
        MountNamespaceHold.waitForReleases()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count, before)
    }
}
