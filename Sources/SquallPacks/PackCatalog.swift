import Foundation
import SquallModel

/// Everything loaded from a packs path: packs, their actions, and the problems found on the way.
/// One bad pack or action never stops the others from loading.
public struct PackCatalog: Sendable {
    public private(set) var packs: [String: Pack] = [:]
    public private(set) var actions: [String: Action] = [:]
    public private(set) var sensors: [String: SensorDefinition] = [:]
    /// Trigger types declared by sensors and by packs' triggers/ directories.
    public private(set) var triggerTypes: [String: TriggerType] = [:]
    /// Problems found while loading, one per bad file, in the order found.
    public private(set) var errors: [PackError] = []
    /// The one pack whose content was loaded, when loading was narrowed to it.
    public private(set) var onlyPack: String?
    /// The one action of that pack whose metadata is wanted (loading narrowed to an action ref).
    private var onlyAction: String?

    public init() {}

    /// Scans each directory of the packs path left to right; the first pack found with a given ref wins.
    /// With `only` (a pack ref), every pack.yaml is still read (a ref is only known from it) but the
    /// content of the other packs is skipped: a command that runs one action needs one pack. With
    /// an action ref (`pack.action`) only that action's metadata is read when its file is named
    /// after it (`actions/<action>.yaml`, as st2's packs name them), else the pack's every action.
    public static func load(packsPath: [String], only: String? = nil) -> PackCatalog {
        var catalog = PackCatalog()
        if let only, let dot = only.firstIndex(of: ".") {
            catalog.onlyPack = String(only[..<dot])
            catalog.onlyAction = String(only[only.index(after: dot)...])
        } else {
            catalog.onlyPack = only
        }
        let fm = FileManager.default
        for base in packsPath {
            guard let entries = try? fm.contentsOfDirectory(atPath: base) else { continue }
            for entry in entries.sorted() where !entry.hasPrefix(".") {
                let directory = base + "/" + entry
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
                      fm.fileExists(atPath: directory + "/pack.yaml") else { continue }
                catalog.loadPack(at: directory)
            }
        }
        return catalog
    }

    mutating func loadPack(at directory: String) {
        let pack: Pack
        do {
            pack = try PackMetadataReader.read(packDirectory: directory)
        } catch let error as PackError {
            errors.append(error); return
        } catch {
            errors.append(PackError(file: directory + "/pack.yaml", message: "\(error)")); return
        }
        guard packs[pack.ref] == nil, onlyPack == nil || onlyPack == pack.ref else { return }
        packs[pack.ref] = pack
        loadSensorsAndTriggers(of: pack)
        if let onlyAction, loadNamedAction(onlyAction, of: pack) { return }
        for file in Self.metadataFiles(in: directory + "/actions") {
            do {
                let action = try ActionMetadataReader.read(file: file, pack: pack)
                if let existing = actions[action.ref] {
                    errors.append(PackError(file: file, field: "name", message: "action '\(action.ref)' is already defined in \(existing.metadataFile)"))
                    continue
                }
                actions[action.ref] = action
            } catch let error as PackError {
                errors.append(error)
            } catch {
                errors.append(PackError(file: file, message: "\(error)"))
            }
        }
    }

    /// Reads `actions/<name>.yaml` (or `.yml`) alone; false when that file is missing, fails to
    /// load or defines another action, so the caller reads them all (and reports any problem).
    private mutating func loadNamedAction(_ name: String, of pack: Pack) -> Bool {
        for file in [pack.path + "/actions/" + name + ".yaml", pack.path + "/actions/" + name + ".yml"]
        where FileManager.default.fileExists(atPath: file) {
            guard let action = try? ActionMetadataReader.read(file: file, pack: pack),
                  action.ref == pack.ref + "." + name else { return false }
            actions[action.ref] = action
            return true
        }
        return false
    }

    mutating func loadSensorsAndTriggers(of pack: Pack) {
        for file in Self.metadataFiles(in: pack.path + "/sensors") {
            do {
                let sensor = try SensorMetadataReader.readSensor(file: file, pack: pack)
                guard sensors[sensor.ref] == nil else {
                    errors.append(PackError(file: file, field: "class_name", message: "sensor '\(sensor.ref)' is already defined"))
                    continue
                }
                sensors[sensor.ref] = sensor
                for type in sensor.triggerTypes { triggerTypes[type.ref] = type }
            } catch let error as PackError {
                errors.append(error)
            } catch {
                errors.append(PackError(file: file, message: "\(error)"))
            }
        }
        for file in Self.metadataFiles(in: pack.path + "/triggers") {
            do {
                let type = try SensorMetadataReader.readTriggerType(file: file, pack: pack)
                triggerTypes[type.ref] = type
            } catch let error as PackError {
                errors.append(error)
            } catch {
                errors.append(PackError(file: file, message: "\(error)"))
            }
        }
    }

    /// The YAML files directly inside a content directory, sorted.
    static func metadataFiles(in directory: String) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory + "/" + $0 }
    }

    public func actions(inPack pack: String?) -> [Action] {
        actions.values.filter { pack == nil || $0.pack == pack }.sorted { $0.ref < $1.ref }
    }
}
