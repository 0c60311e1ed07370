import Foundation
import MMCalendar
import MMDomain
import Testing
@testable import MMIntroductions

@Suite("Introduction texts: iCalendar, e-mail, template, slots")
struct IntroTextTests {
    @Test("iCalendar TEXT escapes backslash, semicolon, comma and line breaks; parameters follow RFC 6868")
    func calendarEscaping() {
        #expect(ICalendarText.text("a\\b;c,d\r\ne\nf\rg\u{7}h") == "a\\\\b\\;c\\,d\\ne\\nf\\ng h")
        #expect(ICalendarText.quotedParameter("Bo \"The Closer\" ^\r\nx") == "\"Bo ^'The Closer^' ^^^n^nx\"")
    }

    @Test("folding keeps every line within 75 octets, never splits a UTF-8 sequence, and unfolds to the original")
    func folding() {
        let line = "DESCRIPTION:" + String(repeating: "Zoë Ångström-Łukasz 🤝 ", count: 12)
        let folded = ICalendarText.folded(line)
        #expect(folded.hasSuffix("\r\n"))
        let physical = folded.dropLast(2).components(separatedBy: "\r\n")
        #expect(physical.count > 3)
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        // Each physical line is valid UTF-8 on its own: no sequence was cut.
        #expect(physical.allSatisfy { String(data: Data($0.utf8), encoding: .utf8) == $0 })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line + "\r\n")
        #expect(ICalendarText.folded("SHORT") == "SHORT\r\n")
        #expect(ICalendarText.dateTime(UTCMinute(day: CalendarDate(iso: "2026-12-07")!, minuteOfDay: 9 * 60 + 5)) == "20261207T090500Z")
    }

    @Test("display names: line breaks cannot start a header, quotes are escaped, non-ASCII is encoded")
    func mailboxes() throws {
        #expect(EmailText.mailbox(name: "Ann Ames", address: "ann@acme.test") == "Ann Ames <ann@acme.test>")
        #expect(EmailText.mailbox(name: "Di\r\nBcc: evil@x.test", address: "di@acme.test") == "\"Di  Bcc: evil@x.test\" <di@acme.test>")
        #expect(EmailText.mailbox(name: "Bo \"The\\Closer\", Jr.", address: "bo@acme.test") == "\"Bo \\\"The\\\\Closer\\\", Jr.\" <bo@acme.test>")
        #expect(EmailText.mailbox(name: nil, address: "x@acme.test") == "<x@acme.test>")
        let encoded = EmailText.mailbox(name: "Zoë", address: "z@acme.test")
        #expect(encoded == "=?UTF-8?B?" + Data("Zoë".utf8).base64EncodedString() + "?= <z@acme.test>")
        // A long non-ASCII subject: several encoded-words, each at most 75 characters, decoding back.
        let subject = String(repeating: "Łukasz und Zoë – ", count: 8)
        let words = EmailText.unstructured(subject).split(separator: " ")
        #expect(words.count > 1 && words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map { word -> String in
            let payload = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(payload))!, as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(EmailText.unstructured("plain =?x?= trick") .hasPrefix("=?UTF-8?B?"))
        let header = EmailText.header("Subject", EmailText.unstructured(subject))
        #expect(header.hasSuffix("\r\n") && header.components(separatedBy: "\r\n").dropLast().allSatisfy { $0.utf8.count <= 78 })
        #expect(header.components(separatedBy: "\r\n").dropFirst().dropLast().allSatisfy { $0.hasPrefix(" ") })
    }

    @Test("quoted-printable: short lines, no split escape, trailing space encoded, round trip")
    func quotedPrintable() {
        let text = "Grüße, Zoë! = equal " + String(repeating: "ÅÅ", count: 60) + " \nsecond line with trailing space \n"
        let encoded = EmailText.quotedPrintable(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(encoded.allSatisfy { $0.isASCII })
        #expect(encoded.contains("space=20\r\n"))
        #expect(encoded.contains("=3D equal"))
        // Decode: drop soft breaks, then =XX.
        let joined = encoded.replacingOccurrences(of: "=\r\n", with: "")
        var bytes: [UInt8] = []
        let utf8 = Array(joined.utf8)
        var position = 0
        while position < utf8.count {
            if utf8[position] == UInt8(ascii: "=") {
                bytes.append(UInt8(String(decoding: utf8[(position + 1)...(position + 2)], as: UTF8.self), radix: 16)!)
                position += 3
            } else {
                bytes.append(utf8[position])
                position += 1
            }
        }
        #expect(String(decoding: bytes, as: UTF8.self) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("the template: subject line, placeholders, and refusals naming the line")
    func template() throws {
        let template = try IntroTemplate(text: "Subject: Hi {{ mentee_name }}\r\n\r\nAbout {{topic}}.\n{{slot}}", name: "t.txt")
        let rendered = template.render(["mentee_name": "Di", "topic": "sql", "slot": "Monday"])
        #expect(rendered.subject == "Hi Di")
        #expect(rendered.body == "About sql.\nMonday")
        #expect(throws: MMError.self) { try IntroTemplate(text: "Subject: x\n\nHello {{boss}}", name: "t.txt") }
        do {
            _ = try IntroTemplate(text: "Subject: x\n\nHello\n{{mentee_name}} {{boss}}", name: "t.txt")
            Issue.record("an unknown placeholder was accepted")
        } catch {
            #expect(error.category == .dataError)
            #expect(error.message == "The template t.txt uses the unknown placeholder {{boss}} on line 4.")
        }
        do {
            _ = try IntroTemplate(text: "Dear {{mentee_name", name: "t.txt")
            Issue.record("an unclosed placeholder was accepted")
        } catch {
            #expect(error.message == "The template t.txt has a {{ without }} on line 1.")
        }
        #expect(throws: MMError.self) { try IntroTemplate(data: Data([0xFF, 0xFE, 0x00]), name: "t.txt") }
        let standard = try IntroTemplate.standard().render(["topic": "negotiation", "mentee_name": "Di", "mentor_name": "Cy"])
        #expect(standard.subject == "Micromentoring introduction: Di and Cy")
        #expect(standard.body.contains("talk about negotiation") && standard.body.contains("one clear question")
                && standard.body.contains("20–30 minutes"))
        // Without a subject line the whole text is the body.
        #expect(try IntroTemplate(text: "Hello {{mentor_name}}", name: "t").render(["mentor_name": "Cy"]).body == "Hello Cy")
    }

    @Test("slot windows: weekdays only, working hours, refusals")
    func windows() throws {
        let window = try #require(SlotWindow("2026-12-04 16:00..2026-12-07 17:00"))   // Friday to Monday
        let slots = window.slots(minutes: 30)
        #expect(slots.map(\.description) == ["2026-12-04 16:00", "2026-12-04 16:30", "2026-12-07 16:00", "2026-12-07 16:30"])
        #expect(SlotWindow("2026-12-07 09:00-2026-12-11 17:00") == nil)
        #expect(SlotWindow("2026-12-11 09:00..2026-12-07 17:00") == nil)
        #expect(SlotWindow("2026-12-07 17:00..2026-12-11 09:00") == nil)
        #expect(SlotWindow("2026-12-07 9:00..2026-12-11 17:00") == nil)
        let week = SlotWindow.weekAfter(CalendarDate(iso: "2026-10-15")!)
        #expect(week.first.description == "2026-10-19 09:00" && week.last.description == "2026-10-23 17:00")
        #expect(SlotWindow.weekAfter(CalendarDate(iso: "2026-10-19")!).first.description == "2026-10-26 09:00")
    }

    @Test("slot planning spreads pairs, never double-books a person, and refuses a window too small")
    func planning() throws {
        let window = try #require(SlotWindow("2026-12-07 09:00..2026-12-07 11:00"))  // four 30-minute slots
        let pairs = [("M1", "T1"), ("M2", "T1"), ("M3", "T1"), ("M4", "T2")]
        let planned = try SlotPlanner.plan(pairs: pairs, window: window, minutes: 30)
        #expect(planned.map(\.clock) == ["09:00", "09:30", "10:00", "10:30"])
        // T1 mentors three people: three different slots; T2's pair may share one of them.
        let crowded = try SlotPlanner.plan(pairs: [("M1", "T1"), ("M2", "T1"), ("M3", "T2"), ("M4", "T1")], window: window, minutes: 30)
        #expect(Set([crowded[0], crowded[1], crowded[3]]).count == 3)
        #expect(crowded.map(\.clock) == ["09:00", "09:30", "10:00", "10:30"])
        #expect(throws: MMError.self) {
            try SlotPlanner.plan(pairs: [("M1", "T1"), ("M2", "T1"), ("M3", "T1")], window: window, minutes: 60)
        }
        #expect(try SlotPlanner.plan(pairs: [("M1", "T1"), ("M2", "T1")], window: window, minutes: 60).map(\.clock) == ["09:00", "10:00"])
        #expect(try SlotPlanner.plan(pairs: pairs, window: window, minutes: 30)
                == SlotPlanner.plan(pairs: pairs, window: window, minutes: 30))
    }
}
