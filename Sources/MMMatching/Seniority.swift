/// Seniority levels read from job titles, so that matching can prefer mentors a little more
/// senior than their mentee. Titles vary too much to be sure; a title with none of the words
/// below has no level, and the seniority preference then does not apply to the pair.
///
/// Levels: 0 intern or trainee; 1 junior, associate, assistant or coordinator; 2 a professional
/// title (engineer, analyst, specialist, consultant…); 3 senior professional; 4 lead, staff,
/// principal or manager; 5 senior manager; 6 director, head or partner; 7 vice president;
/// 8 chief officer or president.
public enum Seniority {
    public static func level(of title: String?) -> Int? {
        guard let title else { return nil }
        let words = Set(title.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        let senior = words.contains("senior") || words.contains("sr")
        if words.contains("vice") && words.contains("president") || !words.isDisjoint(with: ["vp", "svp", "evp"]) { return 7 }
        if !words.isDisjoint(with: ["chief", "ceo", "cto", "cfo", "coo", "cio", "president"]) { return 8 }
        if !words.isDisjoint(with: ["director", "head", "partner"]) { return 6 }
        if words.contains("manager") { return senior ? 5 : 4 }
        if !words.isDisjoint(with: ["lead", "staff", "principal"]) { return 4 }
        if !words.isDisjoint(with: ["intern", "trainee", "apprentice"]) { return 0 }
        if !words.isDisjoint(with: ["junior", "jr", "associate", "assistant", "coordinator"]) { return 1 }
        if !words.isDisjoint(with: professions) { return senior ? 3 : 2 }
        return nil
    }

    static let professions: Set<String> = [
        "engineer", "developer", "analyst", "specialist", "consultant", "designer", "scientist", "accountant",
        "architect", "administrator", "representative", "officer", "researcher", "advisor", "adviser", "recruiter",
        "counsel", "lawyer", "editor", "writer", "technician", "planner", "buyer", "controller", "auditor",
    ]
}
