import Foundation
import SquallPacks
import SquallTemplates

/// The bounds on hostile or absurd input (README "Limits"): one setting each, a whole number of
/// at least 1. They apply to the whole process, since YAML and templates are read deep inside
/// pack loading and rendering (`applyLimits`).
extension Settings {

    /// Reads the limit settings given by `value` (option, variable or file), defaults elsewhere.
    mutating func resolveLimits(_ value: (SettingKey) throws -> (text: String, origin: String)?) throws {
        func limit(_ key: SettingKey, _ fallback: Int) throws -> Int {
            guard let (text, origin) = try value(key) else { return fallback }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            // At most 2^40, so that sums of counted things cannot overflow.
            guard let number = Int(trimmed), number >= 1, number <= 1 << 40 else {
                throw EngineError.badInput("\(key.rawValue): '\(trimmed)' is not a whole number from 1 to 2^40 (\(origin))")
            }
            return number
        }
        let defaults = YAMLLimits()
        yamlLimits = YAMLLimits(maxBytes: try limit(.yamlMaxBytes, defaults.maxBytes),
                                maxNodes: try limit(.yamlMaxNodes, defaults.maxNodes),
                                maxDepth: try limit(.yamlMaxDepth, defaults.maxDepth))
        let template = TemplateLimits()
        templateLimits = TemplateLimits(maxStringBytes: try limit(.templateMaxStringBytes, template.maxStringBytes),
                                        maxItems: try limit(.templateMaxItems, template.maxItems),
                                        maxDepth: try limit(.templateMaxDepth, template.maxDepth),
                                        maxSteps: try limit(.templateMaxSteps, template.maxSteps))
    }

    /// Makes this process read YAML and render templates within these settings' limits.
    public func applyLimits() {
        YAMLLimits.process = yamlLimits
        TemplateLimits.process = templateLimits
    }
}
