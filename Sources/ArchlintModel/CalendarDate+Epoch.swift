/// The day a count of days since 1970-01-01 falls on, by arithmetic: `archlint` asks for
/// today's date at every run, and Foundation's `Calendar` cost more to set up than the
/// whole rule catalog once it was ready-made (see docs/performance.md, "Start-up").
extension CalendarDate {
    /// The proleptic Gregorian day `days` after 1970-01-01 (negative before it), or nil
    /// outside the years 1 to 9999. Howard Hinnant's `civil_from_days`: eras of 400 years
    /// (146,097 days) starting on March 1st, so that the leap day ends each year.
    public init?(daysSince1970 days: Int) {
        let shifted = days + 719_468  // from 1970-01-01 to 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365, from March 1st
        let monthFromMarch = (5 * dayOfYear + 2) / 153  // 0...11
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day)
    }
}
