import Foundation
import SquallModel
import SquallPacks
import SquallRules
import SquallRunners
import SquallTimers

extension Server {
    /// The trigger dicts a sensor is told about now (see TriggerIdentities).
    func triggerDicts(for sensor: SensorDefinition) -> [JSONValue] {
        stateLock.withLock { triggerIdentities.dicts(for: sensor) }
    }

    /// The pack config a sensor gets at start (a change restarts the sensor on reload).
    func sensorConfig(_ sensor: SensorDefinition, catalog: PackCatalog) -> [String: JSONValue] {
        guard let pack = catalog.packs[sensor.pack] else { return [:] }
        // Rendered as for actions (a secret `pack config` stored is a `decrypt_kv` reference); as
        // written when that fails.
        let rendered = try? engine.templateInputs(datastore: try engine.datastoreContext()).config(for: pack)
        return (rendered ?? (try? PackConfigLoader.load(pack: pack, configsDirectory: engine.settings.configsDirectory)))?.objectValue ?? [:]
    }

    func startSensor(_ sensor: SensorDefinition) {
        let catalog = engine.catalog
        guard let pack = catalog.packs[sensor.pack] else { return }
        let config = sensorConfig(sensor, catalog: catalog)
        let fingerprint = SensorFingerprint(sensor: sensor, config: config, packSensors: catalog.sensors.values)
        let engine = self.engine
        let datastore = engine.datastore
        let runRoot = engine.settings.runDirectory
        // The server lives as long as its sensors (stop() waits for them), so a strong reference is fine.
        let server = self
        nonisolated(unsafe) var supervisorReference: SensorSupervisor?
        let supervisor = SensorSupervisor(
            sensor: sensor, fingerprint: fingerprint, triggers: triggerDicts(for: sensor),
            backoff: options.backoff, logger: logger,
            onSpawn: { pid in
                server.dispatch(trigger: BuiltinTriggers.processSpawn, payload: [
                    "id": .string(sensor.ref), "timestamp": .string(Timestamps.format(Date())), "pid": .int(Int(pid)),
                    "cmd": .string("squall_sensor_wrapper.py \(sensor.ref)")])
            },
            onExit: { code in
                server.dispatch(trigger: BuiltinTriggers.processExit, payload: [
                    "id": .string(sensor.ref), "timestamp": .string(Timestamps.format(Date())), "exit_code": .int(Int(code))])
            },
            makeChild: { instanceId in
                let interpreter = try engine.virtualenvs.ensure(pack, progress: { line in
                    server.logger.info("virtualenv", metadata: ["pack": "\(pack.ref)", "line": "\(line)"])
                })
                let runDirectory = runRoot + "/" + instanceId
                try? FileManager.default.removeItem(atPath: runDirectory)
                try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                nonisolated(unsafe) var child: SensorChild!
                child = SensorChild(
                    sensor: sensor, sensorId: instanceId, interpreter: interpreter,
                    runtimeDirectory: engine.settings.pythonRuntimeDirectory, config: config, triggers: [],
                    policy: engine.policy, runDirectory: runDirectory,
                    st2Layer: engine.virtualenvs.st2LayerPath(forPack: pack.ref),
                    events: .init(
                        started: { supervisorReference?.markRunning(pid: child?.pid) },
                        dispatched: { trigger, payload, _ in server.dispatch(trigger: trigger, payload: payload) },
                        output: { stream, line in
                            server.logger.debug("sensor output", metadata: ["sensor": "\(sensor.ref)", "stream": "\(stream.rawValue)", "line": "\(line)"])
                        },
                        datastore: { try datastore.handle(operation: $0, arguments: $1) }))
                return child
            })
        supervisorReference = supervisor
        let started = stateLock.withLock { () -> Bool in
            // A reload that ends while the server stops must not leave a sensor behind.
            guard lifecycle.state == .starting || lifecycle.state == .running else { return false }
            supervisors[sensor.ref] = supervisor
            return true
        }
        if started { supervisor.start() }
    }

    /// Every sensor's state, as `squall sensor list` shows it.
    public var sensorStatuses: [SensorSupervisor.Status] {
        stateLock.withLock { Array(supervisors.values) }.map(\.currentStatus).sorted { $0.sensor < $1.sensor }
    }
}
