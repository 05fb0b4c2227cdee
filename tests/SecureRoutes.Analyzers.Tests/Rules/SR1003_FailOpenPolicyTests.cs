using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.FailOpenPolicyAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

public class SR1003_FailOpenPolicyTests
{
    /// <summary>Shared domain: members with a role and a status, invites, an EF context, the policy attribute.</summary>
    internal const string Domain = /* lang=c#-test */ """
        namespace App
        {
            using System;
            using Microsoft.EntityFrameworkCore;

            public enum OrgRole { Member, Admin, Owner }
            public enum MemberStatus { Active, Suspended, Removed }

            [Flags]
            public enum Permissions { None = 0, Read = 1, Write = 2, Admin = 4 }

            public class Member
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string UserId { get; set; } = "";
                public OrgRole Role { get; set; }
                public MemberStatus Status { get; set; }
                public Permissions Permissions { get; set; }
            }

            public class Invite
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string InvitedByUserId { get; set; } = "";
                public bool Revoked { get; set; }
                public string? Note { get; set; }
            }

            public class AppDb : DbContext
            {
                public DbSet<Invite> Invites => Set<Invite>();
                public DbSet<Member> Members => Set<Member>();
            }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }
        }
        """;

    private const string PolicyHeader = """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.EntityFrameworkCore;
        using App;

        [AuthorizationPolicy]
        public sealed class InvitePolicy
        {
            private readonly AppDb _db;
            public InvitePolicy(AppDb db) => _db = db;

        """;

    private static string Policy(string methods) => PolicyHeader + methods + "\n}\n" + Domain;

    private static DiagnosticResult Expect(string method, string path, string why, int location = 0) =>
        Verify.Diagnostic(Descriptors.SR1003FailOpenPolicy).WithLocation(location).WithArguments(method, path, why);

    private const string ErrorGrants = "an error while deciding (a failed lookup, a timeout, a bug) grants access instead of denying it";

    // ------------------------------------------------------------------ reported

    [Fact]
    public async Task CatchReturnsAllow_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public async Task<bool> CanReadAsync(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
                        return await _db.Members.AnyAsync(m => m.OrganizationId == invite.OrganizationId && m.UserId == userId);
                    }
                    catch (Exception)
                    {
                        {|#0:return true;|}
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanReadAsync", "returns allow from 'catch (Exception)'", ErrorGrants));
    }

    [Fact]
    public async Task CatchFallsThroughToAllow_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanRevoke(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        var member = _db.Members.Single(m => m.UserId == user.FindFirstValue(ClaimTypes.NameIdentifier));
                        if (member.Role != OrgRole.Owner) return false;
                    }
                    {|#0:catch (InvalidOperationException ex) when (ex.Message.Length > 0)|}
                    {
                        Console.WriteLine(ex.Message);
                    }
                    return true;
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanRevoke",
            "falls through from 'catch (InvalidOperationException ex) when (ex.Message.Length > 0)' to an allow", ErrorGrants));
    }

    [Fact]
    public async Task EnsureMethodSwallowsDeny_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public void EnsureCanRead(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        if (invite.InvitedByUserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) throw new UnauthorizedAccessException();
                    }
                    {|#0:catch (UnauthorizedAccessException)|}
                    {
                        Console.WriteLine("denied");
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.EnsureCanRead", "swallows the deny in 'catch (UnauthorizedAccessException)'",
            "when a check throws, the method returns normally and the caller proceeds as if access were allowed"));
    }

    [Fact]
    public async Task AuthorizationResultSuccessInCatch_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public AuthorizationResult Authorize(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        return user.IsInRole("Admin") ? AuthorizationResult.Success() : AuthorizationResult.Failed();
                    }
                    catch
                    {
                        {|#0:return AuthorizationResult.Success();|}
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.Authorize", "returns allow from 'catch'", ErrorGrants));
    }

    [Fact]
    public async Task SwitchStatementDefaultAllows_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanInvite(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    switch (actor.Role)
                    {
                        case OrgRole.Member:
                            return false;
                        default:
                            {|#0:return true;|}
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanInvite", "allows in the default arm of the switch over 'OrgRole'",
            "'Admin', 'Owner' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task SwitchExpressionDiscardAllows_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanAccept(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    return actor.Status switch
                    {
                        MemberStatus.Suspended => false,
                        {|#0:_ => true|},
                    };
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanAccept", "allows in the default arm of the switch over 'MemberStatus'",
            "'Active', 'Removed' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task SwitchExpressionInsideReturnedConjunction_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanAccept(ClaimsPrincipal user, Member actor) =>
                    actor.UserId == user.FindFirstValue(ClaimTypes.NameIdentifier) && actor.Status switch
                    {
                        MemberStatus.Suspended => false,
                        MemberStatus.Removed => false,
                        {|#0:_ => true|},
                    };
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanAccept", "allows in the default arm of the switch over 'MemberStatus'",
            "'Active' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task SwitchOverStringRoleDiscardAllows_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanExport(ClaimsPrincipal user)
                {
                    return user.FindFirstValue(ClaimTypes.Role) switch
                    {
                        "guest" => false,
                        "trial" => false,
                        {|#0:_ => true|},
                    };
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanExport",
            "allows in the default arm of the switch over 'user.FindFirstValue(ClaimTypes.Role)'",
            "any value no arm names, including one added later, is allowed"));
    }

    [Fact]
    public async Task EnsureSwitchDefaultDoesNotThrow_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public void EnsureCanRemove(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) throw new UnauthorizedAccessException();
                    switch (actor.Role)
                    {
                        case OrgRole.Member:
                            throw new UnauthorizedAccessException();
                        {|#0:default:|}
                            break;
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.EnsureCanRemove", "allows in the default arm of the switch over 'OrgRole'",
            "'Admin', 'Owner' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task DenyListThenUnconditionalAllow_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanResend(ClaimsPrincipal user, Member actor, Invite invite)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    if (actor.Status == MemberStatus.Suspended) return false;
                    if (invite.Revoked) return false;
                    {|#0:return true;|}
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanResend",
            "allows every 'MemberStatus' value that the checks on 'actor.Status' do not deny",
            "'Active', 'Removed' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task DenyListWithPatternThenAllow_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public async Task<bool> CanRevokeAsync(ClaimsPrincipal user, Member actor)
                {
                    await Task.Yield();
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    if (actor.Role is OrgRole.Member)
                    {
                        throw new UnauthorizedAccessException();
                    }
                    {|#0:return true;|}
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanRevokeAsync",
            "allows every 'OrgRole' value that the checks on 'actor.Role' do not deny",
            "'Admin', 'Owner' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task DenyListUnderNegation_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanEdit(ClaimsPrincipal user, Member actor)
                {
                    if (!user.IsInRole("Staff") || !(actor.Status != MemberStatus.Removed)) return false;
                    {|#0:return true;|}
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanEdit",
            "allows every 'MemberStatus' value that the checks on 'actor.Status' do not deny",
            "'Active', 'Suspended' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task AllowWithoutReadingActor_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanRead(ClaimsPrincipal user, Invite invite) => {|#0:true|};
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanRead", "decides without reading the actor 'user'",
            "every caller gets the same answer, whoever they are"));
    }

    [Fact]
    public async Task DecisionFromResourceOnly_Reports()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanRevoke(Member actor, Invite invite)
                {
                    if (invite.Revoked) return false;
                    {|#0:return invite.Note is null;|}
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect("InvitePolicy.CanRevoke", "decides without reading the actor 'actor'",
            "every caller gets the same answer, whoever they are"));
    }

    [Fact]
    public async Task ConfiguredPolicyType_Reports()
    {
        var source = /* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using App;

            namespace App.Policies
            {
                public sealed class LegacyPolicy
                {
                    public bool CanDelete(ClaimsPrincipal user, Invite invite)
                    {
                        try
                        {
                            return user.IsInRole("Admin") && !invite.Revoked;
                        }
                        catch (Exception)
                        {
                            {|#0:return true;|}
                        }
                    }
                }
            }
            """ + Domain;
        await Verify.VerifyAnalyzerAsync(source, "secure_routes.policy_types = App.Policies.LegacyPolicy",
            Expect("LegacyPolicy.CanDelete", "returns allow from 'catch (Exception)'", ErrorGrants));
    }

    [Fact]
    public async Task ConfiguredPolicyMethod_Reports()
    {
        var source = /* lang=c#-test */ """
            using System.Security.Claims;
            using App;

            public static class Rules
            {
                public static bool CanView(ClaimsPrincipal user, Invite invite) => {|#0:!invite.Revoked|};
            }
            """ + Domain;
        await Verify.VerifyAnalyzerAsync(source, "secure_routes.policy_methods = Rules.CanView",
            Expect("Rules.CanView", "decides without reading the actor 'user'", "every caller gets the same answer, whoever they are"));
    }

    [Fact]
    public async Task ImplementationOfMarkedInterface_Reports()
    {
        var source = /* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using App;

            [AuthorizationPolicy]
            public interface IMemberPolicy
            {
                Task<bool> CanPromoteAsync(ClaimsPrincipal user, Member target);
            }

            public sealed class MemberPolicy : IMemberPolicy
            {
                public async Task<bool> CanPromoteAsync(ClaimsPrincipal user, Member target)
                {
                    await Task.Yield();
                    switch (target.Role)
                    {
                        case OrgRole.Owner:
                            return user.IsInRole("Root");
                        default:
                            {|#0:return true;|}
                    }
                }
            }
            """ + Domain;
        await Verify.VerifyAnalyzerAsync(source, Expect("MemberPolicy.CanPromoteAsync", "allows in the default arm of the switch over 'OrgRole'",
            "'Member', 'Admin' and any value added later are allowed without being named"));
    }

    [Fact]
    public async Task MarkedMethodInPlainClass_Reports()
    {
        var source = /* lang=c#-test */ """
            using System.Security.Claims;
            using App;

            public sealed class Helpers
            {
                [AuthorizationPolicy]
                private static bool CanArchive(ClaimsPrincipal user, Invite invite) => {|#0:invite.Revoked|};
            }
            """ + Domain;
        await Verify.VerifyAnalyzerAsync(source, Expect("Helpers.CanArchive", "decides without reading the actor 'user'",
            "every caller gets the same answer, whoever they are"));
    }

    // ------------------------------------------------------------------ not reported

    [Fact]
    public async Task DenyGuardsThenSingleAllow_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public async Task<bool> CanAcceptAsync(ClaimsPrincipal user, Invite invite)
                {
                    var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
                    if (string.IsNullOrEmpty(userId)) return false;
                    if (invite.Revoked) return false;
                    if (await _db.Members.AnyAsync(m => m.OrganizationId == invite.OrganizationId && m.UserId == userId)) return false;
                    return true;
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CatchDenies_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public async Task<bool> CanReadAsync(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
                        return await _db.Members.AnyAsync(m => m.OrganizationId == invite.OrganizationId && m.UserId == userId);
                    }
                    catch (Exception)
                    {
                        return false;
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task EnsureMethodCatchRethrows_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public void EnsureCanRead(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        if (invite.InvitedByUserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) throw new UnauthorizedAccessException();
                    }
                    catch (UnauthorizedAccessException)
                    {
                        Console.WriteLine("denied");
                        throw;
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task EnsureMethodCatchAroundLoggingOnly_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public void EnsureCanRead(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        Console.WriteLine("checking");
                    }
                    catch (Exception)
                    {
                    }
                    if (invite.InvitedByUserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) throw new UnauthorizedAccessException();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SwitchDefaultDenies_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanInvite(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    switch (actor.Role)
                    {
                        case OrgRole.Owner:
                        case OrgRole.Admin:
                            return true;
                        default:
                            return false;
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SwitchExpressionAllowListDiscardDenies_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanInvite(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    return actor.Role switch
                    {
                        OrgRole.Owner => true,
                        OrgRole.Admin => actor.Status == MemberStatus.Active,
                        _ => false,
                    };
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AllowListGuardThenAllow_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanRemove(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    if (actor.Role != OrgRole.Owner) return false;
                    if (actor.Status is not MemberStatus.Active) return false;
                    return true;
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task DenyListNamingEveryMember_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanEdit(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    if (actor.Status is MemberStatus.Suspended or MemberStatus.Removed) return false;
                    System.Diagnostics.Debug.Assert(actor.Status == MemberStatus.Active);
                    return true;
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task FlagsEnumTest_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanWrite(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    if ((actor.Permissions & Permissions.Write) == Permissions.None) return false;
                    return true;
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PrivateHelperOfPolicyType_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public async Task<bool> CanInviteAsync(ClaimsPrincipal user, Guid organizationId) =>
                    user.IsInRole("Admin") && !await BillingSuspendedAsync(organizationId);

                private async Task<bool> BillingSuspendedAsync(Guid organizationId)
                {
                    try
                    {
                        return await _db.Members.AnyAsync(m => m.OrganizationId == organizationId && m.Status == MemberStatus.Suspended);
                    }
                    catch (Exception)
                    {
                        return true;
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task TernaryWithDenyHelper_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanUpdateProfile(ClaimsPrincipal user, Member actor, Member member) =>
                    actor.UserId == user.FindFirstValue(ClaimTypes.NameIdentifier) && (actor.Id == member.Id || actor.Role is OrgRole.Owner or OrgRole.Admin)
                        ? true
                        : Deny("not the member and not a manager");

                private static bool Deny(string reason)
                {
                    Console.WriteLine(reason);
                    return false;
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ActorReadInsideQueryLambda_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanList(ClaimsPrincipal user, Guid organizationId) =>
                    _db.Members.Any(m => m.OrganizationId == organizationId && m.UserId == user.FindFirstValue(ClaimTypes.NameIdentifier));
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoActorParameter_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool IsPubliclyVisible(Invite invite) => !invite.Revoked && invite.Note is null;
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task UnmarkedClass_NoDiagnostic()
    {
        var source = /* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using App;

            public sealed class Formatting
            {
                public bool TryParse(ClaimsPrincipal user, string text)
                {
                    try
                    {
                        return int.Parse(text) > 0;
                    }
                    catch (FormatException)
                    {
                        return true;
                    }
                }
            }
            """ + Domain;
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task EnsureSwitchDefaultThrows_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public void EnsureCanRemove(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) throw new UnauthorizedAccessException();
                    switch (actor.Role)
                    {
                        case OrgRole.Owner:
                            break;
                        default:
                            throw new UnauthorizedAccessException();
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AuthorizationResultFailedInCatch_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public AuthorizationResult Authorize(ClaimsPrincipal user, Invite invite)
                {
                    try
                    {
                        return user.IsInRole("Admin") ? AuthorizationResult.Success() : AuthorizationResult.Failed();
                    }
                    catch
                    {
                        return AuthorizationResult.Failed();
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SwitchWithEveryArmAllowingNamedValues_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanSee(ClaimsPrincipal user, Member actor)
                {
                    if (actor.UserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
                    var label = actor.Role switch
                    {
                        OrgRole.Member => "m",
                        _ => "x",
                    };
                    return label.Length > 0 && actor.Status == MemberStatus.Active;
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SwitchDiscardArmComputesDecision_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public bool CanAccept(ClaimsPrincipal user, Member actor) =>
                    actor.Status switch
                    {
                        MemberStatus.Suspended => false,
                        MemberStatus.Removed => false,
                        _ => actor.UserId == user.FindFirstValue(ClaimTypes.NameIdentifier),
                    };
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MethodWhoseTrueMeansDeny_NoDiagnostic()
    {
        var source = Policy(/* lang=c#-test */ """
                public async Task<bool> IsBlockedAsync(ClaimsPrincipal user, Guid organizationId)
                {
                    try
                    {
                        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
                        return await _db.Members.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId && m.Status != MemberStatus.Active);
                    }
                    catch (Exception)
                    {
                        return true;
                    }
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoAspNetCore_NoDiagnostic()
    {
        var source = /* lang=c#-test */ """
            using System;
            using System.Security.Claims;

            [AttributeUsage(AttributeTargets.All)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }

            [AuthorizationPolicy]
            public sealed class InvitePolicy
            {
                public bool CanRead(ClaimsPrincipal user)
                {
                    try
                    {
                        return user.IsInRole("Admin");
                    }
                    catch
                    {
                        return true;
                    }
                }
            }
            """;
        var test = Verify.CreateTest(source, references: References.Net80);
        await test.RunAsync();
    }
}
