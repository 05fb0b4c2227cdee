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
    private static async Task VerifyFixAsync(string source, string fixedSource, int fixes = 1)
    {
        var test = Verify.CreateTest(Usings + source + Domain);
        test.FixedCode = Usings + fixedSource + Domain;
        test.CodeActionEquivalenceKey = MoveToPolicyCodeFixProvider.EquivalenceKey;
        // One fix at a time takes one iteration per diagnostic; Fix All moves every condition of the document in one.
        test.NumberOfIncrementalIterations = fixes;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
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
    public async Task MinimalApiPersistedRole_MovesToNewPolicy()
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
                        if ([|member.Role != OrgRole.Member|]) return Results.Forbid();
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
                        if (!MemberPolicy.CanUpdateMemberRole(member)) return Results.Forbid();
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
                public static bool CanUpdateMemberRole(Member member)
                {
                    if (member.Role != OrgRole.Member)
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource);
    }

    private const string ControllerOpen = """
        [ApiController, Authorize, Route("invites")]
        public class InvitesController : ControllerBase
        {
            private readonly AppDb _db;
            public InvitesController(AppDb db) => _db = db;

        """;

    [Fact]
    public async Task AsyncMembershipQueryWithField_MovesToAsyncPolicy()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpGet("org/{orgId}")]
                public async Task<IActionResult> ListForOrg(Guid orgId)
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    if ([|!await _db.Members.AnyAsync(m => m.OrganizationId == orgId && m.UserId == userId)|]) return Forbid();
                    return Ok(await _db.Invites.Where(i => i.OrganizationId == orgId).ToListAsync());
                }
            }

            """;
        var fixedSource = ControllerOpen + /* lang=c#-test */ """
                [HttpGet("org/{orgId}")]
                public async Task<IActionResult> ListForOrg(Guid orgId)
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    if (!await InvitePolicy.CanListForOrgInviteAsync(_db, orgId, userId)) return Forbid();
                    return Ok(await _db.Invites.Where(i => i.OrganizationId == orgId).ToListAsync());
                }
            }

            // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class InvitePolicy
            {
                public static async Task<bool> CanListForOrgInviteAsync(AppDb db, Guid orgId, string? userId)
                {
                    if (!await db.Members.AnyAsync(m => m.OrganizationId == orgId && m.UserId == userId))
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task AllowBranchThenForbid_PolicyDeniesTheNegation()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ([|User.IsInRole("Admin")|])
                    {
                        return Ok(_db.Invites.ToList());
                    }
                    return Forbid();
                }
            }

            """;
        var fixedSource = ControllerOpen + /* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if (InvitePolicy.CanListInvite(User))
                    {
                        return Ok(_db.Invites.ToList());
                    }
                    return Forbid();
                }
            }

            // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class InvitePolicy
            {
                public static bool CanListInvite(ClaimsPrincipal user)
                {
                    if (!user.IsInRole("Admin"))
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task AlternativeDenies_BecomeSeparateGuards()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpDelete("{inviteId}")]
                public async Task<IActionResult> Delete(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if ([|!User.IsInRole("Admin") || invite.InvitedByUserId != User.FindFirstValue(ClaimTypes.NameIdentifier)|]) return Forbid();
                    _db.Invites.Remove(invite);
                    return NoContent();
                }
            }

            """;
        var fixedSource = ControllerOpen + /* lang=c#-test */ """
                [HttpDelete("{inviteId}")]
                public async Task<IActionResult> Delete(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!InvitePolicy.CanDeleteInvite(User, invite)) return Forbid();
                    _db.Invites.Remove(invite);
                    return NoContent();
                }
            }

            // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class InvitePolicy
            {
                public static bool CanDeleteInvite(ClaimsPrincipal user, Invite invite)
                {
                    if (!user.IsInRole("Admin"))
                    {
                        return false;
                    }

                    if (invite.InvitedByUserId != user.FindFirstValue(ClaimTypes.NameIdentifier))
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task RazorPageHandler_MovesToNewPolicy()
    {
        var source = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public class DeleteInviteModel : PageModel
            {
                public IActionResult OnPostArchive()
                {
                    if ([|!User.HasClaim("scope", "invites:archive")|]) return Forbid();
                    return RedirectToPage("Index");
                }
            }

            """;
        var fixedSource = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public class DeleteInviteModel : PageModel
            {
                public IActionResult OnPostArchive()
                {
                    if (!DeleteInvitePolicy.CanArchiveDeleteInvite(User)) return Forbid();
                    return RedirectToPage("Index");
                }
            }

            // Authorization decisions for DeleteInvite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class DeleteInvitePolicy
            {
                public static bool CanArchiveDeleteInvite(ClaimsPrincipal user)
                {
                    if (!user.HasClaim("scope", "invites:archive"))
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task FixAll_EndpointsOfOneResourceShareOnePolicy()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpPost("{inviteId}/resend")]
                public async Task<IActionResult> Resend(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if ([|invite.InvitedByUserId != User.FindFirstValue(ClaimTypes.NameIdentifier)|]) return Forbid();
                    return NoContent();
                }

                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> Revoke(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if ([|!User.IsInRole("Admin")|]) return Forbid();
                    return NoContent();
                }
            }

            """;
        var fixedSource = ControllerOpen + /* lang=c#-test */ """
                [HttpPost("{inviteId}/resend")]
                public async Task<IActionResult> Resend(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!InvitePolicy.CanResendInvite(User, invite)) return Forbid();
                    return NoContent();
                }

                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> Revoke(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!InvitePolicy.CanRevokeInvite(User)) return Forbid();
                    return NoContent();
                }
            }

            // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class InvitePolicy
            {
                public static bool CanResendInvite(ClaimsPrincipal user, Invite invite)
                {
                    if (invite.InvitedByUserId != user.FindFirstValue(ClaimTypes.NameIdentifier))
                    {
                        return false;
                    }

                    return true;
                }

                public static bool CanRevokeInvite(ClaimsPrincipal user)
                {
                    if (!user.IsInRole("Admin"))
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource, fixes: 2);
    }

    [Fact]
    public async Task TwoDenyPathsInOneEndpoint_TwoPolicyMethods()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpDelete("{inviteId}")]
                public async Task<IActionResult> Delete(Guid inviteId)
                {
                    if ([|!User.IsInRole("Admin")|]) throw new UnauthorizedAccessException();
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    return [|invite.InvitedByUserId == me|] ? NoContent() : NotFound();
                }
            }

            """;
        var fixedSource = ControllerOpen + /* lang=c#-test */ """
                [HttpDelete("{inviteId}")]
                public async Task<IActionResult> Delete(Guid inviteId)
                {
                    if (!InvitePolicy.CanDeleteInvite(User)) throw new UnauthorizedAccessException();
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    return InvitePolicy.CanDeleteInvite2(invite, me) ? NoContent() : NotFound();
                }
            }

            // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class InvitePolicy
            {
                public static bool CanDeleteInvite(ClaimsPrincipal user)
                {
                    if (!user.IsInRole("Admin"))
                    {
                        return false;
                    }

                    return true;
                }

                public static bool CanDeleteInvite2(Invite invite, string? me)
                {
                    if (invite.InvitedByUserId != me)
                    {
                        return false;
                    }

                    return true;
                }
            }


            """;
        await VerifyFixAsync(source, fixedSource, fixes: 2);
    }

    [Fact]
    public async Task FixAllInProject_SecondDocumentDoesNotRedeclareThePolicy()
    {
        var first = Usings + ControllerOpen + /* lang=c#-test */ """
                [HttpPost("{inviteId}/resend")]
                public async Task<IActionResult> Resend(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if ([|!User.IsInRole("Admin")|]) return Forbid();
                    return NoContent();
                }
            }
            """;
        var second = Usings + /* lang=c#-test */ """
            [ApiController, Authorize, Route("admin/invites")]
            public class InviteAdminController : ControllerBase
            {
                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> Revoke(Guid inviteId, [FromServices] AppDb db)
                {
                    var invite = await db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if ([|invite.InvitedByUserId != User.FindFirstValue(ClaimTypes.NameIdentifier)|]) return Forbid();
                    return NoContent();
                }
            }
            """;
        var firstFixed = Usings + ControllerOpen + /* lang=c#-test */ """
                [HttpPost("{inviteId}/resend")]
                public async Task<IActionResult> Resend(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!InvitePolicy.CanResendInvite(User)) return Forbid();
                    return NoContent();
                }
            }

            // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class InvitePolicy
            {
                public static bool CanResendInvite(ClaimsPrincipal user)
                {
                    if (!user.IsInRole("Admin"))
                    {
                        return false;
                    }

                    return true;
                }
            }

            """;
        var secondFixed = Usings + /* lang=c#-test */ """
            [ApiController, Authorize, Route("admin/invites")]
            public class InviteAdminController : ControllerBase
            {
                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> Revoke(Guid inviteId, [FromServices] AppDb db)
                {
                    var invite = await db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!InvitePolicy2.CanRevokeInvite(User, invite)) return Forbid();
                    return NoContent();
                }
            }

            // Authorization decisions for Invite moved out of the endpoints (SR1002): explicit denies, then one allow.
            [AuthorizationPolicy]
            public static class InvitePolicy2
            {
                public static bool CanRevokeInvite(ClaimsPrincipal user, Invite invite)
                {
                    if (invite.InvitedByUserId != user.FindFirstValue(ClaimTypes.NameIdentifier))
                    {
                        return false;
                    }

                    return true;
                }
            }

            """;
        var test = Verify.CreateTest(first);
        test.TestState.Sources.Add(("/0/Test1.cs", second));
        test.TestState.Sources.Add(("/0/Domain.cs", Domain));
        test.FixedState.Sources.Add(("/0/Test0.cs", firstFixed));
        test.FixedState.Sources.Add(("/0/Test1.cs", secondFixed));
        test.FixedState.Sources.Add(("/0/Domain.cs", Domain));
        test.CodeActionEquivalenceKey = MoveToPolicyCodeFixProvider.EquivalenceKey;
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllInDocumentIterations = 2;
        test.NumberOfFixAllInProjectIterations = 1;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task ConditionCallsEndpointMethod_NoFix()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ([|!User.IsInRole("Admin") && !IsAuditor()|]) return Forbid();
                    return Ok(_db.Invites.ToList());
                }

                private bool IsAuditor() => User.HasClaim("dept", "audit");
            }

            """;
        await Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + source + Domain, MoveToPolicyCodeFixProvider.EquivalenceKey);
    }

    [Fact]
    public async Task DenyingNamedEnumValue_NoFix()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpGet("members/{memberId}")]
                public async Task<IActionResult> Get(Guid memberId)
                {
                    var member = await _db.Members.FindAsync(memberId);
                    if (member is null) return NotFound();
                    if ([|member.Status == MemberStatus.Suspended|]) return Forbid();
                    return Ok(member);
                }
            }

            """;
        // Extracting would write a deny-list followed by an unconditional allow (SR1003): that decision needs a human.
        await Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + source + Domain, MoveToPolicyCodeFixProvider.EquivalenceKey);
    }

    [Fact]
    public async Task PatternVariableInCondition_NoFix()
    {
        var source = ControllerOpen + /* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ([|User.FindFirst(ClaimTypes.Role) is not { Value: "Admin" } claim|]) return Forbid();
                    return Ok(claim.Value);
                }
            }

            """;
        await Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + source + Domain, MoveToPolicyCodeFixProvider.EquivalenceKey);
    }

    [Fact]
    public async Task FileScopedNamespaceWithAnnotationsNotImported_QualifiesAttribute()
    {
        var source = /* lang=c#-test */ """
            namespace Invites.Endpoints;

            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class MemberEndpoints
            {
                public static void Map(IEndpointRouteBuilder app)
                {
                    var members = app.MapGroup("/organizations/{orgId:guid}").MapGroup("/members");
                    members.MapPut("/{memberId:guid}/role", async (Guid orgId, Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null)
                        {
                            return Results.NotFound();
                        }

                        if ([|member.Role != OrgRole.Member|])
                        {
                            return Results.Forbid();
                        }

                        member.Role = request.Role;
                        await db.SaveChangesAsync();
                        return Results.Ok(member);
                    });
                }
            }

            """;
        var fixedSource = /* lang=c#-test */ """
            namespace Invites.Endpoints;

            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class MemberEndpoints
            {
                public static void Map(IEndpointRouteBuilder app)
                {
                    var members = app.MapGroup("/organizations/{orgId:guid}").MapGroup("/members");
                    members.MapPut("/{memberId:guid}/role", async (Guid orgId, Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null)
                        {
                            return Results.NotFound();
                        }

                        if (!MemberPolicy.CanUpdateMemberRole(member))
                        {
                            return Results.Forbid();
                        }

                        member.Role = request.Role;
                        await db.SaveChangesAsync();
                        return Results.Ok(member);
                    });
                }
            }

            // Authorization decisions for Member moved out of the endpoints (SR1002): explicit denies, then one allow.
            [SecureRoutes.AuthorizationPolicy]
            public static class MemberPolicy
            {
                public static bool CanUpdateMemberRole(Member member)
                {
                    if (member.Role != OrgRole.Member)
                    {
                        return false;
                    }

                    return true;
                }
            }

            """;
        const string Annotations = """

            namespace SecureRoutes
            {
                [System.AttributeUsage(System.AttributeTargets.All)]
                public sealed class AuthorizationPolicyAttribute : System.Attribute { }
            }
            """;
        var domain = Domain.Replace("namespace App", "namespace Invites");
        var test = Verify.CreateTest(source);
        test.TestState.Sources.Add(("Domain.cs", domain));
        test.TestState.Sources.Add(("Annotations.cs", Annotations));
        test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
        test.FixedState.Sources.Add(("Domain.cs", domain));
        test.FixedState.Sources.Add(("Annotations.cs", Annotations));
        test.CodeActionEquivalenceKey = MoveToPolicyCodeFixProvider.EquivalenceKey;
        await test.RunAsync();

        var policyTest = VerifyPolicy.CreateTest(fixedSource);
        policyTest.TestState.Sources.Add(("Domain.cs", domain));
        policyTest.TestState.Sources.Add(("Annotations.cs", Annotations));
        await policyTest.RunAsync();
    }
}
