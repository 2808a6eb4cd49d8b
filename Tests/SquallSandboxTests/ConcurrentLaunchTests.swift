import Foundation
import SquallSandbox
import XCTest

/// Launches from many threads at once all go through the one launcher thread.
final class ConcurrentLaunchTests: XCTestCase {
    func testConcurrentLaunchesFromManyThreadsAllSucceed() throws {
        let policy = try defaultPolicy()
        let outputs = LockedBox<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 40) { index in
            let spec = LaunchSpec(executable: "/bin/echo", arguments: ["child-\(index)"], policy: policy)
            guard let process = try? Launcher.launch(spec) else { return }
            let child = collect(process)
            if child.termination == .exited(0) {
                outputs.modify { $0.append(child.stdout) }
            }
        }
        XCTAssertEqual(Set(outputs.value), Set((0..<40).map { "child-\($0)\n" }))
    }
}
