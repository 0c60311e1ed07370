import MMDomain
import PostgresClient

/// Topic aliases (`mm.topic_aliases`, migration 0016): spellings merged into one topic. Topics
/// are compared through `mm.topic_key` (case and spacing ignored) everywhere, so an alias is
/// needed only for different words ("k8s" and "Kubernetes").
public final class TopicRepository: ConnectionBound {
    /// One alias: `alias` is counted as `topic`.
    public struct Alias: Sendable, Equatable {
        public let alias: String
        public let topic: String
    }

    /// Merges `alias` into `topic` (replacing an earlier alias of the same spelling). Refused
    /// when the two are the same topic, when `topic` is itself an alias, or when other aliases
    /// point at `alias` (one level only, so a topic's key never depends on a chain).
    public func addAlias(_ alias: String, for topic: String) throws {
        let keys = try connection.query("""
            SELECT mm.topic_key(\(alias)) AS alias_key, mm.topic_key(\(topic)) AS topic_key,
                   EXISTS (SELECT 1 FROM mm.topic_aliases WHERE alias_key = mm.topic_key(\(topic))) AS topic_is_alias,
                   EXISTS (SELECT 1 FROM mm.topic_aliases WHERE mm.topic_key(topic) = mm.topic_key(\(alias))) AS alias_is_topic
            """).first!
        guard let aliasKey = try keys.decode(String?.self, "alias_key"),
              let topicKey = try keys.decode(String?.self, "topic_key") else {
            throw MMError(.usage, "A topic and its alias need some text besides spaces.")
        }
        guard aliasKey != topicKey else {
            throw MMError(.usage, "\"\(alias)\" and \"\(topic)\" are the same topic already (case and spacing are ignored).")
        }
        guard try !keys.decode(Bool.self, "topic_is_alias") else {
            throw MMError(.dataError, "\"\(topic)\" is itself an alias; name the topic it stands for.")
        }
        guard try !keys.decode(Bool.self, "alias_is_topic") else {
            throw MMError(.dataError, "Other aliases stand for \"\(alias)\"; remove them first or alias them to \"\(topic)\".")
        }
        guard alias.count <= 200, topic.count <= 200 else {
            throw MMError(.usage, "A topic has at most 200 characters.")
        }
        try connection.execute("""
            INSERT INTO mm.topic_aliases (alias_key, alias, topic) VALUES (\(aliasKey), \(alias), \(topic))
            ON CONFLICT (alias_key) DO UPDATE SET alias = excluded.alias, topic = excluded.topic, created_at = now()
            """)
    }

    /// Removes the alias spelled like `alias` (case and spacing ignored); false when there is none.
    public func removeAlias(_ alias: String) throws -> Bool {
        try connection.execute("DELETE FROM mm.topic_aliases WHERE alias_key = mm.topic_key(\(alias))").affectedRows == 1
    }

    /// Every alias, by topic then alias.
    public func aliases() throws -> [Alias] {
        try connection.query("SELECT alias, topic FROM mm.topic_aliases ORDER BY mm.topic_key(topic), alias_key").rows.map {
            Alias(alias: try $0.decode(String.self, "alias"), topic: try $0.decode(String.self, "topic"))
        }
    }
}
