import Foundation
import SquallModel

/// What a sensor child was started from: its metadata, its code and its pack config. When
/// `pack register` (or `pack config`) changes any of them, a running server restarts the sensor;
/// otherwise the sensor keeps running and only hears about trigger changes.
struct SensorFingerprint: Equatable, Sendable {
    var sensor: SensorDefinition
    /// The entry point and every helper module it can import from the pack: the files under the
    /// pack's `sensors/` and `actions/lib/` (both on the sensor's PYTHONPATH) and `lib/` (st2's pack
    /// lib), except the pack's other sensors' entry points and metadata: a change to one of those
    /// restarts that sensor only.
    var code: [String: Data]
    var config: [String: JSONValue]

    /// `packSensors`: every sensor of the catalog (the pack's others are picked out).
    init(sensor: SensorDefinition, config: [String: JSONValue], packSensors: some Sequence<SensorDefinition>) {
        self.sensor = sensor
        let others = packSensors.filter { $0.pack == sensor.pack && $0.ref != sensor.ref }
        let theirs = Set(others.flatMap { [$0.entryPointPath, $0.metadataFile] }).subtracting([sensor.entryPointPath])
        var code = Self.files(under: [sensor.packPath + "/sensors", sensor.packPath + "/actions/lib", sensor.packPath + "/lib"])
            .filter { !theirs.contains($0.key) }
        code[sensor.entryPointPath] = FileManager.default.contents(atPath: sensor.entryPointPath)
        self.code = code
        self.config = config
    }

    /// Regular files by path, bytecode caches left out (Python writes them as it imports).
    static func files(under directories: [String]) -> [String: Data] {
        var files: [String: Data] = [:]
        for directory in directories {
            guard let walker = FileManager.default.enumerator(atPath: directory) else { continue }
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix("__pycache__") { walker.skipDescendants(); continue }
                guard !relative.hasSuffix(".pyc"), walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
                let path = directory + "/" + relative
                files[path] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }
}
