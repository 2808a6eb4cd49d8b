/// Bounds that keep any expression from trapping, exhausting the stack or memory, or running
/// forever. The defaults are far above what real workflows use.
public struct YAQLOptions: Sendable {
    /// Longest expression accepted, in unicode scalars.
    public var maxExpressionLength: Int
    /// Deepest syntax tree accepted (nested brackets, operator chains): evaluation recurses this deep.
    public var maxNestingDepth: Int
    /// Most elements (or characters, for strings) that one built value may hold: `range`,
    /// concatenation, repetition.
    public var maxCollectionSize: Int
    /// Evaluation steps (nodes evaluated, elements visited) one evaluation may take.
    public var maxSteps: Int

    public init(maxExpressionLength: Int = 65_536, maxNestingDepth: Int = 128,
                maxCollectionSize: Int = 1_000_000, maxSteps: Int = 10_000_000) {
        self.maxExpressionLength = maxExpressionLength
        self.maxNestingDepth = maxNestingDepth
        self.maxCollectionSize = maxCollectionSize
        self.maxSteps = maxSteps
    }
}
