import MMCalendar
import MMDomain
import Foundation

/// A one-line progress counter on standard error, shown only when it is a terminal.
final class ProgressLine {
    private let noun: String
    private let enabled = Printer.isInteractive
    private var shown = false

    init(noun: String) { self.noun = noun }

    func update(_ count: Int) {
        guard enabled else { return }
        shown = true
        FileHandle.standardError.write(Data("\r\(count.formatted()) \(noun)…".utf8))
    }

    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
