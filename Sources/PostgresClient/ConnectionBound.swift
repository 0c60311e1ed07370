/// The base of the types whose work runs over one connection (the store's repositories, the
/// services that combine them): they are made from a connection and use it, nothing more, so
/// that holding it is written once.
open class ConnectionBound {
    /// The connection every statement of this object runs on.
    public let connection: PostgresConnection

    public required init(connection: PostgresConnection) {
        self.connection = connection
    }
}
