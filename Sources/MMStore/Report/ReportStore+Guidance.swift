import MMCalendar
import PostgresClient

extension ReportStore {
    /// The report month's "where guidance is needed" figures, from the range functions of
    /// `sql/definitions/070–100` for that month only (nil figures: hidden by disclosure control).
    public struct Guidance: Sendable, Equatable {
        /// One topic's demand and supply (`topic_demand_between`).
        public struct Topic: Sendable, Equatable {
            public let topic: String
            public let sessions: Int?
            public let waitingMentees: Int?
            public let offeringMentors: Int?
            public let availableMentors: Int?
            public let freeCapacity: Int?
            public let demandPerAvailableMentor: Double?

            public init(topic: String, sessions: Int?, waitingMentees: Int?, offeringMentors: Int?, availableMentors: Int?,
                        freeCapacity: Int?, demandPerAvailableMentor: Double?) {
                self.topic = topic
                self.sessions = sessions
                self.waitingMentees = waitingMentees
                self.offeringMentors = offeringMentors
                self.availableMentors = availableMentors
                self.freeCapacity = freeCapacity
                self.demandPerAvailableMentor = demandPerAvailableMentor
            }
        }

        /// One session format's participation and feedback (`format_feedback_between`).
        public struct Format: Sendable, Equatable {
            public let format: String
            public let sessions: Int?
            public let participants: Int?
            public let averageRating: Double?
            public let ratedSessions: Int?
            public let averageMentorRating: Double?
            /// The mentor ratings behind `averageMentorRating`; nil when it is hidden.
            public let mentorRatedSessions: Int?
            public let goalMetRate: Double?
            public let followUps: Int?

            public init(format: String, sessions: Int?, participants: Int?, averageRating: Double?, ratedSessions: Int?,
                        averageMentorRating: Double?, mentorRatedSessions: Int?, goalMetRate: Double?, followUps: Int?) {
                self.mentorRatedSessions = mentorRatedSessions
                self.format = format
                self.sessions = sessions
                self.participants = participants
                self.averageRating = averageRating
                self.ratedSessions = ratedSessions
                self.averageMentorRating = averageMentorRating
                self.goalMetRate = goalMetRate
                self.followUps = followUps
            }
        }

        /// Sessions rated `rating` by one side, "mentee" or "mentor" (`rating_distribution_between`).
        public struct Rating: Sendable, Equatable {
            public let side: String
            public let rating: Int
            public let sessions: Int?

            public init(side: String, rating: Int, sessions: Int?) {
                self.side = side
                self.rating = rating
                self.sessions = sessions
            }
        }

        /// The figure columns of `mentor_load_monthly`.
        public static let loadColumns = [
            "mentors", "idle_mentors", "under_capacity_mentors", "at_capacity_mentors", "over_capacity_mentors",
            "total_capacity", "total_load", "busiest_mentors", "busiest_session_share",
        ]
        /// The figure columns of `time_to_first_session_monthly`.
        public static let timeToFirstSessionColumns = [
            "first_sessions", "median_days_to_first_session", "waiting_mentees", "waiting_over_30_days",
        ]

        /// Topics by unmet demand: most waiting mentees first, hidden counts after shown ones.
        public let topics: [Topic]
        public let load: Figures
        public let formats: [Format]
        public let ratings: [Rating]
        public let timeToFirstSession: Figures

        public init(topics: [Topic], load: Figures, formats: [Format], ratings: [Rating], timeToFirstSession: Figures) {
            self.topics = topics
            self.load = load
            self.formats = formats
            self.ratings = ratings
            self.timeToFirstSession = timeToFirstSession
        }
    }

    /// The month's guidance figures: one call per range function, each reading that month only.
    public func guidance(in month: CalendarDate) throws -> Guidance {
        let topics = try connection.query("""
            SELECT topic, sessions, waiting_mentees, offering_mentors, available_mentors, free_capacity, demand_per_available_mentor
            FROM mm_metrics.topic_demand_between(\(month)::date, \(month)::date)
            ORDER BY waiting_mentees IS NULL, waiting_mentees DESC, demand_per_available_mentor DESC NULLS FIRST, topic
            """).rows.map {
            Guidance.Topic(topic: try $0.decode(String.self, "topic"), sessions: try $0.decode(Int?.self, "sessions"),
                           waitingMentees: try $0.decode(Int?.self, "waiting_mentees"),
                           offeringMentors: try $0.decode(Int?.self, "offering_mentors"),
                           availableMentors: try $0.decode(Int?.self, "available_mentors"),
                           freeCapacity: try $0.decode(Int?.self, "free_capacity"),
                           demandPerAvailableMentor: try $0.decode(Double?.self, "demand_per_available_mentor"))
        }
        let formats = try connection.query("""
            SELECT format, sessions, active_participants, avg_rating, rated_sessions, avg_mentor_rating, mentor_rated_sessions,
                   goal_met_rate, follow_ups
            FROM mm_metrics.format_feedback_between(\(month)::date, \(month)::date)
            ORDER BY sessions IS NULL, sessions DESC, format
            """).rows.map {
            Guidance.Format(format: try $0.decode(String.self, "format"), sessions: try $0.decode(Int?.self, "sessions"),
                            participants: try $0.decode(Int?.self, "active_participants"),
                            averageRating: try $0.decode(Double?.self, "avg_rating"),
                            ratedSessions: try $0.decode(Int?.self, "rated_sessions"),
                            averageMentorRating: try $0.decode(Double?.self, "avg_mentor_rating"),
                            mentorRatedSessions: try $0.decode(Int?.self, "mentor_rated_sessions"),
                            goalMetRate: try $0.decode(Double?.self, "goal_met_rate"), followUps: try $0.decode(Int?.self, "follow_ups"))
        }
        let ratings = try connection.query("""
            SELECT side, rating, sessions FROM mm_metrics.rating_distribution_between(\(month)::date, \(month)::date)
            ORDER BY side DESC, rating
            """).rows.map {
            Guidance.Rating(side: try $0.decode(String.self, "side"), rating: try $0.decode(Int.self, "rating"),
                            sessions: try $0.decode(Int?.self, "sessions"))
        }
        let load = try figures(connection.query("""
            SELECT * FROM mm_metrics.mentor_load_between(\(month)::date, \(month)::date)
            """), Guidance.loadColumns)
        let waits = try figures(connection.query("""
            SELECT * FROM mm_metrics.time_to_first_session_between(\(month)::date, \(month)::date)
            """), Guidance.timeToFirstSessionColumns)
        return Guidance(topics: topics, load: load[month] ?? [:], formats: formats, ratings: ratings,
                        timeToFirstSession: waits[month] ?? [:])
    }
}
