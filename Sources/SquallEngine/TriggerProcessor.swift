import Foundation
import Logging
import SquallModel
import SquallRules
import SquallStore

/// The rules engine's work on a batch of trigger instances: each is matched against the rules,
/// every rule that fires gets its execution prepared (parameters rendered and cast, as for
/// `squall run`) and an enforcement record; the instances (with their status log), enforcements
/// and `requested` executions are then written in one transaction (`write`, or a
/// `BatchWriter` on its own thread). The batch shares one datastore snapshot and one read of
/// each pack's config.
final class TriggerProcessor: @unchecked Sendable {
    /// An execution recorded `requested`, ready to run.
    struct Launch: Sendable {
        let ruleRef: String
        let prepared: PreparedExecution
        let execution: Execution
    }

    struct Outcome: Sendable {
        var launches: [Launch] = []
        var matched = 0
        var failedEnforcements = 0
        /// The whole batch, as written (or as it would have been, when writing failed).
        var records = RuleRecordBatch()
    }

    let engine: Engine
    let logger: Logger
    private let datastore: DatastoreSnapshot

    init(engine: Engine, logger: Logger) {
        self.engine = engine
        self.logger = logger
        datastore = DatastoreSnapshot(engine: engine)
    }

    /// Handles `batch` and writes the outcome; `waiting` (instances still queued behind it) is recorded `pending`.
    func process(_ batch: [TriggerInstance], waiting: [TriggerInstance] = [], matcher: RuleMatcher) -> Outcome {
        var outcome = evaluate(batch, waiting: waiting, matcher: matcher)
        write(&outcome)
        return outcome
    }

    /// Handles `batch` up to what must be written (see `write`).
    func evaluate(_ batch: [TriggerInstance], waiting: [TriggerInstance] = [], matcher: RuleMatcher) -> Outcome {
        var outcome = Outcome()
        let started = Date()
        let inputs: TemplateInputs
        do {
            inputs = engine.templateInputs(datastore: try datastore.current(now: started))
        } catch {
            // Without the datastore no criterion or template can be trusted: the batch fails whole.
            logger.error("trigger instances not processed: cannot read the datastore", metadata: ["reason": "\(error)"])
            outcome.records.instances = batch.map { instance in
                var record = Self.pendingRecord(instance)
                record.transition(to: .processingFailed, at: started)
                return record
            }
            return outcome
        }
        // Criteria read the system keys themselves (`system.x`, `{{ st2kv.system.x }}`): given the
        // whole `{system, user}` object, every datastore criterion missed its key and never matched.
        let criteriaDatastore = inputs.datastore["system"]?.objectValue ?? [:]
        for instance in batch {
            var record = Self.pendingRecord(instance)
            record.transition(to: .processing, at: started)
            let payload = Self.payloadForRules(instance, matcher: matcher)
            let evaluation = matcher.evaluate(triggerRef: instance.trigger, payload: payload,
                                              datastore: criteriaDatastore, triggerParameters: instance.triggerParameters)
            var failed = false
            for failure in evaluation.failures {
                // st2 records a failed enforcement when a criterion cannot be evaluated.
                outcome.records.enforcements.append(RuleEnforcement(
                    id: ExecutionID.generate(), ruleRef: failure.ruleRef, triggerInstanceId: instance.id, failureReason: failure.reason))
                failed = true
            }
            for match in evaluation.matches {
                outcome.matched += 1
                if !enforce(match.rule, instance: instance, payload: payload, inputs: inputs, into: &outcome) { failed = true }
            }
            record.transition(to: failed ? .processingFailed : .processed)
            if instance.announced {
                outcome.records.updatedInstances.append(record)
            } else {
                outcome.records.instances.append(record)
            }
        }
        outcome.records.instances += waiting.map(Self.pendingRecord)
        return outcome
    }

    /// Prepares the rule's execution; on failure records why. Returns whether an execution was prepared.
    private func enforce(_ rule: Rule, instance: TriggerInstance, payload: JSONValue, inputs: TemplateInputs,
                         into outcome: inout Outcome) -> Bool {
        let request = ExecutionRequest(
            actionRef: rule.actionRef, parameters: rule.actionParameters, user: "squall",
            context: ["rule": ["ref": .string(rule.ref), "name": .string(rule.name)],
                      "trigger_instance": ["id": .string(instance.id), "trigger": .string(instance.trigger)]],
            templateVariables: ["trigger": payload])
        do {
            let prepared = try engine.prepare(request, inputs: inputs)
            let execution = engine.newRecord(prepared)
            outcome.records.executions.append(execution)
            outcome.records.enforcements.append(RuleEnforcement(
                id: ExecutionID.generate(), ruleRef: rule.ref, triggerInstanceId: instance.id, executionId: execution.id))
            outcome.launches.append(Launch(ruleRef: rule.ref, prepared: prepared, execution: execution))
            return true
        } catch {
            outcome.failedEnforcements += 1
            outcome.records.enforcements.append(RuleEnforcement(
                id: ExecutionID.generate(), ruleRef: rule.ref, triggerInstanceId: instance.id, failureReason: "\(error)"))
            logger.error("rule enforcement failed", metadata: ["rule": "\(rule.ref)", "reason": "\(error)"])
            return false
        }
    }

    /// One transaction for the batch. When it fails nothing was stored, so nothing may run.
    func write(_ outcome: inout Outcome) {
        do {
            // On the writer thread: the store's encoding of the rows overlaps matching the next batch.
            try engine.store.record(outcome.records)
            let processed = outcome.records.instances.filter { $0.status != .pending } + outcome.records.updatedInstances
            engine.metrics?.ruleRecordsWritten(instances: processed, enforcements: outcome.records.enforcements)
        } catch {
            logger.error("trigger instances not recorded", metadata: ["count": "\(outcome.records.instances.count + outcome.records.updatedInstances.count)", "reason": "\(error)"])
            outcome.failedEnforcements += outcome.launches.count
            outcome.launches = []
        }
    }

    static func pendingRecord(_ instance: TriggerInstance) -> TriggerInstanceRecord {
        var record = TriggerInstanceRecord(id: instance.id, trigger: instance.trigger, payload: instance.payload, occurrenceTime: instance.occurredAt)
        record.payloadResultText = instance.resultText
        return record
    }

    /// The payload rules see: an action trigger's result kept as text is built into it only when a
    /// rule on the trigger may read it (ActionTriggerResultReaders); the record keeps the text.
    static func payloadForRules(_ instance: TriggerInstance, matcher: RuleMatcher) -> JSONValue {
        guard let text = instance.resultText,
              ActionTriggerResultReaders.anyReads(matcher.rules(on: instance.trigger)) else { return instance.payload }
        return ActionTriggerResultText.materialized(instance.payload, text)
    }
}
