import Foundation

/// A small deterministic generator (SplitMix64): the same seed gives the same organisation on
/// every machine and Swift version, which `SystemRandomNumberGenerator` cannot promise.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < p
    }

    /// An index in `0..<count` drawn with Zipf-like weights (1/(i+1)^s): a few large groups,
    /// a long tail of small ones.
    public mutating func skewedIndex(count: Int, exponent: Double = 1.1) -> Int {
        var total = 0.0
        for i in 0..<count { total += 1 / pow(Double(i + 1), exponent) }
        var target = Double.random(in: 0..<total, using: &self)
        for i in 0..<count {
            target -= 1 / pow(Double(i + 1), exponent)
            if target < 0 { return i }
        }
        return count - 1
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }
}
