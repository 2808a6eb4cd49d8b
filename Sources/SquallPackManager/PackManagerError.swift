/// The steps of an install, named in its errors.
public enum InstallStep: String, Sendable {
    case parse = "ref"
    case index = "index lookup"
    case clone
    case checkout
    case metadata
    case dependencies
    case virtualenv
    case swap = "move into place"
    case remove
}

/// A failed pack-management step: names the step and what it was working on. Never carries a credential.
public struct PackManagerError: Error, CustomStringConvertible, Sendable {
    public var step: InstallStep
    /// The source (credential-free) or pack the step was working on.
    public var subject: String
    public var message: String

    public init(step: InstallStep, subject: String, message: String) {
        self.step = step; self.subject = subject; self.message = message
    }

    public var description: String {
        step == .parse ? "bad pack ref '\(subject)': \(message)" : "\(subject): \(step.rawValue) failed: \(message)"
    }
}
