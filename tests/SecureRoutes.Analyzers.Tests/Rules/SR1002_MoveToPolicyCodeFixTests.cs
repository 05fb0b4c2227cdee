using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.CodeFixes.Rules;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.InlineAuthorizationAnalyzer,
    SecureRoutes.Analyzers.CodeFixes.Rules.MoveToPolicyCodeFixProvider>;
using VerifyPolicy = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.FailOpenPolicyAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

/// <summary>SR1002 "Move to policy": the extracted policy compiles, behaves the same, and SR1003 accepts it.</summary>
public class SR1002_MoveToPolicyCodeFixTests
{
    private const string Domain = SR1002_InlineAuthorizationTests.Domain;

    private const string Usings = """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using App;

        """;

    /// <summary>Runs the fix, then checks that SR1003 finds nothing to report in the result.</summary>
    private static async Task VerifyFixAsync(string source, string fixedSource, int? iterations = null)
    {
        await Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + fixedSource + Domain, MoveToPolicyCodeFixProvider.EquivalenceKey, iterations: iterations);
        await VerifyPolicy.VerifyAnalyzerAsync(Usings + fixedSource + Domain);
    }

    [Fact]
    public async Task ControllerRoleOrInviter_MovesToNewPolicy()
    {
        var source = /* lang=c#-test */ """
            namespace Api
            {
                [ApiController, Authorize, Route("invites")]
                public class InvitesController : ControllerBase
                {
                    private readonly AppDb _db;
                    public InvitesController(AppDb db) => _db = db;

                    [HttpPost("{inviteId}/resend")]
                    public async Task<IActionResult> Resend(Guid inviteId)
                    {
                        var invite = await _db.Invites.FindAsync(inviteId);
                        if (invite is null) return NotFound();
                        var currentUserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                        if ([|!User.IsInRole("Admin") && invite.InvitedByUserId != currentUserId|])
                        {
                            return Forbid();
                        }
                        return NoContent();
                    }
                }
            }

            """;
        var fixedSource = /* lang=c#-test */ """
            namespace Api
            {
                [ApiController, Authorize, Route("invites")]
                public class InvitesController : ControllerBase
                {
                    private readonly AppDb _db;
                    public InvitesController(AppDb db) => _db = db;

                    [HttpPost("{inviteId}/resend")]
                    public async Task<IActionResult> Resend(Guid inviteId)
                    {
                        var invite = await _db.Invites.FindAsync(inviteId);
                        if (invite is null) return NotFound();
                        var currentUserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                        if (!InvitePolicy.CanResendInvite(User, invite, currentUserId))
                        {
                            return Forbid();
                        }
                        return NoContent();
                    }
                }

                // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
                [AuthorizationPolicy]
                public static class InvitePolicy
                {
                    public static bool CanResendInvite(ClaimsPrincipal user, Invite invite, string? currentUserId)
                    {
                        if (!user.IsInRole("Admin") && invite.InvitedByUserId != currentUserId)
                        {
                            return false;
                        }

                        return true;
                    }
                }
            }

            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task MinimalApiActorRole_MovesToNewPolicy()
    {
        var source = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class MemberEndpoints
            {
                public static void Map(IEndpointRouteBuilder app)
                {
                    app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null) return Results.NotFound();
                        if ([|request.ActorRole != OrgRole.Owner|]) return Results.Forbid();
                        member.Role = request.Role;
                        await db.SaveChangesAsync();
                        return Results.Ok(member);
                    });
                }
            }

            """;
        var fixedSource = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class MemberEndpoints
            {
                public static void Map(IEndpointRouteBuilder app)
                {
                    app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null) return Results.NotFound();
                        if (!MemberPolicy.CanUpdateMemberRole(request)) return Results.Forbid();
                        member.Role = request.Role;
                        await db.SaveChangesAsync();
                        return Results.Ok(member);
                    });
                }
            }

            // Authorization decisions for Member moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class MemberPolicy
            {
                public static bool CanUpdateMemberRole(ChangeRoleRequest request)
                {
                    if (request.ActorRole != OrgRole.Owner)
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource);
    }
}
