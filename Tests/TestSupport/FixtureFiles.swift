import Foundation

/// Files under `Tests/Fixtures`, such as the sample scheduling-tool exports.
public enum FixtureFiles {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The path of `relative` (`scheduling/calendly-scheduled-events.csv`).
    public static func path(_ relative: String) -> String {
        folder.appendingPathComponent(relative).path
    }

    /// The text of `relative`.
    public static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }
}
