using Microsoft.CodeAnalysis;

namespace SecureRoutes.Analyzers;

/// <summary>Every descriptor of the package, created through one factory so the help link cannot drift from the id.</summary>
public static class Descriptors
{
    /// <summary>Base of every help link; a fork changes it here only.</summary>
    public const string HelpLinkBase = "https://github.com/secureroutes/SecureRoutes.Analyzers/blob/main/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    internal static DiagnosticDescriptor Create(
        string id, string title, string messageFormat, string category, DiagnosticSeverity severity,
        string description, bool isEnabledByDefault = true, params string[] customTags)
    {
#pragma warning disable RS0030 // the one sanctioned use of the constructor
        return new DiagnosticDescriptor(id, title, messageFormat, category, severity, isEnabledByDefault, description, HelpLink(id), customTags);
#pragma warning restore RS0030
    }

    public static readonly DiagnosticDescriptor SR1001MissingPolicyCheck = Create(
        RuleIds.MissingPolicyCheck,
        title: "Endpoint acts on a resource without a central policy check",
        messageFormat: "'{0}' {1} {2} by '{3}' without a central policy check",
        RuleCategories.Authorization, DiagnosticSeverity.Warning,
        description: "An endpoint selects an owned resource (or changes state) by a client-supplied identifier, and no central policy check (IAuthorizationService, an [AuthorizationPolicy] type or method, or one configured in .editorconfig) guards every path before the resource is returned or changed. A caller can name another tenant's id (broken object-level authorization).");

    public static readonly DiagnosticDescriptor SR1002InlineAuthorization = Create(
        RuleIds.InlineAuthorization,
        title: "Authorization is decided inline in an endpoint",
        messageFormat: "'{0}' decides authorization inline: it {1}, then {2}; move the decision into the central policy",
        RuleCategories.Authorization, DiagnosticSeverity.Info,
        description: "An endpoint decides who may act (a role or claim check, a comparison of a persisted role or status, an ownership comparison against the caller, a lookup scoped to the caller) in its own body and denies on the spot. Decisions scattered across endpoints cannot be reviewed, unit-tested or fuzzed in one place, and drift apart as roles and states are added. Move the decision into a method of the central policy ([AuthorizationPolicy] or configured in .editorconfig) and call it.");

    public static readonly DiagnosticDescriptor SR1003FailOpenPolicy = Create(
        RuleIds.FailOpenPolicy,
        title: "Authorization policy allows by default",
        messageFormat: "'{0}' {1}, which fails open: {2}",
        RuleCategories.Authorization, DiagnosticSeverity.Warning,
        description: "A central policy method grants access on a path that makes no explicit decision: a catch that allows, a switch whose default arm allows, a deny-list of enum values followed by an unconditional allow, or an allow that never reads the actor. Such a policy grants access the day a new role, state or failure appears. Write policies as explicit deny guards followed by one allow, and deny in catch and default paths.");

    public static readonly DiagnosticDescriptor SR2001ClientSuppliedPrivilege = Create(
        RuleIds.ClientSuppliedPrivilege,
        title: "Client-supplied privilege is trusted",
        messageFormat: "'{0}' from the {1} {2} without a policy check",
        RuleCategories.ClientInput, DiagnosticSeverity.Warning,
        description: "A value the client controls that names a privilege (a role, permission, scope, admin or verification flag) is stored in persisted state, decides access, is granted through ASP.NET Core Identity or a role claim, or is copied by an object mapper, and it did not first pass through a central policy check that gates the sink. A caller can grant themselves a role by editing the request (CWE-269, CWE-915).");

    public static readonly DiagnosticDescriptor SR2002EntityBoundFromRequest = Create(
        RuleIds.EntityBoundFromRequest,
        title: "Persisted entity is bound directly from the request",
        messageFormat: "'{0}' binds the entity '{1}' from the {2}: a client can set any of its members ({3})",
        RuleCategories.ClientInput, DiagnosticSeverity.Warning,
        description: "An endpoint parameter (or bound property) whose type is a persisted entity is bound from the request body or form. Overposting lets the client set every settable member: keys, owners, roles, flags, password hashes (CWE-915, mass assignment). Bind a request model with only the fields the client may change.");

    public static readonly DiagnosticDescriptor SR3001SecretLogged = Create(
        RuleIds.SecretLogged,
        title: "Secret value is written to a log, trace or console",
        messageFormat: "{0} '{1}' is written to the log by '{2}'",
        RuleCategories.Secrets, DiagnosticSeverity.Warning,
        description: "A secret (token, password, API key, connection string, Authorization header, a [Secret] or data-classified value) reaches a logger, the console, a debug/trace listener, an Activity tag or an exception message, directly, through an interpolated or concatenated message, a local, a wrapper method in the same compilation, or a record/destructured object that prints it. Anyone who can read the logs can replay it. Log a fingerprint (SHA-256 prefix) or nothing.");
}
