/// Each kind names its own `common` property. A key path formed through the `Resource`
/// protocol (`\R.common`) is a computed one, read by calling the witness; one formed on the
/// concrete type is a stored property at a fixed offset, which the schema tables read with a
/// plain load (`StoredProperty`).
extension Network { public static var commonProperty: WritableKeyPath<Network, ResourceCommon> & Sendable { \Network.common } }
extension SecurityGroup { public static var commonProperty: WritableKeyPath<SecurityGroup, ResourceCommon> & Sendable { \SecurityGroup.common } }
extension LoadBalancer { public static var commonProperty: WritableKeyPath<LoadBalancer, ResourceCommon> & Sendable { \LoadBalancer.common } }
extension Cluster { public static var commonProperty: WritableKeyPath<Cluster, ResourceCommon> & Sendable { \Cluster.common } }
extension Service { public static var commonProperty: WritableKeyPath<Service, ResourceCommon> & Sendable { \Service.common } }
extension Database { public static var commonProperty: WritableKeyPath<Database, ResourceCommon> & Sendable { \Database.common } }
extension Cache { public static var commonProperty: WritableKeyPath<Cache, ResourceCommon> & Sendable { \Cache.common } }
extension Bucket { public static var commonProperty: WritableKeyPath<Bucket, ResourceCommon> & Sendable { \Bucket.common } }
extension Secret { public static var commonProperty: WritableKeyPath<Secret, ResourceCommon> & Sendable { \Secret.common } }
extension Role { public static var commonProperty: WritableKeyPath<Role, ResourceCommon> & Sendable { \Role.common } }
extension User { public static var commonProperty: WritableKeyPath<User, ResourceCommon> & Sendable { \User.common } }
extension Function { public static var commonProperty: WritableKeyPath<Function, ResourceCommon> & Sendable { \Function.common } }
extension Api { public static var commonProperty: WritableKeyPath<Api, ResourceCommon> & Sendable { \Api.common } }
extension UserPool { public static var commonProperty: WritableKeyPath<UserPool, ResourceCommon> & Sendable { \UserPool.common } }
extension Instance { public static var commonProperty: WritableKeyPath<Instance, ResourceCommon> & Sendable { \Instance.common } }
extension LogGroup { public static var commonProperty: WritableKeyPath<LogGroup, ResourceCommon> & Sendable { \LogGroup.common } }
extension Queue { public static var commonProperty: WritableKeyPath<Queue, ResourceCommon> & Sendable { \Queue.common } }
extension Topic { public static var commonProperty: WritableKeyPath<Topic, ResourceCommon> & Sendable { \Topic.common } }
extension Registry { public static var commonProperty: WritableKeyPath<Registry, ResourceCommon> & Sendable { \Registry.common } }
extension Frontend { public static var commonProperty: WritableKeyPath<Frontend, ResourceCommon> & Sendable { \Frontend.common } }
extension DnsZone { public static var commonProperty: WritableKeyPath<DnsZone, ResourceCommon> & Sendable { \DnsZone.common } }
extension External { public static var commonProperty: WritableKeyPath<External, ResourceCommon> & Sendable { \External.common } }
extension Subnet { public static var commonProperty: WritableKeyPath<Subnet, ResourceCommon> & Sendable { \Subnet.common } }
