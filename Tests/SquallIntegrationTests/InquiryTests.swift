import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallStore
import XCTest

/// core.ask in an orquesta workflow, with real processes: the workflow (a `run --async` worker)
/// pauses on the inquiry; another `squall` process answers it (`inquiry respond`), a bad answer
/// changes nothing; the workflow resumes in an `execution work` process and publishes the answer.
/// An inquiry past its TTL times out (lazily in the CLI, by the server's timer) and the workflow
/// takes its failure transition.
final class InquiryTests: WorkflowProcessTestCase {
    override class var fixturePacks: String { "inquiries/packs" }

    private func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments, environment: environment) }

    /// Starts the approve workflow in the background and returns it and its inquiry, once paused.
    private func startPausedOnInquiry(ttl: Int = 60) throws -> (workflow: String, inquiry: Execution) {
        let started = try squall(["run", "squall_inquiries.approve", "ttl=\(ttl)", "--async", "--json"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
        eventually("the workflow pauses") { (try? store.execution(id: id))?.status == .paused }
        let inquiry = try XCTUnwrap(try store.executions(matching: ExecutionQuery(parent: id)).first { $0.runner == "inquirer" })
        return (id, inquiry)
    }

    private func completed(_ id: String) throws -> Execution {
        eventually("the workflow completes") { (try? store.execution(id: id))?.status.isCompleted == true }
        return try XCTUnwrap(try store.execution(id: id))
    }

    func testAWorkflowPausedOnAnInquiryResumesWhenAnotherProcessAnswersAndPublishesTheAnswer() throws {
        let (workflow, inquiry) = try startPausedOnInquiry()
        XCTAssertEqual(inquiry.status, .pending)
        XCTAssertNil(inquiry.supervisorPid, "an open inquiry is nobody's orphan")
        XCTAssertEqual(inquiry.result?["route"], "approvals")
        XCTAssertEqual(inquiry.result?["ttl"], 60)
        XCTAssertEqual(inquiry.result?["users"], [])
        XCTAssertEqual(inquiry.result?["schema"]?["properties"]?["continue"]?["type"], "boolean")

        let listed = try squall(["inquiry", "list", "--json"])
        XCTAssertEqual(try JSONValue.parse(listed.stdout).arrayValue?.compactMap { $0["id"]?.stringValue }, [inquiry.id], listed.stderr)
        let shown = try squall(["inquiry", "get", inquiry.id])
        XCTAssertTrue(shown.stdout.contains("status: pending\n") && shown.stdout.contains("route: approvals\n"), shown.stdout)

        // Answers that do not fit the schema: one line naming the field, nothing changes.
        let wrongType = try squall(["inquiry", "respond", inquiry.id, #"{"continue": "yes"}"#])
        XCTAssertEqual(wrongType.status, 2)
        XCTAssertEqual(wrongType.stderr, "error: inquiry '\(inquiry.id)': response.continue must be boolean, got string\n")
        let missing = try squall(["inquiry", "respond", inquiry.id, #"{"reason": "no flag"}"#])
        XCTAssertEqual(missing.stderr, "error: inquiry '\(inquiry.id)': response.continue is required\n")
        let notJSON = try squall(["inquiry", "respond", inquiry.id, "continue"])
        XCTAssertEqual(notJSON.stderr, "error: response: must be a JSON object (got continue)\n")
        XCTAssertEqual(try store.execution(id: inquiry.id)?.status, .pending)
        XCTAssertEqual(try store.execution(id: workflow)?.status, .paused)
        // Resumed by hand before anyone answered, the workflow waits on again (the open inquiry is
        // not abandoned as a running task of a dead process would be).
        XCTAssertEqual(try squall(["execution", "resume", workflow]).stdout, "execution \(workflow): resuming\n")
        eventually("the workflow pauses again") {
            (try? store.execution(id: workflow))?.log.filter { $0.status == .paused }.count == 2
        }
        XCTAssertEqual(try store.execution(id: inquiry.id)?.status, .pending)

        let answer = try squall(["inquiry", "respond", inquiry.id, #"{"continue": true, "reason": "looks good"}"#])
        XCTAssertEqual(answer.stdout, "Response accepted for inquiry \(inquiry.id).\n", answer.stderr)
        let flow = try completed(workflow)
        XCTAssertEqual(flow.status, .succeeded, "\(flow.result ?? .null)")
        XCTAssertEqual(flow.result?["output"], ["answer": ["continue": true, "reason": "looks good"], "reason": "looks good"])
        let after = try XCTUnwrap(try store.executions(matching: ExecutionQuery(parent: workflow)).first { $0.runner == "local-shell-cmd" })
        XCTAssertEqual(after.result?["stdout"], "after looks good")

        let answered = try XCTUnwrap(try store.execution(id: inquiry.id))
        XCTAssertEqual(answered.status, .succeeded)
        XCTAssertEqual(answered.result?["response"], ["continue": true, "reason": "looks good"])
        XCTAssertEqual(answered.result?["route"], "approvals")
        XCTAssertEqual(flow.log.map(\.status).filter { [.paused, .resuming].contains($0) }, [.paused, .resuming, .paused, .resuming])
        let again = try squall(["inquiry", "respond", inquiry.id, #"{"continue": false}"#])
        XCTAssertEqual(again.stderr, "error: inquiry '\(inquiry.id)' has already been responded to (it is succeeded)\n")
        XCTAssertEqual(try squall(["inquiry", "list", "--json"]).stdout, "[]\n")
        XCTAssertEqual(try squall(["inquiry", "get", "nope"]).stderr, "error: inquiry 'nope' not found\n")
        XCTAssertEqual(try squall(["inquiry", "get", after.id]).stderr, "error: inquiry '\(after.id)' not found\n")
    }

    /// The answer arrives while another task still runs: the workflow is not paused yet, so the
    /// answer resumes nothing; when that task ends the workflow pauses and, finding the answer,
    /// goes on at once in its own process.
    func testAnAnswerThatArrivesBeforeTheWorkflowPausedIsTakenInWhenItPauses() throws {
        let started = try squall(["run", "squall_inquiries.ask_beside", "--async", "--json"])
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout + started.stderr)
        var inquiry: Execution?
        var sleeper: Execution?
        eventually("the inquiry open and the sleeper running") {
            let children = (try? store.executions(matching: ExecutionQuery(parent: id))) ?? []
            inquiry = children.first { $0.runner == "inquirer" && $0.status == .pending }
            sleeper = children.first { $0.parameters["cmd"] == "sleep 300" && $0.context["child_pid"] != nil }
            return inquiry != nil && sleeper != nil
        }
        let inquiryId = try XCTUnwrap(inquiry?.id)
        XCTAssertEqual(try squall(["inquiry", "respond", inquiryId, #"{"continue": true}"#]).status, 0)
        XCTAssertEqual(try store.execution(id: id)?.status, .running)
        let pid = try XCTUnwrap(sleeper?.context["child_pid"]?.intValue)
        XCTAssertEqual(kill(-Int32(pid), SIGKILL), 0)
        let flow = try completed(id)
        XCTAssertEqual(flow.status, .succeeded, "\(flow.result ?? .null)")
        XCTAssertEqual(flow.result?["output"], ["answer": ["continue": true]])
        XCTAssertEqual(flow.log.map(\.status).filter { [.paused, .resuming].contains($0) }, [.paused, .resuming])
    }

    /// core.ask in a sub-workflow: the sub-workflow pauses and so does its parent; the answer
    /// resumes the sub-workflow, whose end resumes the parent, which passes the answer on.
    func testAnInquiryInASubWorkflowPausesTheParentAndItsAnswerReachesIt() throws {
        let started = try squall(["run", "squall_inquiries.ask_nested", "--async", "--json"])
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout + started.stderr)
        eventually("the parent pauses") { (try? store.execution(id: id))?.status == .paused }
        let inner = try XCTUnwrap(try store.executions(matching: ExecutionQuery(parent: id)).first)
        XCTAssertEqual(inner.status, .paused)
        let inquiry = try XCTUnwrap(try store.executions(matching: ExecutionQuery(parent: inner.id)).first { $0.runner == "inquirer" })
        XCTAssertEqual(try squall(["inquiry", "respond", inquiry.id, #"{"continue": true, "reason": "nested"}"#]).status, 0)
        let flow = try completed(id)
        XCTAssertEqual(flow.status, .succeeded, "\(flow.result ?? .null)")
        XCTAssertEqual(flow.result?["output"], ["answer": ["continue": true, "reason": "nested"]])
        XCTAssertEqual(try store.execution(id: inner.id)?.status, .succeeded)
    }

    /// Moves an inquiry's start back past its TTL (the TTL is in minutes).
    private func backdate(_ inquiry: Execution, minutes: Double) throws {
        _ = try store.update(id: inquiry.id) { $0.startTimestamp = $0.startTimestamp.addingTimeInterval(-minutes * 60) }
    }

    func testAnInquiryPastItsTTLTimesOutWhenTheCommandLineLooksAndTheWorkflowTakesItsFailureTransition() throws {
        let (workflow, inquiry) = try startPausedOnInquiry(ttl: 1)
        // Still within its minute: open.
        XCTAssertEqual(try squall(["inquiry", "get", inquiry.id]).stdout.contains("status: pending"), true)
        try backdate(inquiry, minutes: 2)
        XCTAssertEqual(try squall(["inquiry", "list", "--json"]).stdout, "[]\n")
        XCTAssertEqual(try store.execution(id: inquiry.id)?.status, .timeout)
        let flow = try completed(workflow)
        XCTAssertEqual(flow.status, .succeeded, "the failure transition handles the timeout: \(flow.result ?? .null)")
        XCTAssertEqual(flow.result?["output"], ["answer": "expired", "reason": "none"])
        let late = try squall(["inquiry", "respond", inquiry.id, #"{"continue": true}"#])
        XCTAssertEqual(late.stderr, "error: inquiry '\(inquiry.id)' timed out and cannot be responded to\n")
    }

    func testTheServerTimesOutAnExpiredInquiryAndAnnouncesNewOnes() throws {
        // A one-second look, not the default five (inquiry_check_interval).
        environment["SQUALL_INQUIRY_CHECK_INTERVAL"] = "1"
        server = try harness.startServer(environment: environment)
        let (workflow, inquiry) = try startPausedOnInquiry(ttl: 1)
        // st2's runner announces each new inquiry with core.st2.generic.inquiry {id, route}.
        var announced: TriggerInstanceRecord?
        eventually("the inquiry trigger instance") {
            announced = try? store.triggerInstances(trigger: "core.st2.generic.inquiry", status: nil, limit: 10).first
            return announced != nil
        }
        XCTAssertEqual(announced?.payload, ["id": .string(inquiry.id), "route": "approvals"])
        try backdate(inquiry, minutes: 2)
        // Nothing but the server's timer looks at it now.
        let flow = try completed(workflow)
        XCTAssertEqual(try store.execution(id: inquiry.id)?.status, .timeout)
        XCTAssertEqual(flow.status, .succeeded, "\(flow.result ?? .null)")
        XCTAssertEqual(flow.result?["output"]?["answer"], "expired")
        // Rules see the timeout as the inquiry execution's completion.
        eventually("the inquiry's completion trigger instance") {
            ((try? store.triggerInstances(trigger: "core.st2.generic.actiontrigger", status: nil, limit: 100)) ?? [])
                .contains { $0.payload["execution_id"]?.stringValue == inquiry.id && $0.payload["status"] == "timeout" }
        }
    }

    func testCoreAskAloneWaitsAndAnswersWithoutAWorkflow() throws {
        let asked = try squall(["run", "core.ask", "--json"])
        let id = try XCTUnwrap(JSONValue.parse(asked.stdout)["id"]?.stringValue, asked.stdout + asked.stderr)
        XCTAssertEqual(try store.execution(id: id)?.status, .pending)
        // st2's default schema: one required boolean, `continue`.
        let refused = try squall(["inquiry", "respond", id, "{}"])
        XCTAssertEqual(refused.stderr, "error: inquiry '\(id)': response.continue is required\n")
        XCTAssertEqual(try squall(["inquiry", "respond", id, #"{"continue": false}"#]).status, 0)
        XCTAssertEqual(try store.execution(id: id)?.status, .succeeded)
        XCTAssertEqual(try store.execution(id: id)?.result?["response"], ["continue": false])
        XCTAssertEqual(try store.execution(id: id)?.result?["ttl"], 1440)
    }
}
