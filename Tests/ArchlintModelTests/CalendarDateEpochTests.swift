import ArchlintModel
import Foundation
import Testing

@Suite("Calendar days counted from 1970")
struct CalendarDateEpochTests {
    private let calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Foundation's answer, in UTC: what `archlint` used before it counted days itself.
    private func foundationDay(_ days: Int) -> CalendarDate? {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    @Test("the same day as Foundation's Gregorian calendar, every day from 1900 to 2200")
    func agreesWithFoundation() {
        // -25567 is 1900-01-01, 84006 is 2200-01-01: centuries that are and are not leap
        // years (1900, 2000, 2100), and every month end between.
        var mismatches: [String] = []
        for days in -25_567...84_006 where CalendarDate(daysSince1970: days) != foundationDay(days) {
            mismatches.append("\(days): \(String(describing: CalendarDate(daysSince1970: days))) vs \(String(describing: foundationDay(days)))")
            if mismatches.count > 5 { break }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("known days, and nothing outside the years 1 to 9999")
    func knownDays() {
        #expect(CalendarDate(daysSince1970: 0)?.description == "1970-01-01")
        #expect(CalendarDate(daysSince1970: -1)?.description == "1969-12-31")
        #expect(CalendarDate(daysSince1970: 11_016)?.description == "2000-02-29")
        #expect(CalendarDate(daysSince1970: 20_787)?.description == "2026-11-30")
        #expect(CalendarDate(daysSince1970: 2_932_896)?.description == "9999-12-31")
        #expect(CalendarDate(daysSince1970: 2_932_897) == nil)
        #expect(CalendarDate(daysSince1970: -719_162)?.description == "0001-01-01")
        #expect(CalendarDate(daysSince1970: -719_163) == nil)
    }
}
