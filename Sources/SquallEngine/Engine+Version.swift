extension Engine {
    /// squall's release, printed by `squall --version` (and to be served by the API).
    public static let version = "0.1.0"
}
