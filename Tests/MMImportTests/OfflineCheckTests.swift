import Foundation
import MMImport
import Testing

/// What the fuzz target drives (scripts/fuzz.sh): reading arbitrary bytes as an import file.
@Suite("Reading arbitrary bytes as an import file")
struct OfflineCheckTests {
    @Test("damaged files are refusals, not crashes", arguments: [
        Data("cohort_id,start_date\nQ1,2026-02-30\n".utf8),                // a day that does not exist
        Data("a,\"unterminated\n1,2\n".utf8),                               // an open quote
        Data([0x45, 0x2C, 0xFF, 0xFE, 0x0A, 0x31, 0x2C, 0x00, 0x0A]),        // invalid UTF-8 and a NUL
        Data("\u{FEFF}Employee ID\r\n\r\n\r\n".utf8),                       // a BOM, no e-mail column
    ])
    func damaged(data: Data) {
        #expect(OfflineCheck.refusals(in: data) > 0)
    }

    @Test("a clean roster header and values that every parser accepts somewhere count few refusals")
    func clean() {
        let refusals = OfflineCheck.refusals(in: Data("Employee ID,Email\nE1,a@x.test\n".utf8))
        let broken = OfflineCheck.refusals(in: Data("Employee ID,Email\nE1,2026-13-45\n".utf8))
        #expect(broken > refusals)
        #expect(OfflineCheck.refusals(in: Data()) == 0)
    }
}
