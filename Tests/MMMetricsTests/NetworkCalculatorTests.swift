import MMMetrics
import MMStore
import Testing

@Suite("Network figures on a hand-built graph")
struct NetworkCalculatorTests {
    // Month 0: a triangle 0–1–2 (only 0–1 crosses departments). Month 1: a star around 3 with
    // 4, 5, 6. Month 2: the tie 2–3 joins the two components.
    static let ties = [
        Tie(first: 0, second: 1, month: 0, crossesDepartments: true),
        Tie(first: 1, second: 2, month: 0, crossesDepartments: false),
        Tie(first: 0, second: 2, month: 0, crossesDepartments: false),
        Tie(first: 3, second: 4, month: 1, crossesDepartments: false),
        Tie(first: 3, second: 5, month: 1, crossesDepartments: false),
        Tie(first: 3, second: 6, month: 1, crossesDepartments: nil),
        Tie(first: 2, second: 3, month: 2, crossesDepartments: true),
    ]
    // Person 1 moves from department 1 to department 2 between month 0 and month 1.
    static let meetings = [
        Meeting(month: 0, mentor: 0, mentee: 1, mentorDepartment: 0, menteeDepartment: 1),
        Meeting(month: 0, mentor: 2, mentee: 1, mentorDepartment: 1, menteeDepartment: 1),
        Meeting(month: 1, mentor: 0, mentee: 1, mentorDepartment: 0, menteeDepartment: 2),
    ]

    let months = NetworkCalculator(people: 8).compute(months: 0...13, ties: ties, meetings: meetings)

    @Test func triangle() {
        let m = months[0]
        #expect(m.newTies == 3 && m.cumulativeTies == 3)
        #expect(m.crossDepartmentShare == 1.0 / 3.0)
        #expect(m.averageDegree == 2)
        #expect(m.components == 1)
        #expect(m.largestComponentShare == 1)
        #expect(m.meanTwoHopReach == 2)
    }

    @Test("a star beside the triangle: two components")
    func star() {
        let m = months[1]
        #expect(m.newTies == 3 && m.cumulativeTies == 6)
        #expect(m.crossDepartmentShare == 0) // the tie with unknown departments is left out
        #expect(m.averageDegree == 12.0 / 7.0)
        #expect(m.components == 2)
        #expect(m.largestComponentShare == 4.0 / 7.0)
        #expect(m.meanTwoHopReach == 18.0 / 7.0) // triangle 3 × 2, centre 3, leaves 3 × 3
    }

    @Test("a bridge joins them")
    func bridge() {
        let m = months[2]
        #expect(m.newTies == 1 && m.cumulativeTies == 7)
        #expect(m.crossDepartmentShare == 1)
        #expect(m.components == 1)
        #expect(m.largestComponentShare == 1)
        #expect(m.averageDegree == 2)
        #expect(m.meanTwoHopReach == 30.0 / 7.0) // 3 + 3 + 6 + 6 + 4 × 3
        #expect(months[3].newTies == 0 && months[3].cumulativeTies == 7 && months[3].crossDepartmentShare == nil)
    }

    @Test("12-month mentors and breadth, with a department change between sessions")
    func windows() {
        #expect(months[0].averageDistinctMentors12m == 2)
        #expect(months[0].averageNetworkBreadth12m == 2.0 / 3.0) // 0 met dept 1; 1 met dept 0; 2 met only its own
        #expect(months[1].averageDistinctMentors12m == 2)
        #expect(months[1].averageNetworkBreadth12m == 1) // 0 met depts 1 and 2; 1 met dept 0; 2 none
        #expect(months[12].averageDistinctMentors12m == 1) // month 0 left the window
        #expect(months[12].averageNetworkBreadth12m == 1)
        #expect(months[13].averageDistinctMentors12m == nil)
        #expect(months[13].averageNetworkBreadth12m == nil)
    }
}
