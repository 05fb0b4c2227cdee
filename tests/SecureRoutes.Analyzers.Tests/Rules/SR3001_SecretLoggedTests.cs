using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.Rules;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.SecretLoggedAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

public class SR3001_SecretLoggedTests
{
    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, null, expected);

    private static Task VerifyAsync(string source, string? editorconfig, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest(source, editorconfig, References.AspNetCore80WithLogging);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult Diag(int location, string kind, string text, string sink) =>
        Verify.Diagnostic(Descriptors.SR3001SecretLogged).WithLocation(location).WithArguments(kind, text, sink)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task PropertyNamedTokenInTemplateArgument_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Invite { public string Email { get; set; } = ""; public string Token { get; set; } = ""; }

        public sealed class InviteService(ILogger<InviteService> logger)
        {
            public void Send(Invite invite)
            {
                logger.LogInformation("Sending invite to {Email} with {Token}", invite.Email, {|#0:invite.Token|});
            }
        }
        """, Diag(0, "Invite token", "invite.Token", "LogInformation"));

    // ------------------------------------------------------------------ sources by name and type

    [Fact]
    public Task ParameterInInterpolatedMessage_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Webhooks(ILogger<Webhooks> logger)
        {
            public void Receive(string token, string expectedToken)
            {
                logger.LogWarning($"Webhook token {{|#0:token|}} does not match {{|#1:expectedToken|}}");
            }
        }
        """,
        Diag(0, "Token", "token", "LogWarning"),
        Diag(1, "Expected token", "expectedToken", "LogWarning"));

    [Fact]
    public Task ConcatenatedPasswordToConsole_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System;

        public static class Setup
        {
            public static void Seed(string adminPassword) => Console.WriteLine("admin password: " + {|#0:adminPassword|});
        }
        """, Diag(0, "Admin password", "adminPassword", "WriteLine"));

    [Fact]
    public Task ApiKeyFieldSnakeCase_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Client(ILogger<Client> logger)
        {
            private readonly string _api_key = "";
            public void Call() => logger.LogDebug("Calling with {Key}", {|#0:_api_key|});
        }
        """, Diag(0, "Api key", "_api_key", "LogDebug"));

    [Fact]
    public Task ByteArrayPrivateKey_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Signer(ILogger<Signer> logger)
        {
            public void Load(byte[] privateKey) => logger.LogInformation("Loaded {Key}", Convert.ToBase64String({|#0:privateKey|}));
        }
        """, Diag(0, "Private key", "privateKey", "LogInformation"));

    [Fact]
    public Task SecretAttributeOnProperty_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        namespace Acme { public sealed class SecretAttribute : System.Attribute { } }

        public sealed class Enrollment { [Acme.Secret] public string RecoveryPhrase { get; set; } = ""; }

        public sealed class EnrollmentService(ILogger<EnrollmentService> logger)
        {
            public void Save(Enrollment e) => logger.LogInformation("Saved {Phrase}", {|#0:e.RecoveryPhrase|});
        }
        """, Diag(0, "Secret", "e.RecoveryPhrase", "LogInformation"));

    [Fact]
    public Task SecretAttributeOnRecordParameter_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class SecretAttribute : System.Attribute { }
        public sealed record Pairing(string Device, [Secret] string Code);

        public sealed class PairingService(ILogger<PairingService> logger)
        {
            public void Pair(Pairing p) => logger.LogInformation("Pairing {Device} with {Code}", p.Device, {|#0:p.Code|});
        }
        """, Diag(0, "Secret", "p.Code", "LogInformation"));

    [Fact]
    public Task SecretTypeByAttribute_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        [SecureRoutesSecret]
        public sealed class ApiKey { public string Value { get; set; } = ""; }
        public sealed class SecureRoutesSecretAttribute : System.Attribute { }
        [Secret] public sealed class LicenseKey { }
        public sealed class SecretAttribute : System.Attribute { }

        public sealed class Keys(ILogger<Keys> logger)
        {
            public void Rotate(LicenseKey license) => logger.LogInformation("Rotated {License}", {|#0:license|});
        }
        """, Diag(0, "LicenseKey secret", "license", "LogInformation"));

    [Fact]
    public Task SecretTypesOption_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        namespace Acme { public sealed class Voucher { public override string ToString() => "v"; } }

        public sealed class Vouchers(ILogger<Vouchers> logger)
        {
            public void Issue(Acme.Voucher voucher) => logger.LogInformation("Issued {Voucher}", {|#0:voucher|});
        }
        """, "secure_routes.secret_types = Acme.Voucher", Diag(0, "Voucher secret", "voucher", "LogInformation"));

    [Fact]
    public Task SecretNamesOption_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Cards(ILogger<Cards> logger)
        {
            public void Activate(string cardPin) => logger.LogInformation("Activated with {Pin}", {|#0:cardPin|});
        }
        """, "secure_routes.secret_names = pin", Diag(0, "Card pin", "cardPin", "LogInformation"));

    [Fact]
    public Task SecureStringAndNetworkCredential_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System.Net;
        using System.Security;
        using Microsoft.Extensions.Logging;

        public sealed class Smtp(ILogger<Smtp> logger)
        {
            public void Connect(NetworkCredential login, SecureString pin)
            {
                logger.LogInformation("Connecting as {@Login}", {|#0:login|});
                logger.LogInformation("Pin {Pin}", {|#1:pin|});
            }
        }
        """,
        Diag(0, "NetworkCredential secret", "login", "LogInformation"),
        Diag(1, "SecureString secret", "pin", "LogInformation"));

    [Fact]
    public Task JwtRawDataAndWrittenToken_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System.IdentityModel.Tokens.Jwt;
        using Microsoft.Extensions.Logging;

        public sealed class Issuer(ILogger<Issuer> logger)
        {
            public void Issue(JwtSecurityToken jwt)
            {
                logger.LogInformation("Raw {Raw}", {|#0:jwt.RawData|});
                var encoded = new JwtSecurityTokenHandler().WriteToken(jwt);
                logger.LogInformation("Issued {Encoded}", {|#1:encoded|});
            }
        }
        """,
        Diag(0, "Raw token", "jwt.RawData", "LogInformation"),
        Diag(1, "JwtSecurityToken secret", "encoded", "LogInformation"));

    [Fact]
    public Task DataClassificationAttribute_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Compliance.Classification;
        using Microsoft.Extensions.Logging;

        namespace Microsoft.Extensions.Compliance.Classification
        {
            // Same full name as the Microsoft.Extensions.Compliance.Abstractions type.
            public abstract class DataClassificationAttribute : System.Attribute { }
        }

        public sealed class SensitiveAttribute : DataClassificationAttribute { }
        public sealed class Patient { [Sensitive] public string Diagnosis { get; set; } = ""; }

        public sealed class Patients(ILogger<Patients> logger)
        {
            public void Admit(Patient p) => logger.LogInformation("Admitted {Diagnosis}", {|#0:p.Diagnosis|});
        }
        """, Diag(0, "Classified value", "p.Diagnosis", "LogInformation"));

    // ------------------------------------------------------------------ sources by flow

    [Fact]
    public Task AuthorizationHeaderThroughLocal_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        public sealed class Audit(ILogger<Audit> logger)
        {
            public void Trace(HttpRequest request)
            {
                var header = request.Headers.Authorization;
                logger.LogDebug("Auth {Header}", {|#0:header|});
                logger.LogDebug("Auth {Header}", {|#1:request.Headers["Authorization"]|});
            }
        }
        """,
        Diag(0, "Authorization header", "header", "LogDebug"),
        Diag(1, "Authorization header", "request.Headers[\"Authorization\"]", "LogDebug"));

    [Fact]
    public Task GetTokenAsyncResult_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        public sealed class Proxy(ILogger<Proxy> logger)
        {
            public async Task Forward(HttpContext context)
            {
                var upstream = await context.GetTokenAsync("access_token");
                logger.LogInformation("Forwarding with {Upstream}", {|#0:upstream|});
            }
        }
        """, Diag(0, "Authentication token", "upstream", "LogInformation"));

    [Fact]
    public Task ConfigurationSecrets_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Logging;

        public sealed class Startup(ILogger<Startup> logger, IConfiguration configuration)
        {
            public void Show()
            {
                logger.LogInformation("Smtp {Value}", {|#0:configuration["Smtp:Password"]|});
                logger.LogInformation("Key {Value}", {|#1:configuration["Payments:ApiKey"]|});
                var db = configuration.GetConnectionString("Default");
                logger.LogInformation("Db {Value}", {|#2:db|});
            }
        }
        """,
        Diag(0, "Configuration secret", "configuration[\"Smtp:Password\"]", "LogInformation"),
        Diag(1, "Configuration secret", "configuration[\"Payments:ApiKey\"]", "LogInformation"),
        Diag(2, "Connection string", "db", "LogInformation"));

    [Fact]
    public Task GeneratedTokenThroughFormat_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Resets(ILogger<Resets> logger)
        {
            private static string GenerateResetToken() => System.Guid.NewGuid().ToString("N");

            public void Start(string email)
            {
                var code = GenerateResetToken();
                var line = string.Format("reset for {0}: {1}", email, code);
                logger.LogInformation({|#0:line|}.Trim());
            }
        }
        """, Diag(0, "Generated reset token", "line", "LogInformation"));

    [Fact]
    public Task CookieValue_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        public sealed class Sessions(ILogger<Sessions> logger)
        {
            public void Inspect(HttpRequest request) => logger.LogInformation("Session {S}", {|#0:request.Cookies[".AspNetCore.Session"]|});
        }
        """, Diag(0, "Cookie", "request.Cookies[\".AspNetCore.Session\"]", "LogInformation"));

    // ------------------------------------------------------------------ shapes

    [Fact]
    public Task RecordWithTokenLoggedAsText_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed record ResetPasswordRequest(string Email, string Token, string NewPassword);

        public sealed class Resets(ILogger<Resets> logger)
        {
            public void Reset(ResetPasswordRequest request) => logger.LogInformation("Reset {Request}", {|#0:request|});
        }
        """, Diag(0, "Secret member 'Token' of", "request", "LogInformation"));

    [Fact]
    public Task SecretBeyondThreeLevels_NotReportedWhateverWasLoggedFirst() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed record Key(string Token);
        public sealed record Vault(Key Key);
        public sealed record Site(Vault Vault);
        public sealed record Tenant(Site Site);

        public sealed class Audit(ILogger<Audit> logger)
        {
            public void Write(Site site, Tenant tenant)
            {
                // Site prints Vault prints Key prints Token: reported. Tenant is one level more: past the depth limit,
                // also when the shape of Site was already worked out for the call above.
                logger.LogInformation("Site {Site}", {|#0:site|});
                logger.LogInformation("Tenant {Tenant}", tenant);
            }
        }
        """, Diag(0, "Secret member 'Vault.Key.Token' of", "site", "LogInformation"));

    [Fact]
    public Task ClassDestructured_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class RegisterDto { public string UserName { get; set; } = ""; public string Password { get; set; } = ""; }

        public sealed class Accounts(ILogger<Accounts> logger)
        {
            public void Register(RegisterDto dto) => logger.LogInformation("Register {@Dto}", {|#0:dto|});
        }
        """, Diag(0, "Secret member 'Password' of", "dto", "LogInformation"));

    [Fact]
    public Task NestedDestructuring_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Serilog;

        public sealed class Credentials { public string User { get; set; } = ""; public string Password { get; set; } = ""; }
        public sealed class ConnectCommand { public string Host { get; set; } = ""; public Credentials Login { get; set; } = new(); }

        public static class Connector
        {
            public static void Connect(ConnectCommand command) => Log.Information("Connecting {@Command}", {|#0:command|});
        }
        """, Diag(0, "Secret member 'Login.Password' of", "command", "Information"));

    [Fact]
    public Task TokenClassToStringReturnsValue_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class AccessToken
        {
            private readonly string _value;
            public AccessToken(string value) => _value = value;
            public override string ToString() => _value;
        }

        public sealed class Tokens(ILogger<Tokens> logger)
        {
            public void Use(AccessToken current) => logger.LogInformation("Using {Current}", {|#0:current|});
        }
        """, Diag(0, "Secret member '_value' of", "current", "LogInformation"));

    [Fact]
    public Task AnonymousObjectWithPassword_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Logins(ILogger<Logins> logger)
        {
            public void Login(string user, string password) => logger.LogInformation("Login {@Payload}", new { user, {|#0:password|} });
        }
        """, Diag(0, "Password", "password", "LogInformation"));

    [Fact]
    public Task RecordInInterpolation_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System;

        public sealed record Invite(string Email, string InviteToken);

        public static class Mailer
        {
            public static void Send(Invite invite) => Console.Out.WriteLine($"sending {{|#0:invite|}}");
        }
        """, Diag(0, "Secret member 'InviteToken' of", "invite", "WriteLine"));

    // ------------------------------------------------------------------ sinks

    [Fact]
    public Task SerilogStaticAndForContext_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Serilog;
        using Serilog.Context;

        public static class Sessions
        {
            public static void Start(ILogger logger, string sessionToken, string refreshToken)
            {
                Log.Information("Started {Session}", {|#0:sessionToken|});
                logger.ForContext("Refresh", {|#1:refreshToken|}).Information("Started");
                using (LogContext.PushProperty("Session", {|#2:sessionToken|})) { }
            }
        }
        """,
        Diag(0, "Session token", "sessionToken", "Information"),
        Diag(1, "Refresh token", "refreshToken", "ForContext"),
        Diag(2, "Session token", "sessionToken", "PushProperty"));

    [Fact]
    public Task NLogLogger_Reports() => VerifyAsync(/* lang=c#-test */ """
        using NLog;

        public static class Jobs
        {
            private static readonly Logger Logger = LogManager.GetCurrentClassLogger();
            public static void Run(string clientSecret) => Logger.Info("Running with {Secret}", {|#0:clientSecret|});
        }
        """, Diag(0, "Client secret", "clientSecret", "Info"));

    [Fact]
    public Task Log4NetLogger_Reports() => VerifyAsync(/* lang=c#-test */ """
        using log4net;

        public static class Legacy
        {
            private static readonly ILog Log = LogManager.GetLogger(typeof(Legacy));
            public static void Login(string user, string pwd)
            {
                Log.InfoFormat("Login {0} {1}", user, {|#0:pwd|});
                Log.Debug("pwd=" + {|#1:pwd|});
            }
        }
        """,
        Diag(0, "Pwd", "pwd", "InfoFormat"),
        Diag(1, "Pwd", "pwd", "Debug"));

    [Fact]
    public Task DebugTraceAndTraceSource_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System.Diagnostics;

        public static class Diagnostics
        {
            private static readonly TraceSource Source = new("app");
            public static void Dump(string bearerToken)
            {
                Debug.WriteLine($"bearer {{|#0:bearerToken|}}");
                Trace.TraceInformation("bearer {0}", {|#1:bearerToken|});
                Source.TraceInformation("bearer " + {|#2:bearerToken|});
            }
        }
        """,
        Diag(0, "Bearer token", "bearerToken", "WriteLine"),
        Diag(1, "Bearer token", "bearerToken", "TraceInformation"),
        Diag(2, "Bearer token", "bearerToken", "TraceInformation"));

    [Fact]
    public Task ActivityTagsAndBaggage_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System.Diagnostics;

        public static class Tracing
        {
            public static void Tag(Activity activity, string apiKey, string idToken)
            {
                activity.SetTag("api.key", {|#0:apiKey|});
                activity.AddBaggage("id", {|#1:idToken|});
            }
        }
        """,
        Diag(0, "Api key", "apiKey", "SetTag"),
        Diag(1, "Id token", "idToken", "AddBaggage"));

    [Fact]
    public Task BeginScopeWithDictionary_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        public sealed class Handler(ILogger<Handler> logger)
        {
            public void Handle(string tenant, string accessToken)
            {
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["Tenant"] = tenant, ["Token"] = {|#0:accessToken|} });
            }
        }
        """, Diag(0, "Access token", "accessToken", "BeginScope"));

    [Fact]
    public Task LoggerMessageDefineDelegate_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Refresher(ILogger<Refresher> logger)
        {
            private static readonly Action<ILogger, string, Exception?> s_refreshed =
                LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "Refreshed {Token}");

            public void Refresh(string refreshToken) => s_refreshed(logger, {|#0:refreshToken|}, null);
        }
        """, Diag(0, "Refresh token", "refreshToken", "s_refreshed"));

    [Fact]
    public Task LoggerMessageAttributeMethodCallSite_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed record Invite(string Email, string Token);

        public static partial class Log
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Invite for {Email}: {Token}")]
            public static partial void InviteSent(ILogger logger, string email, string token);

            public static partial void InviteSent(ILogger logger, string email, string token) { }
        }

        public sealed class Invites(ILogger<Invites> logger)
        {
            public void Send(Invite invite) => Log.InviteSent(logger, invite.Email, {|#0:invite.Token|});
        }
        """, Diag(0, "Invite token", "invite.Token", "InviteSent"));

    [Fact]
    public Task ExceptionMessageWithToken_Reports() => VerifyAsync(/* lang=c#-test */ """
        using System;

        public static class Validator
        {
            public static void Check(string token)
            {
                if (token.Length != 32) throw new InvalidOperationException($"bad token {{|#0:token|}}");
            }
        }
        """, Diag(0, "Token", "token", "new InvalidOperationException"));

    // ------------------------------------------------------------------ wrappers

    [Fact]
    public Task WrapperForwardingMessage_ReportsAtCallSite() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Invite { public string Token { get; set; } = ""; }

        public sealed class AuditLog(ILogger<AuditLog> logger)
        {
            public void Write(string message) => logger.LogInformation("audit: {Message}", message);
        }

        public sealed class Invites(AuditLog audit)
        {
            public void Send(Invite invite) => audit.Write($"invite {{|#0:invite.Token|}}");
        }
        """, Diag(0, "Invite token", "invite.Token", "AuditLog.Write"));

    [Fact]
    public Task WrapperForwardingTemplateAndArgs_ReportsAtCallSite() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Audit(ILogger<Audit> logger)
        {
            public void Event(string template, params object[] args) => Forward(template, args);
            private void Forward(string template, object[] args) => logger.LogInformation(template, args);
        }

        public sealed class Resets(Audit audit)
        {
            public void Done(string email, string resetToken) => audit.Event("Reset {Email} {Token}", email, {|#0:resetToken|});
        }
        """, Diag(0, "Reset token", "resetToken", "Audit.Event"));

    [Fact]
    public Task WrapperForwardingThroughLocalsAndSibling_ReportsAtCallSite() => VerifyAsync(/* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Audit(ILogger<Audit> logger)
        {
            public void Record(string action, string detail)
            {
                var line = action + ": " + detail;
                Emit(line);
            }

            private void Emit(string text) => logger.LogInformation("{Entry}", text);
        }

        public sealed class Sessions(Audit audit)
        {
            public void Open(string sessionToken) => audit.Record("open", {|#0:sessionToken|});
        }
        """, Diag(0, "Session token", "sessionToken", "Audit.Record"));

    [Fact]
    public Task WrapperWithSecretNamedParameter_ReportsOnlyInside() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class TokenLog(ILogger<TokenLog> logger)
        {
            public void Issued(string token) => logger.LogInformation("Issued {Token}", {|#0:token|});
        }

        public sealed class Issuer(TokenLog log)
        {
            public void Issue(string accessToken) => log.Issued(accessToken);
        }
        """, Diag(0, "Token", "token", "LogInformation"));

    [Fact]
    public Task GeneratedCode_Reports() => VerifyAsync(/* lang=c#-test */ """
        // <auto-generated/>
        using Microsoft.Extensions.Logging;

        public sealed class Generated(ILogger<Generated> logger)
        {
            public void Log(string password) => logger.LogTrace("pw {Pw}", {|#0:password|});
        }
        """, Diag(0, "Password", "password", "LogTrace"));

    // ------------------------------------------------------------------ negatives: classic false positives

    [Fact]
    public Task CancellationTokenAndTokenCount_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;
        using System.Threading;
        using Microsoft.Extensions.Logging;

        public sealed class Usage(ILogger<Usage> logger)
        {
            public void Report(int tokenCount, DateTime tokenExpiresAt, bool isTokenValid, CancellationToken cancellationToken)
            {
                logger.LogInformation("{Count} {Expires} {Valid} {Ct}", tokenCount, tokenExpiresAt, isTokenValid, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task PolicyTypeAndNameWords_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Settings(ILogger<Settings> logger)
        {
            public void Show(string passwordPolicy, string tokenType, string secretName, string tokenEndpoint, string apiKeyHeaderName, string tokenizer)
            {
                logger.LogInformation("{P} {T} {S} {E} {H} {Z}", passwordPolicy, tokenType, secretName, tokenEndpoint, apiKeyHeaderName, tokenizer);
            }
        }
        """);

    [Fact]
    public Task GuidInviteTokenId_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class Invite { public Guid InviteTokenId { get; set; } public string TokenId { get; set; } = ""; }

        public sealed class Invites(ILogger<Invites> logger)
        {
            public void Revoke(Invite invite) => logger.LogInformation("Revoked {Id} {Other}", invite.InviteTokenId, invite.TokenId);
        }
        """);

    [Fact]
    public Task HashedValue_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Logging;

        public sealed class Webhooks(ILogger<Webhooks> logger)
        {
            public void Receive(string token, string passwordHash, string hashedPassword)
            {
                var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
                logger.LogWarning("Token {Fingerprint} rejected", fingerprint[..6]);
                logger.LogWarning("Token {Fingerprint} rejected", fingerprint);
                logger.LogInformation("{A} {B}", passwordHash, hashedPassword);
            }
        }
        """);

    [Fact]
    public Task ShortPrefixOfToken_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Keys(ILogger<Keys> logger)
        {
            public void Use(string apiKey) => logger.LogInformation("Key {Prefix}... {Len}", apiKey[..4], apiKey.Length);
        }
        """);

    [Fact]
    public Task UserMaskingMethod_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Keys(ILogger<Keys> logger)
        {
            private static string Mask(string value) => new string('*', value.Length);
            public void Use(string apiKey) => logger.LogInformation("Key {Masked}", Mask(apiKey));
        }
        """);

    [Fact]
    public Task ClassLoggedWithoutDestructuring_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class LoginDto { public string UserName { get; set; } = ""; public string Password { get; set; } = ""; }

        public sealed class Accounts(ILogger<Accounts> logger)
        {
            public void Login(LoginDto dto) => logger.LogInformation("Login {Dto} for {User}", dto, dto.UserName);
        }
        """);

    [Fact]
    public Task RecordWithPrintMembersOverride_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System.Text;
        using Microsoft.Extensions.Logging;

        public sealed record ResetPasswordRequest(string Email, string Token)
        {
            private bool PrintMembers(StringBuilder builder)
            {
                builder.Append("Email = ").Append(Email);
                return true;
            }
        }

        public sealed class Resets(ILogger<Resets> logger)
        {
            public void Reset(ResetPasswordRequest request) => logger.LogInformation("Reset {Request}", request);
        }
        """);

    [Fact]
    public Task RecordWithoutSecrets_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed record Order(int Id, string Customer, decimal Total);

        public sealed class Orders(ILogger<Orders> logger)
        {
            public void Place(Order order) => logger.LogInformation("Placed {Order} {@Again}", order, order);
        }
        """);

    [Fact]
    public Task TokenClassWithoutToString_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class RefreshToken { public string Value { get; set; } = ""; public int UserId { get; set; } }

        public sealed class Tokens(ILogger<Tokens> logger)
        {
            public void Rotate(RefreshToken current) => logger.LogInformation("Rotating for {User} ({Current})", current.UserId, current);
        }
        """);

    [Fact]
    public Task NotSecretNamesOption_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Forms(ILogger<Forms> logger)
        {
            public void Post(string csrfToken) => logger.LogDebug("Form posted {Csrf}", csrfToken);
        }
        """, "secure_routes.not_secret_names = csrfToken");

    [Fact]
    public Task ConstantHeaderName_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class ApiKeyFilter(ILogger<ApiKeyFilter> logger)
        {
            private const string ApiKeyHeader = "X-Api-Key";
            public void Missing() => logger.LogWarning("Header {Header} missing", ApiKeyHeader);
        }
        """);

    [Fact]
    public Task HarmlessHeadersAndConfiguration_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Logging;

        public sealed class Info(ILogger<Info> logger, IConfiguration configuration)
        {
            public void Show(HttpRequest request)
            {
                logger.LogInformation("{Agent} {Level} {Url}", request.Headers.UserAgent, configuration["Logging:LogLevel:Default"], configuration["Auth:TokenUrl"]);
                logger.LogInformation("{Has}", request.Headers.ContainsKey("Authorization"));
            }
        }
        """);

    [Fact]
    public Task ExceptionWithParamNameOnly_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;

        public static class Guard
        {
            public static void Check(string token)
            {
                if (string.IsNullOrEmpty(token)) throw new ArgumentException("A token is required.", nameof(token));
            }
        }
        """);

    [Fact]
    public Task WrapperThatDoesNotLogItsParameter_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Checker(ILogger<Checker> logger)
        {
            public bool Validate(string value)
            {
                var ok = value.Length == 32;
                logger.LogInformation("Validation result {Ok}", ok);
                return ok;
            }
        }

        public sealed class Webhooks(Checker checker)
        {
            public bool Receive(string token) => checker.Validate(token);
        }
        """);

    [Fact]
    public Task NonTextGeneratorResult_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed record TokenValidationSettings(string Issuer, int ClockSkew);

        public sealed class Jwt(ILogger<Jwt> logger)
        {
            private static TokenValidationSettings CreateTokenValidationSettings() => new("me", 5);
            private static int GenerateTokenCount() => 3;
            public void Show() => logger.LogInformation("{Settings} {Count}", CreateTokenValidationSettings(), GenerateTokenCount());
        }
        """);

    [Fact]
    public Task NonSecretActivityTagAndDebugAssert_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System.Diagnostics;

        public static class Tracing
        {
            public static void Tag(Activity activity, string userId, string token)
            {
                activity.SetTag("user.id", userId);
                activity.SetTag("token.present", token is not null);
                Debug.Assert(token != null, "token missing");
            }
        }
        """);

    [Fact]
    public Task TokenIdInMessageNamedToken_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Serilog;
        using NLog;

        public static class Revocations
        {
            private static readonly Logger Nlog = LogManager.GetCurrentClassLogger();
            public static void Revoke(int tokenId, string authorizationPolicyName)
            {
                Log.Information("Token {Token} revoked under {Policy}", tokenId, authorizationPolicyName);
                Nlog.Info("Token {Token} revoked", tokenId);
            }
        }
        """);

    [Fact]
    public Task NoAspNetCoreReference_NoDiagnostic()
    {
        var test = Verify.CreateTest(/* lang=c#-test */ """
            public static class Tool
            {
                public static void Main(string[] args)
                {
                    var password = args[0];
                    System.Console.WriteLine("password " + password);
                }
            }
            """, references: References.Net80);
        return test.RunAsync();
    }

    [Fact]
    public Task SecretComparedNotLogged_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Webhooks(ILogger<Webhooks> logger)
        {
            public void Receive(string token, string expectedToken)
            {
                var ok = token == expectedToken;
                logger.LogWarning("Webhook token check {Result} ({Length} chars)", ok, token.Length);
            }
        }
        """);

    [Fact]
    public Task MethodsThatLookSecretButAreNotSinks_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        public sealed class Store(ILogger<Store> logger)
        {
            private readonly Dictionary<string, string> _tokens = new();
            public void Save(string user, string token)
            {
                _tokens[user] = token;
                logger.LogInformation("Saved token for {User}", user);
            }
        }
        """);

    [Fact]
    public Task WebhookHeaderAndOptionsToken_Reports() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;

        public sealed class WebhookOptions { public string Token { get; set; } = ""; }

        public sealed class Webhooks(IOptions<WebhookOptions> options, ILogger<Webhooks> logger)
        {
            public void Receive(string id, HttpRequest request)
            {
                var received = request.Headers["X-Webhook-Token"].ToString();
                logger.LogWarning("Token {Received} does not match {Expected} for {Id}", {|#0:received|}, {|#1:options.Value.Token|}, id);
            }
        }
        """,
        Diag(0, "Secret header", "received", "LogWarning"),
        Diag(1, "Webhook token", "options.Value.Token", "LogWarning"));

    // ------------------------------------------------------------------ more negatives: look-alikes that must stay quiet

    [Fact]
    public Task SerilogForContextWithUserName_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Serilog;

        public static class Requests
        {
            public static ILogger For(ILogger logger, string userName, string tokenIssuer) =>
                logger.ForContext("User", userName).ForContext("Issuer", tokenIssuer);
        }
        """);

    [Fact]
    public Task DestructuredOrderWithoutSecrets_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Serilog;

        public sealed class Line { public string Sku { get; set; } = ""; public int Quantity { get; set; } }
        public sealed class Order { public int Id { get; set; } public Line[] Lines { get; set; } = []; }

        public static class Orders
        {
            public static void Placed(Order order) => Log.Information("Placed {@Order}", order);
        }
        """);

    [Fact]
    public Task EnumAndExpiryTokenMembers_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.Logging;

        public enum TokenKind { Access, Refresh }
        public sealed record Session(string UserId, TokenKind Kind, DateTime TokenExpiresAt, TimeSpan TokenLifetime);

        public sealed class Sessions(ILogger<Sessions> logger)
        {
            public void Opened(Session session, TokenKind tokenKind) => logger.LogInformation("Opened {Session} {Kind}", session, tokenKind);
        }
        """);

    [Fact]
    public Task JwtIssuerAndAudienceConfiguration_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Logging;

        public sealed class Jwt(ILogger<Jwt> logger, IConfiguration configuration)
        {
            public void Show() => logger.LogInformation("{Issuer} {Audience} {Expiry}",
                configuration["Jwt:Issuer"], configuration["Jwt:Audience"], configuration.GetValue<int>("Jwt:TokenExpiryMinutes"));
        }
        """);

    [Fact]
    public Task PasswordRulesAndLengths_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Rules(ILogger<Rules> logger)
        {
            public void Show(int minPasswordLength, string passwordRequirements, string secretVersion, string passwordResetUrl) =>
                logger.LogInformation("{Min} {Req} {Ver} {Url}", minPasswordLength, passwordRequirements, secretVersion, passwordResetUrl);
        }
        """);

    [Fact]
    public Task DataProtectedToken_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.AspNetCore.DataProtection;
        using Microsoft.Extensions.Logging;

        public sealed class Protector(ILogger<Protector> logger, IDataProtectionProvider provider)
        {
            public void Store(string token, string encryptedToken)
            {
                var protectedValue = provider.CreateProtector("tokens").Protect(token);
                logger.LogInformation("Stored {Value} {Other}", protectedValue, encryptedToken);
            }
        }
        """);

    [Fact]
    public Task TokenLengthInExceptionMessage_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;

        public static class Validator
        {
            public static void Check(string token)
            {
                if (token.Length != 32) throw new InvalidOperationException($"token must be 32 chars, was {token.Length}");
            }
        }
        """);

    [Fact]
    public Task IdentityUserDestructuredWithPasswordHash_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class AppUser { public string Email { get; set; } = ""; public string PasswordHash { get; set; } = ""; public string SecurityStamp { get; set; } = ""; }

        public sealed class Users(ILogger<Users> logger)
        {
            public void Created(AppUser user) => logger.LogInformation("Created {@User}", user);
        }
        """);

    [Fact]
    public Task Log4NetAndNLogWithoutSecrets_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        public static class Legacy
        {
            private static readonly log4net.ILog Log4 = log4net.LogManager.GetLogger(typeof(Legacy));
            private static readonly NLog.Logger NLogger = NLog.LogManager.GetCurrentClassLogger();
            public static void Login(string user, int attempts)
            {
                Log4.InfoFormat("Login {0} after {1} attempts", user, attempts);
                NLogger.Warn("Login {User} failed", user);
            }
        }
        """);

    [Fact]
    public Task TokenizerObjectToConsole_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;

        public sealed class Tokenizer { public string Source { get; set; } = ""; }

        public static class Parser
        {
            public static void Dump(Tokenizer tokenizer, string[] tokens) => Console.WriteLine($"{tokenizer} {tokens.Length}");
        }
        """);

    [Fact]
    public Task NonGeneratorMethodsReturningStrings_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Endpoints(ILogger<Endpoints> logger)
        {
            private static string GetTokenEndpoint() => "https://login/token";
            private static string DescribeTokenPolicy() => "rotating";
            public void Show() => logger.LogInformation("{Endpoint} {Policy}", GetTokenEndpoint(), DescribeTokenPolicy());
        }
        """);

    [Fact]
    public Task AuthorizationHeaderCountAndScheme_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System.Diagnostics;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        public sealed class Inspect(ILogger<Inspect> logger)
        {
            public void Run(HttpRequest request, Activity activity, string cookieName)
            {
                logger.LogDebug("{Count} auth values, cookie {Name}", request.Headers.Authorization.Count, cookieName);
                activity.SetTag("auth.scheme", "Bearer");
            }
        }
        """);

    [Fact]
    public Task BeginScopeWithoutSecrets_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        public sealed class Handler(ILogger<Handler> logger)
        {
            public void Handle(string tenant, string correlationId)
            {
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["Tenant"] = tenant, ["CorrelationId"] = correlationId });
                using var other = logger.BeginScope(new { tenant, correlationId });
            }
        }
        """);

    [Fact]
    public Task RecordWithSecretAttributeMemberHiddenByToString_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class SecretAttribute : System.Attribute { }
        public sealed record ApiClient(string Name, [Secret] string Credential)
        {
            public override string ToString() => $"ApiClient {Name}";
        }

        public sealed class Clients(ILogger<Clients> logger)
        {
            public void Added(ApiClient client) => logger.LogInformation("Added {Client}", client);
        }
        """);

    [Fact]
    public Task SecretOnlyPassedToNonSinkMethods_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System.Net.Http;
        using System.Net.Http.Headers;
        using Microsoft.Extensions.Logging;

        public sealed class Client(ILogger<Client> logger, HttpClient http)
        {
            public void Authenticate(string accessToken)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                logger.LogInformation("Authenticated client for {Host}", http.BaseAddress?.Host);
            }
        }
        """);

    [Fact]
    public Task WrapperLoggingOnlyItsFirstParameter_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using Microsoft.Extensions.Logging;

        public sealed class Audit(ILogger<Audit> logger)
        {
            public void Event(string name, string detail)
            {
                logger.LogInformation("Audit {Name}", name);
                _ = detail.Length;
            }
        }

        public sealed class Resets(Audit audit)
        {
            public void Done(string resetToken) => audit.Event("reset", resetToken);
        }
        """);

    [Fact]
    public Task SecretNameExcludedByNotSecretNamesIsCaseInsensitive_NoDiagnostic() => VerifyAsync(/* lang=c#-test */ """
        using System;

        public static class Demo
        {
            public static void Print(string DemoToken) => Console.WriteLine(DemoToken);
        }
        """, "secure_routes.not_secret_names = demotoken");
}
