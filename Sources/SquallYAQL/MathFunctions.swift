import Foundation
import SquallModel

/// abs() and round(), with Python's results (round half to even; a float stays a float), and
/// random(): a float in [0, 1), or random(from, to) an integer in [from, to] as yaql's randint.
enum MathFunctions {
    static let all: [(String, Builtin)] = [
        ("random", .function(0...0) { _ in .double(Double.random(in: 0..<1)) }),
        ("random", .function(2...2) { call in
            let low = try call.int(0), high = try call.int(1)
            guard low <= high else { throw EvaluationFailure(.value, "empty range for randrange() (\(low), \(high + 1))") }
            return .int(Int.random(in: low...high))
        }),
        ("abs", .function(1...1) { call in
            switch try call.value(0) {
            case .int(let i):
                guard i != .min else { throw EvaluationFailure(.value, "integer overflow in abs(\(i))") }
                return .int(abs(i))
            case .double(let d): return .double(abs(d))
            case let other: throw call.wrongType(0, other, expected: "number")
            }
        }),
        ("round", .function(1...2) { call in
            let digits = call.count == 2 ? try call.int(1) : 0
            switch try call.value(0) {
            case .int(let i) where digits >= 0:
                return .int(i)
            case .int(let i):
                return .int(try roundedInteger(i, toTensPower: -digits))
            case .double(let d):
                return .double(try rounded(d, digits))
            case let other:
                throw call.wrongType(0, other, expected: "number")
            }
        }),
    ]

    /// Python's round(i, -k) on an integer: to a multiple of 10**k, half to even, in integers.
    private static func roundedInteger(_ i: Int, toTensPower k: Int) throws -> Int {
        guard k <= 18 else { return 0 }  // |i| < 10**19 / 2: everything rounds to 0.
        var p = 1
        for _ in 0..<k { p *= 10 }
        var q = i / p
        var r = i % p
        if r < 0 { q -= 1; r += p }  // floor division: 0 <= r < p
        if r * 2 > p || (r * 2 == p && q % 2 != 0) { q += 1 }
        let (result, overflow) = q.multipliedReportingOverflow(by: p)
        guard !overflow else { throw EvaluationFailure(.value, "integer overflow in round(\(i), -\(k))") }
        return result
    }

    /// Python rounds the exact binary value (2.675 is 2.67499...: 2.67), as printf does; to tens
    /// and hundreds (negative digits) it scales, which agrees except on far-out ties.
    private static func rounded(_ d: Double, _ digits: Int) throws -> Double {
        guard d.isFinite else { return d }
        if digits >= 0 {
            return Double(String(format: "%.*f", min(digits, 340), d)) ?? d
        }
        let scale = pow(10.0, Double(min(-digits, 308)))
        let result = (d / scale).rounded(.toNearestOrEven) * scale
        return result.isFinite ? result : d
    }
}
