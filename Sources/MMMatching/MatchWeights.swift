import MMDomain
import Foundation

/// How much each soft preference counts. A pair's score is the sum over preferences of
/// weight × fit, each fit between 0 and 1 (see `PairScorer`), so with the defaults a perfect
/// pair scores 9. Stored in `mm.settings` as `match.weight.NAME`; a run may override
/// any of them.
public struct MatchWeights: Sendable, Equatable {
    /// The mentor's topics include the requested topic (fit 1) or one the mentee asked about before (fit 0.5).
    public var topic: Double
    /// The two have never completed a session together.
    public var newTie: Double
    /// Different departments in the current roster.
    public var crossDepartment: Double
    /// Different locations in the current roster.
    public var crossLocation: Double
    /// The share of the mentor's monthly places still free.
    public var freeCapacity: Double
    /// The mentor is one or two levels more senior (fit 1), a peer or three levels up (0.5), judged from titles.
    public var seniority: Double

    public init(topic: Double = 3, newTie: Double = 2, crossDepartment: Double = 1.5, crossLocation: Double = 0.5,
                freeCapacity: Double = 1, seniority: Double = 1) {
        self.topic = topic
        self.newTie = newTie
        self.crossDepartment = crossDepartment
        self.crossLocation = crossLocation
        self.freeCapacity = freeCapacity
        self.seniority = seniority
    }

    /// The names used in settings and on the command line, in display order.
    public static let names = ["topic", "new_tie", "cross_department", "cross_location", "free_capacity", "seniority"]

    private static func keyPath(_ name: String) -> WritableKeyPath<MatchWeights, Double>? {
        switch name {
        case "topic": return \.topic
        case "new_tie": return \.newTie
        case "cross_department": return \.crossDepartment
        case "cross_location": return \.crossLocation
        case "free_capacity": return \.freeCapacity
        case "seniority": return \.seniority
        default: return nil
        }
    }

    /// The weight called `name`, or nil for an unknown name.
    public subscript(name: String) -> Double? {
        Self.keyPath(name).map { self[keyPath: $0] }
    }

    /// These weights with `name` set to `value`; throws for an unknown name or a negative or huge value.
    public func setting(_ name: String, to value: Double) throws(MatchWeightError) -> MatchWeights {
        guard let path = Self.keyPath(name) else { throw .unknownName(name) }
        guard value.isFinite, (0...100).contains(value) else { throw .outOfRange(name, value) }
        var copy = self
        copy[keyPath: path] = value
        return copy
    }

    /// Applies `NAME=VALUE` assignments, as typed for a run.
    public func applying(assignments: [String]) throws(MatchWeightError) -> MatchWeights {
        var result = self
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Double(parts[1]) else { throw .malformed(assignment) }
            result = try result.setting(parts[0], to: value)
        }
        return result
    }

    /// The largest score a pair can reach with these weights.
    public var maximumScore: Double {
        Self.names.reduce(0) { $0 + (self[$1] ?? 0) }
    }
}

/// A weight that cannot be used.
public enum MatchWeightError: Error, Equatable, CustomStringConvertible {
    case unknownName(String)
    case outOfRange(String, Double)
    case malformed(String)

    public var description: String {
        switch self {
        case .unknownName(let name):
            return "There is no matching weight called \"\(name)\"; the weights are \(MatchWeights.names.joined(separator: ", "))."
        case .outOfRange(let name, let value):
            return "The weight \(name) must be between 0 and 100, not \(value)."
        case .malformed(let text):
            return "A weight is given as NAME=VALUE, such as topic=2.5, not \"\(text)\"."
        }
    }
}
