namespace SecureRoutes.Analyzers;

public static class RuleCategories
{
    public const string Authorization = "SecureRoutes.Authorization";
    public const string ClientInput = "SecureRoutes.ClientInput";
    public const string Secrets = "SecureRoutes.Secrets";
    public const string AbuseResistance = "SecureRoutes.AbuseResistance";
}
