import ArgumentParser
import MMDomain
import MMStore

/// `mmadmin settings …`: program-wide settings stored in the database.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show and change program-wide settings: privacy threshold, matching.",
        subcommands: [SettingsList.self, SettingsSet.self])
}

struct SettingsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every setting with its value and meaning.")
    @OptionGroup var list: ListOptions

    func run() throws {
        let stored = try SettingsRepository(connection: list.connection.connect()).stored()
        list.print(Table(columns: ["name", "value", "meaning"], rows: ProgramSetting.all.map {
            [.text($0.name), Cell(stored[$0.key]), .text($0.meaning)]
        }))
    }
}

struct SettingsSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change one setting.",
        discussion: """
            Examples: `mmadmin settings set small-group-threshold 7` (groups of fewer than 7 people \
            show no figures in mm_metrics and reports, from the next read on; never below 3), \
            `mmadmin settings set match-cooldown-days 60`. `mmadmin settings list` names them all.
            """)
    @Argument(help: "The setting's name, as `settings list` shows it.") var name: String
    @Argument(help: "The new value.") var value: String
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let setting = try ProgramSetting.named(name)
        let stored = try setting.storedValue(value)
        try SettingsRepository(connection: connection.connect()).store(stored, for: setting.key)
        print("\(setting.name) is now \(stored).")
    }
}
