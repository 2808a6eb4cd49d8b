import Foundation

extension Settings {
    /// `inquiry_check_interval`'s default: TTLs are minutes, so a few seconds late is on time.
    public static let defaultInquiryCheckInterval = 5

    /// Reads `inquiry_check_interval` (whole seconds, at least 1): how often `squall server` times
    /// out inquiries past their TTL (Server+Housekeeping).
    mutating func resolveInquiries(_ value: (SettingKey) throws -> (text: String, origin: String)?) throws {
        guard let (text, origin) = try value(.inquiryCheckInterval) else { return }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // At most a day: a longer wait would leave expired inquiries open for days.
        guard let seconds = Int(trimmed), (1...86_400).contains(seconds) else {
            throw EngineError.badInput("inquiry_check_interval: '\(trimmed)' is not a whole number of seconds from 1 to 86400 (\(origin))")
        }
        inquiryCheckIntervalSeconds = seconds
    }
}
