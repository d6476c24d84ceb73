/// Where a secret is kept.
public enum SecretStore: String, CaseIterable, Hashable, Sendable {
    case secretsManager = "secrets-manager"
    case ssmSecureString = "ssm-secure-string"
    case ssmString = "ssm-string"
}

/// A stored secret.
public struct Secret: Resource {
    public static let kind = ResourceKind.secret
    public var common = ResourceCommon()
    public var store = Located(SecretStore.secretsManager, at: .start)
    public var kmsKey: Located<String>?
    public var rotationDays: Located<Int>?
    public init() {}
}

/// Allow or deny.
public enum PolicyEffect: String, CaseIterable, Hashable, Sendable {
    case allow = "Allow", deny = "Deny"
}

/// One statement of an inline IAM policy.
public struct PolicyStatement: Hashable, Sendable {
    public var position = SourcePosition.start
    public var effect = Located(PolicyEffect.allow, at: .start)
    public var actions: [Located<String>] = []
    public var resources: [Located<String>] = []
    public var condition: Located<FreeformValue>?
    public init() {}
}

/// An IAM role assumed by services, functions or instances.
public struct Role: Resource {
    public static let kind = ResourceKind.role
    public var common = ResourceCommon()
    public var assumedBy: [Located<String>] = []
    public var managedPolicies: [Located<String>] = []
    public var statements: [PolicyStatement] = []
    public init() {}
}

/// An IAM user: a person or a long-lived machine identity.
public struct User: Resource {
    public static let kind = ResourceKind.user
    public var common = ResourceCommon()
    public var consoleAccess: Located<Bool>?
    public var mfa: Located<Bool>?
    public var accessKeys: Located<Int>?
    public var groups: [Located<String>] = []
    public var managedPolicies: [Located<String>] = []
    public var statements: [PolicyStatement] = []
    public init() {}
}

/// Multi-factor authentication setting of a user pool.
public enum MFAMode: String, CaseIterable, Hashable, Sendable {
    case off, optional, required
}

/// OAuth 2.0 grant types a user pool allows.
public enum OAuthFlow: String, CaseIterable, Hashable, Sendable {
    case implicit, code
    case clientCredentials = "client_credentials"
}

/// Cognito advanced security mode.
public enum AdvancedSecurity: String, CaseIterable, Hashable, Sendable {
    case off, audit, enforced
}

/// A user pool's password requirements.
public struct PasswordPolicy: Hashable, Sendable {
    public var position = SourcePosition.start
    public var minLength: Located<Int>?
    public var requireLowercase: Located<Bool>?
    public var requireUppercase: Located<Bool>?
    public var requireNumbers: Located<Bool>?
    public var requireSymbols: Located<Bool>?
    public init() {}
}

/// A user directory with sign-in (Cognito user pool).
public struct UserPool: Resource {
    public static let kind = ResourceKind.userPool
    public var common = ResourceCommon()
    public var mfa: Located<MFAMode>?
    public var passwordPolicy: PasswordPolicy?
    public var oauthFlows: [Located<OAuthFlow>] = []
    public var callbackUrls: [Located<String>] = []
    public var advancedSecurity: Located<AdvancedSecurity>?
    public var triggers: [Located<String>] = []
    public init() {}
}
