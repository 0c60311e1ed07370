import MMCalendar
import MMDomain
import Foundation
import ArgumentParser

/// How list commands print: an aligned table for people, JSON or CSV for programs.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table
    case json
    case csv
}
