/// One month's network-growth figures (DESIGN.md, "Network growth"): a row of
/// `mm_metrics.network_monthly`, as the metrics service computes it and the store keeps it.
public struct NetworkMonth: Sendable, Equatable {
    /// The month as a month index (`CalendarDate.monthIndex`): the calculator counts months as
    /// consecutive integers.
    public var month: Int
    public var newTies = 0
    public var cumulativeTies = 0
    public var crossDepartmentShare: Double?
    public var averageDegree: Double?
    public var components = 0
    public var largestComponentShare: Double?
    public var meanTwoHopReach: Double?
    public var averageDistinctMentors12m: Double?
    public var averageNetworkBreadth12m: Double?

    public init(month: Int) { self.month = month }
}
