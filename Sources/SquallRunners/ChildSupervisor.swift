import Foundation
import SquallModel
import SquallSandbox
import SquallTransport

/// Drives one launched child to its end: reads its output as it arrives, serves its channel,
/// enforces the deadline by killing the whole process group, and reaps it. Nothing is left running.
final class ChildSupervisor {
    struct Completion {
        var termination: ChildTermination
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    private let process: any SupervisedChild
    private let channel: ChildChannel?
    private let events: RunnerEvents
    private let onMessage: (ChildMessage) throws -> Void

    init(process: any SupervisedChild, channel: ChildChannel?, events: RunnerEvents,
         onMessage: @escaping (ChildMessage) throws -> Void = { _ in }) {
        self.process = process; self.channel = channel; self.events = events; self.onMessage = onMessage
    }

    /// Runs until the child has exited and both pipes are closed, or until the deadline.
    /// `expectsFinalMessage` is asked after exit: while it returns true the channel is waited on
    /// briefly, since a message sent just before exit may still be in flight.
    func run(timeoutSeconds: Int, expectsFinalMessage: (ChildTermination) -> Bool = { _ in false }) throws -> Completion {
        let stdout = OutputAccumulator(stream: .stdout) { [events] in events.output($0, line: $1) }
        let stderr = OutputAccumulator(stream: .stderr) { [events] in events.output($0, line: $1) }
        var open: [Int32: OutputAccumulator] = [process.stdoutFD: stdout, process.stderrFD: stderr]
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        var termination: ChildTermination? = nil
        var timedOut = false

        while open.isEmpty == false || termination == nil {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                timedOut = true
                break
            }
            // The pipes close before the child can be reaped (its namespaces are torn down in
            // between): its exit descriptor wakes us the moment it can. Without one, look again
            // soon; the 250 ms cap reaps a child whose pipes a grandchild holds open.
            let watchesExit = termination == nil && process.exitFD >= 0
            let wait = open.isEmpty && !watchesExit ? 20 : min(Int(remaining * 1000) + 1, 250)
            let ready = try waitForReadiness(fds: Array(open.keys) + (watchesExit ? [process.exitFD] : []), milliseconds: wait)
            for fd in ready where open[fd]?.read(from: fd) == false {
                open[fd] = nil
            }
            try drainChannel()
            if termination == nil { termination = process.tryWait() }
        }

        if timedOut {
            process.signalGroup(SIGKILL)
            termination = process.wait()
            // Keep what was already written; grandchildren died with the group, so EOF comes quickly.
            drainAfterKill(open)
        } else if let channel, expectsFinalMessage(termination!) {
            // In-flight means microseconds; the bound only matters for a child that exited 0 without a result.
            let graceEnd = Date().addingTimeInterval(0.5)
            while expectsFinalMessage(termination!) && Date() < graceEnd {
                _ = try channel.poll(fds: [], timeoutMilliseconds: 20)
                try drainChannel()
            }
        }
        try drainChannel()
        return Completion(termination: termination!, stdout: stdout.string, stderr: stderr.string, timedOut: timedOut)
    }

    private func drainChannel() throws {
        guard let channel else { return }
        while let event = try channel.receive() {
            if case .message(let message) = event { try onMessage(message) }
        }
    }

    private func drainAfterKill(_ open: [Int32: OutputAccumulator]) {
        var open = open
        let giveUp = Date().addingTimeInterval(1)
        while !open.isEmpty && Date() < giveUp {
            guard let ready = try? PosixPoll.wait(fds: Array(open.keys), milliseconds: 50) else { break }
            for fd in ready where open[fd]?.read(from: fd) == false { open[fd] = nil }
        }
        for accumulator in open.values { accumulator.flush() }
    }

    private func waitForReadiness(fds: [Int32], milliseconds: Int) throws -> [Int32] {
        if let channel {
            return try channel.poll(fds: fds, timeoutMilliseconds: milliseconds).readableFds
        }
        return try PosixPoll.wait(fds: fds, milliseconds: milliseconds)
    }
}

/// poll(2) over plain descriptors, for children without a channel.
enum PosixPoll {
    static func wait(fds: [Int32], milliseconds: Int) throws -> [Int32] {
        if fds.isEmpty {
            usleep(useconds_t(milliseconds * 1000))
            return []
        }
        var items = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let count = Glibc.poll(&items, nfds_t(items.count), Int32(milliseconds))
        if count < 0 {
            if errno == EINTR { return [] }
            throw RunnerError("poll failed: \(String(cString: strerror(errno)))")
        }
        return items.filter { $0.revents != 0 }.map(\.fd)
    }
}
