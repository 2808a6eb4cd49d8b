import CZmq
import Foundation
import SquallModel
import SquallTransport
import XCTest

/// The channel's own guarantees, driven by real DEALER sockets.
final class ChildChannelTests: XCTestCase {
    private var context: ZmqContext!
    private var directory: String!

    override func setUpWithError() throws {
        context = try ZmqContext()
        directory = try TestPaths.makePrivateDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func dealer(to channel: ChildChannel) throws -> ZmqSocket {
        let socket = try ZmqSocket(context: context, kind: .dealer)
        try socket.connect(channel.endpoint)
        return socket
    }

    /// Polls until the channel yields an event (hang protection only).
    private func nextEvent(_ channel: ChildChannel) throws -> ChildChannel.Event {
        for _ in 0..<200 {
            if let event = try channel.receive() { return event }
            _ = try channel.poll(fds: [], timeoutMilliseconds: 50)
        }
        throw NoEvent()
    }

    private struct NoEvent: Error {}

    private func frame(_ text: String) -> Data { Data(text.utf8) }

    func testSocketFileIsPrivateAndRemovedOnClose() throws {
        let channel = try ChildChannel(context: context, directory: directory, executionId: "e1")
        XCTAssertEqual(channel.endpoint, "ipc://\(directory!)/channel")
        let attributes = try FileManager.default.attributesOfItem(atPath: channel.socketPath)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        channel.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: channel.socketPath))
        channel.close()
    }

    func testOverlongSocketPathIsRefused() throws {
        let long = directory + "/" + String(repeating: "d", count: 120)
        XCTAssertThrowsError(try ChildChannel(context: context, directory: long, executionId: "e1")) { error in
            XCTAssertEqual(error as? ChildChannel.ChannelError, .endpointPathTooLong(long + "/channel"))
        }
    }

    func testSendingBeforeAnyChildSaidHelloFails() throws {
        let channel = try ChildChannel(context: context, directory: directory, executionId: "e1")
        XCTAssertThrowsError(try channel.send(.datastoreSuccess(id: 1, value: true))) { error in
            XCTAssertEqual(error as? ChildChannel.ChannelError, .noChildYet)
        }
    }

    func testOnlyTheFirstPeerWithTheRightExecutionIdIsAccepted() throws {
        let channel = try ChildChannel(context: context, directory: directory, executionId: "right")
        let impostor = try dealer(to: channel)
        let child = try dealer(to: channel)
        let latecomer = try dealer(to: channel)

        try impostor.send([ChildMessage.log(level: "INFO", logger: "x", message: "before hello").encoded()])
        XCTAssertEqual(try nextEvent(channel), .ignored(.notFromAcceptedPeer))
        try impostor.send([ChildMessage.hello(executionId: "wrong", pid: 1).encoded()])
        XCTAssertEqual(try nextEvent(channel), .ignored(.wrongExecutionId("wrong")))
        XCTAssertFalse(channel.hasChild)

        try child.send([ChildMessage.hello(executionId: "right", pid: 42).encoded()])
        XCTAssertEqual(try nextEvent(channel), .message(.hello(executionId: "right", pid: 42)))
        XCTAssertEqual(channel.childPid, 42)

        try latecomer.send([ChildMessage.hello(executionId: "right", pid: 43).encoded()])
        XCTAssertEqual(try nextEvent(channel), .ignored(.notFromAcceptedPeer))
        try impostor.send([ChildMessage.result(status: true, result: "forged").encoded()])
        XCTAssertEqual(try nextEvent(channel), .ignored(.notFromAcceptedPeer))
        XCTAssertEqual(channel.childPid, 42)
        XCTAssertEqual(channel.ignoredFrameCount, 4)

        // Replies go to the accepted child only.
        try channel.send(.datastoreSuccess(id: 7, value: "v"))
        var reply: [Data]?
        for _ in 0..<200 where reply == nil {
            reply = try child.receive(wait: false)
            if reply == nil { usleep(20_000) }
        }
        XCTAssertEqual(reply.map { try? SupervisorMessage.decode($0[0]) }, .datastoreReply(id: 7, ok: true, value: "v", error: nil))
        XCTAssertNil(try impostor.receive(wait: false))
        XCTAssertNil(try latecomer.receive(wait: false))
    }

    func testMalformedFramesAreReportedAndTheChannelKeepsWorking() throws {
        let channel = try ChildChannel(context: context, directory: directory, executionId: "e1")
        let child = try dealer(to: channel)
        try child.send([frame("garbage before hello")])
        XCTAssertEqual(try nextEvent(channel), .ignored(.notFromAcceptedPeer))
        try child.send([ChildMessage.hello(executionId: "e1", pid: 5).encoded()])
        XCTAssertEqual(try nextEvent(channel), .message(.hello(executionId: "e1", pid: 5)))

        let cases: [([Data], MessageDecodingError)] = [
            ([frame("{not json")], .notJSON("")),
            ([frame("[1, 2]")], .notAnObject),
            ([frame("{\"no_type\": 1}")], .missingType),
            ([frame("{\"type\": \"teleport\"}")], .unknownType("teleport")),
            ([frame("{\"type\": \"log\", \"level\": \"INFO\"}")], .missingField(type: "log", field: "logger")),
            ([frame("{\"type\": \"hello\", \"execution_id\": \"e1\", \"pid\": \"x\"}")],
             .wrongFieldType(type: "hello", field: "pid", expected: "an integer")),
            ([frame("{\"type\": \"result\", \"status\": \"yes\", \"result\": 1}")],
             .wrongFieldType(type: "result", field: "status", expected: "a boolean or null")),
            ([frame("{\"type\": \"hello\", \"execution_id\": \"e1\", \"pid\": 99999999999}")],
             .wrongFieldType(type: "hello", field: "pid", expected: "a 32-bit integer")),
            ([frame("{}"), frame("{}")], .unexpectedFrameCount(2)),
            ([Data([0xff, 0xfe, 0x00])], .notJSON("")),
            ([Data()], .notJSON("")),
        ]
        for (frames, expected) in cases {
            try child.send(frames)
            let event = try nextEvent(channel)
            guard case .malformed(let error) = event else { XCTFail("\(frames) gave \(event)"); continue }
            if case .notJSON = expected, case .notJSON = error { continue }
            XCTAssertEqual(error, expected)
        }
        try child.send([ChildMessage.log(level: "INFO", logger: "l", message: "still here").encoded()])
        XCTAssertEqual(try nextEvent(channel), .message(.log(level: "INFO", logger: "l", message: "still here")))
        XCTAssertEqual(channel.ignoredFrameCount, 1)
    }

    func testRealChildIsAcceptedAfterAnImpostorClaimingAnotherExecution() throws {
        var impostor: ZmqSocket?
        var run = ChildRun(fixture: "status_false.py")
        run.beforeChild = { channel in
            let socket = try ZmqSocket(context: try ZmqContext(), kind: .dealer)
            try socket.connect(channel.endpoint)
            try socket.send([ChildMessage.hello(executionId: "someone-else", pid: 1).encoded()])
            try socket.send([ChildMessage.result(status: true, result: "forged").encoded()])
            impostor = socket
        }
        let outcome = try run.run()
        impostor?.close()
        XCTAssertEqual(outcome.ignoredFrameCount, 2)
        XCTAssertTrue(outcome.events.contains(.ignored(.wrongExecutionId("someone-else"))))
        XCTAssertEqual(outcome.result?.status, false)
        XCTAssertEqual(outcome.result?.value, ["reason": "disk full"])
    }

    func testPollReportsPipeDataAndHangUpAlongsideTheChannel() throws {
        let channel = try ChildChannel(context: context, directory: directory, executionId: "e1")
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]) }

        XCTAssertEqual(try channel.poll(fds: [fds[0]], timeoutMilliseconds: 0), PollResult())
        XCTAssertEqual(write(fds[1], "line\n", 5), 5)
        XCTAssertEqual(try channel.poll(fds: [fds[0]], timeoutMilliseconds: 1000).readableFds, [fds[0]])

        let child = try dealer(to: channel)
        try child.send([ChildMessage.hello(executionId: "e1", pid: 5).encoded()])
        var result = PollResult()
        for _ in 0..<200 where !result.channelHasMessages {
            result = try channel.poll(fds: [], timeoutMilliseconds: 50)
        }
        XCTAssertTrue(result.channelHasMessages)
        XCTAssertEqual(try channel.receive(), .message(.hello(executionId: "e1", pid: 5)))
        XCTAssertNil(try channel.receive())

        close(fds[1])
        var drain = [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(read(fds[0], &drain, 16), 5)
        let hungUp = try channel.poll(fds: [fds[0]], timeoutMilliseconds: 1000)
        XCTAssertEqual(hungUp.readableFds, [fds[0]])
        XCTAssertEqual(hungUp.hungUpFds, [fds[0]])
        XCTAssertFalse(hungUp.channelHasMessages)
    }
}
