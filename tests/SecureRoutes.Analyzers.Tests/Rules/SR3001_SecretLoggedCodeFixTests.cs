using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.CodeFixes.Rules;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.SecretLoggedAnalyzer,
    SecureRoutes.Analyzers.CodeFixes.Rules.SecretLoggedCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

/// <summary>Each test runs the single fix until no diagnostic is left, then Fix All in document, project and solution.</summary>
public class SR3001_SecretLoggedCodeFixTests
{
    private static Task VerifyFixAsync(string source, string fixedSource, string key, int? iterations = null)
    {
        var test = Verify.CreateTest(source, null, References.AspNetCore80WithLogging);
        test.FixedCode = fixedSource;
        test.CodeActionEquivalenceKey = key;
        if (iterations is int n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }
        return test.RunAsync();
    }

    [Fact]
    public Task RemoveTemplateArgumentAndPlaceholder_Fixes() => VerifyFixAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Invite { public string Email { get; set; } = ""; public string Token { get; set; } = ""; }

        public sealed class InviteService(ILogger<InviteService> logger)
        {
            public void Send(Invite invite)
            {
                logger.LogInformation("Sending invite to {Email}, token {Token}", invite.Email, [|invite.Token|]);
            }
        }
        """, /* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Invite { public string Email { get; set; } = ""; public string Token { get; set; } = ""; }

        public sealed class InviteService(ILogger<InviteService> logger)
        {
            public void Send(Invite invite)
            {
                logger.LogInformation("Sending invite to {Email}, token", invite.Email);
            }
        }
        """, SecretLoggedCodeFixProvider.RemoveFromLogKey);

    [Fact]
    public Task RemoveTwoSecretsFromOneMessage_FixAll() => VerifyFixAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Webhooks(ILogger<Webhooks> logger)
        {
            public void Receive(string ip, string token, string expectedToken)
            {
                logger.LogWarning("Token {Token} expected {Expected} from {Ip}", [|token|], [|expectedToken|], ip);
            }
        }
        """, /* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Webhooks(ILogger<Webhooks> logger)
        {
            public void Receive(string ip, string token, string expectedToken)
            {
                logger.LogWarning("Token expected from {Ip}", ip);
            }
        }
        """, SecretLoggedCodeFixProvider.RemoveFromLogKey, iterations: 2);

    [Fact]
    public Task RemoveNumericPlaceholderRenumbers_Fixes() => VerifyFixAsync(/* lang=c#-test */ """
        using log4net;

        public static class Legacy
        {
            private static readonly ILog Log = LogManager.GetLogger(typeof(Legacy));
            public static void Login(string user, string pwd, System.DateTime when) => Log.InfoFormat("Login {0} {1} at {2}", user, [|pwd|], when);
        }
        """, /* lang=c#-test */ """
        using log4net;

        public static class Legacy
        {
            private static readonly ILog Log = LogManager.GetLogger(typeof(Legacy));
            public static void Login(string user, string pwd, System.DateTime when) => Log.InfoFormat("Login {0} at {1}", user, when);
        }
        """, SecretLoggedCodeFixProvider.RemoveFromLogKey);

    [Fact]
    public Task RemoveInterpolationHoles_FixAll() => VerifyFixAsync(/* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Webhooks(ILogger<Webhooks> logger)
        {
            public void Receive(string token, string expectedToken)
            {
                logger.LogWarning($"Webhook token {[|token|]} does not match {[|expectedToken|]}.");
                throw new InvalidOperationException($"bad token {[|token|]}");
            }
        }
        """, /* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Webhooks(ILogger<Webhooks> logger)
        {
            public void Receive(string token, string expectedToken)
            {
                logger.LogWarning($"Webhook token does not match.");
                throw new InvalidOperationException($"bad token");
            }
        }
        """, SecretLoggedCodeFixProvider.RemoveFromLogKey, iterations: 3);

    [Fact]
    public Task RemoveConcatenatedOperandAndWholeStatement_Fixes() => VerifyFixAsync(/* lang=c#-test */ """
        using System;
        using System.Diagnostics;

        public static class Setup
        {
            public static void Seed(Activity activity, string adminPassword)
            {
                Console.WriteLine("admin password set: " + [|adminPassword|]);
                activity.SetTag("admin.password", [|adminPassword|]);
                Console.WriteLine("done");
            }
        }
        """, /* lang=c#-test */ """
        using System;
        using System.Diagnostics;

        public static class Setup
        {
            public static void Seed(Activity activity, string adminPassword)
            {
                Console.WriteLine("admin password set: ");
                Console.WriteLine("done");
            }
        }
        """, SecretLoggedCodeFixProvider.RemoveFromLogKey, iterations: 2);

    [Fact]
    public Task LogFingerprint_FixAll() => VerifyFixAsync(/* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Issuer(ILogger<Issuer> logger)
        {
            public void Issue(string token, string? refreshToken)
            {
                logger.LogInformation("Issued {Token} and {Refresh}", [|token|], [|refreshToken|]);
            }
        }
        """, /* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Issuer(ILogger<Issuer> logger)
        {
            public void Issue(string token, string? refreshToken)
            {
                logger.LogInformation("Issued {Token} and {Refresh}", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..8], Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(refreshToken ?? "")))[..8]);
            }
        }
        """, SecretLoggedCodeFixProvider.LogFingerprintKey, iterations: 2);

    [Fact]
    public Task HideSecretFromRecordToString_FixAll() => VerifyFixAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed record ResetPasswordRequest(string Email, string Token, string NewPassword);

        public sealed class Resets(ILogger<Resets> logger)
        {
            public void Reset(ResetPasswordRequest request)
            {
                logger.LogInformation("Reset {Request}", [|request|]);
                logger.LogDebug($"Reset {[|request|]}");
            }
        }
        """, /* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed record ResetPasswordRequest(string Email, string Token, string NewPassword)
        {
            private bool PrintMembers(System.Text.StringBuilder builder)
            {
                builder.Append("Email = ");
                builder.Append(Email);
                return true;
            }
        }

        public sealed class Resets(ILogger<Resets> logger)
        {
            public void Reset(ResetPasswordRequest request)
            {
                logger.LogInformation("Reset {Request}", request);
                logger.LogDebug($"Reset {request}");
            }
        }
        """, SecretLoggedCodeFixProvider.HideFromToStringKey);
}
