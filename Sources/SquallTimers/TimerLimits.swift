import Foundation

/// What a timer may ask for. Foundation's timed waits (NSCondition, DispatchTime) count nanoseconds
/// since 1970 in an Int64 and trap after 2262-04-11, so no timer may fire later than the start of
/// 2262. Intervals are whole seconds at the least: st2's IntervalTimer takes an integer `delta` in
/// units of weeks down to seconds (APScheduler also turns a zero interval into one second), and a
/// shorter one only floods the trigger queue.
public enum TimerLimits {
    /// 2262-01-01 00:00:00 UTC: the latest date a timer may fire.
    public static let latestFireDate = Date(timeIntervalSince1970: 9_214_646_400)
    /// The last year a CronTimer's `year` may name (APScheduler allows 9999).
    public static let latestYear = 2261
    /// The shortest IntervalTimer interval, in seconds.
    public static let shortestInterval: TimeInterval = 1
    /// The longest IntervalTimer interval: 100 years of 365 days, in seconds.
    public static let longestInterval: TimeInterval = 100 * 365 * 86_400
    /// The longest the timer thread sleeps at once, so that a wait never has to represent a far date.
    public static let longestWait: TimeInterval = 3_600
}
