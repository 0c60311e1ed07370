import Foundation
import MMDomain

/// Files the command line writes (`--output`, `--errors-csv`, generated exports).
enum OutputFile {
    /// Writes `text` to `path` through a temporary file in the same folder that is renamed
    /// into place, so a failed or killed write never leaves half a file; a failure is an
    /// unwritable-output error (exit 74).
    static func write(_ text: String, to path: String) throws(MMError) {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path` the same way (a PDF report).
    static func write(_ data: Data, to path: String) throws(MMError) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw MMError(.unwritableOutput, "Cannot write \(path).", details: [error.localizedDescription])
        }
    }
}
