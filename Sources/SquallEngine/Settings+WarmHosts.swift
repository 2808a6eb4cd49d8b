import Foundation

extension Settings {
    /// `warm_host_idle_seconds`: a number of seconds from 0 (stop a host as soon as it is idle) to
    /// a day; fractions allowed. Absent: 300.
    static func warmHostIdleSeconds(_ text: String?, origin: String) throws -> Double {
        guard let text else { return 300 }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let seconds = Double(trimmed), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
            throw EngineError.badInput("warm_host_idle_seconds: '\(trimmed)' is not a number of seconds from 0 to 86400 (\(origin))")
        }
        return seconds
    }
}
