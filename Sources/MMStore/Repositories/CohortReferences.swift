import MMDomain
import PostgresClient

/// How text names a cohort, wherever a cohort is named (commands, import files): by the
/// cohort whose external id equals it, else by the cohort whose name equals it. Text that is
/// one cohort's external id and another's name is ambiguous and names neither.
public struct CohortReferences {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// For each row of `references` (a query with one text column `ref`): the cohort it names
    /// (`cohort_id`, NULL when none or ambiguous), and the names of the cohorts whose external
    /// id (`external_id_of`) and whose name (`name_of`) it is, which differ when it is ambiguous.
    /// The one place the rule is written.
    static func resolution(of references: SQLQuery) -> SQLQuery {
        """
        SELECT r.ref,
               CASE WHEN by_id.cohort_id <> by_name.cohort_id THEN NULL
                    ELSE coalesce(by_id.cohort_id, by_name.cohort_id) END AS cohort_id,
               by_id.name AS external_id_of, by_name.name AS name_of
        FROM (\(fragment: references)) AS r
        LEFT JOIN mm.cohorts AS by_id ON by_id.external_id = r.ref
        LEFT JOIN mm.cohorts AS by_name ON by_name.name = r.ref
        """
    }

    /// Why `reference` names no cohort: it names two (the one whose external id it is and
    /// another whose name it is), or none.
    static func unresolved(_ reference: String, externalIDOf: String?, nameOf: String?) -> String {
        guard let externalIDOf, let nameOf else { return "no cohort has the id or name \(reference)" }
        return "\(reference) names two cohorts: the external id of \(externalIDOf) and the name of \(nameOf)"
    }

    /// The id of the cohort `reference` names; nil when it names none; throws a `.dataError`
    /// when it names two.
    func cohortID(_ reference: String) throws -> Int? {
        let row = try connection.query(Self.resolution(of: "SELECT \(reference)::text AS ref")).first!
        if let id = try row.decode(Int?.self, "cohort_id") { return id }
        let externalIDOf = try row.decode(String?.self, "external_id_of"), nameOf = try row.decode(String?.self, "name_of")
        guard externalIDOf != nil, nameOf != nil else { return nil }
        throw MMError(.dataError, Self.unresolved(reference, externalIDOf: externalIDOf, nameOf: nameOf) + ".",
                      remedy: .listCohorts)
    }

    /// The table (in `pg_temp`, named after `table`) resolving each distinct reference in
    /// `column` of the staging table `table` once: `ref`, `cohort_id` (NULL when it names none
    /// or two) and the names for `problems`. `StagedRows.resolveReferences` joins it.
    func referenceTable(table: String, column: String) throws -> String {
        let references = "\(table)_cohorts"
        try connection.execute("""
            CREATE TEMP TABLE \(identifier: references) ON COMMIT DROP AS
            \(fragment: Self.resolution(of: """
                SELECT DISTINCT \(identifier: column) AS ref FROM pg_temp.\(identifier: table)
                WHERE \(identifier: column) IS NOT NULL
                """))
            """)
        return references
    }

    /// A problem for each row of the staging table `table` whose reference in `column` names
    /// no cohort or two, from the table `referenceTable` made.
    func problems(table: String, column: String, references: String) throws -> [StagedRowProblem] {
        try connection.query("""
            SELECT s.line, r.ref, r.external_id_of, r.name_of
            FROM pg_temp.\(identifier: table) AS s JOIN pg_temp.\(identifier: references) AS r ON r.ref = s.\(identifier: column)
            WHERE r.cohort_id IS NULL ORDER BY s.line
            """).rows.map { row in
            StagedRowProblem(line: try row.decode(Int.self, "line"), column: column,
                             message: Self.unresolved(try row.decode(String.self, "ref"),
                                                      externalIDOf: try row.decode(String?.self, "external_id_of"),
                                                      nameOf: try row.decode(String?.self, "name_of")))
        }
    }
}
