/// What a set-based check found wrong with a staged row: its file line, the staged column
/// (the import's field) it concerns, and the message.
public struct StagedRowProblem: Sendable, Equatable {
    public let line: Int
    public let column: String
    public let message: String
}
