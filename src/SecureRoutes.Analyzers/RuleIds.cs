namespace SecureRoutes.Analyzers;

/// <summary>
/// One constant per rule. Blocks (kept here, as NetAnalyzers keeps DiagnosticCategoryAndIdRanges.txt):
/// SR1xxx authorization (policy calls, inline decisions, fail-open policies),
/// SR2xxx trust of client input (privileged fields, overposting),
/// SR3xxx secrets (logging, comparison),
/// SR4xxx abuse resistance (rate limits, audit events).
/// </summary>
public static class RuleIds
{
    public const string MissingPolicyCheck = "SR1001";
    public const string InlineAuthorization = "SR1002";
    public const string FailOpenPolicy = "SR1003";
    public const string ClientSuppliedPrivilege = "SR2001";
    public const string EntityBoundFromRequest = "SR2002";
    public const string SecretLogged = "SR3001";
}
