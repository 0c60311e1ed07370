/// A program-wide setting a manager may change (`mmadmin settings`), stored in `mm.settings`:
/// its name as users type it, its key in the database, what it means, and which values it takes.
public struct ProgramSetting: Sendable {
    /// The name on the command line, such as `small-group-threshold`.
    public let name: String
    /// The key in `mm.settings`.
    public let key: String
    /// One line saying what the setting changes.
    public let meaning: String
    /// The accepted values, for the error message.
    public let accepted: String
    private let normalize: @Sendable (String) -> String?

    init(name: String, key: String, meaning: String, accepted: String, normalize: @escaping @Sendable (String) -> String?) {
        self.name = name
        self.key = key
        self.meaning = meaning
        self.accepted = accepted
        self.normalize = normalize
    }

    /// Every setting, in the order `settings list` shows them.
    public static let all: [ProgramSetting] = [
        ProgramSetting(
            name: "small-group-threshold", key: "small_group_threshold",
            meaning: "k of disclosure control: groups of fewer people show no figures (README, Privacy)",
            accepted: "a whole number from 3 to 1000", normalize: { whole($0, in: 3...1000) }),
        ProgramSetting(
            name: "match-cooldown-days", key: "match.cooldown_days",
            meaning: "days before a mentee is suggested a mentor they met again",
            accepted: "a whole number from 0 to 3650", normalize: { whole($0, in: 0...3650) }),
    ] + ["topic", "new_tie", "cross_department", "cross_location", "free_capacity", "seniority"].map { weight in
        let words = weight.split(separator: "_")
        return ProgramSetting(
            name: "match-weight-" + words.joined(separator: "-"), key: "match.weight.\(weight)",
            meaning: "weight of \(words.joined(separator: " ")) fit in match scores",
            accepted: "a number from 0 to 100", normalize: { number($0, in: 0...100) })
    }

    /// The setting called `name`; a usage error naming the known ones otherwise.
    public static func named(_ name: String) throws -> ProgramSetting {
        guard let setting = all.first(where: { $0.name == name }) else {
            throw MMError(.usage, "There is no setting called \(name).",
                          details: ["Settings: " + all.map(\.name).joined(separator: ", ") + "."])
        }
        return setting
    }

    /// `value` as stored; a usage error when the setting does not take it.
    public func storedValue(_ value: String) throws -> String {
        guard let stored = normalize(value) else {
            throw MMError(.usage, "\(name) cannot be \(value.debugDescription): it takes \(accepted).")
        }
        return stored
    }

    private static func whole(_ text: String, in range: ClosedRange<Int>) -> String? {
        Int(text).flatMap { range.contains($0) ? String($0) : nil }
    }

    private static func number(_ text: String, in range: ClosedRange<Double>) -> String? {
        Double(text).flatMap { $0.isFinite && range.contains($0) ? String($0) : nil }
    }
}
