import Foundation

/// IANA time zones as files and `--time-zone` name them (`America/New_York`, `Europe/Berlin`,
/// `UTC`), with the tz database's rules (Foundation's `TimeZone(identifier:)`), so a local time
/// on either side of a daylight-saving change gets its own offset.
public enum ImportTimeZone {
    /// The zone named `name` (surrounding spaces ignored; letter case as the tz database spells
    /// it, or any case for the zones Foundation lists), or nil when there is no such zone. Only
    /// letters, digits, `_`, `+`, `-` and `/` between non-empty parts are looked up, so a hostile
    /// cell (`../../etc/passwd`) never reaches the zone database's files.
    public static func named(_ name: String) -> TimeZone? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard isPlausible(trimmed) else { return nil }
        if let zone = TimeZone(identifier: trimmed) { return zone }
        return knownByLowercase[trimmed.lowercased()].flatMap(TimeZone.init(identifier:))
    }

    private static func isPlausible(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, first.isLetter else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-".contains($0)) }
        }
    }

    /// UTC, the metrics' time zone and the default for times without a zone.
    public static let utc = TimeZone(identifier: "UTC")!

    private static let knownByLowercase: [String: String] =
        Dictionary((TimeZone.knownTimeZoneIdentifiers + ["UTC", "GMT"]).map { ($0.lowercased(), $0) }) { first, _ in first }

    /// The instant a wall-clock time in `zone` names, as seconds since 1970 (`local` counts the
    /// wall-clock time's seconds since 1970-01-01 00:00 as if it were UTC). A time the clocks
    /// skipped (the hour lost when daylight saving starts) is nil; a time they passed twice (the
    /// hour repeated when it ends) is its first occurrence, the earlier instant.
    static func instant(ofLocal local: Int, in zone: TimeZone) -> Int? {
        if zone.identifier == "UTC" || zone.identifier == "GMT" { return local }
        // Any change of offset near the time lies within a day of it; try the offsets on both sides.
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400)))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400)))
        let candidates = Set([before, after]).map { local - $0 }.filter { instant in
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))) == local - instant
        }
        return candidates.min()
    }
}
