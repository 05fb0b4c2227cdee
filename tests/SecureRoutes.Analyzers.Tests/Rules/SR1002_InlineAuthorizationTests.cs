using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.InlineAuthorizationAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

public class SR1002_InlineAuthorizationTests
{
    /// <summary>Shared domain: members with a persisted role and status, invites with an inviter, an EF context, a central policy.</summary>
    internal const string Domain = /* lang=c#-test */ """
        namespace App
        {
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public enum OrgRole { Member, Admin, Owner }
            public enum MemberStatus { Active, Suspended, Removed }

            public class Member
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string UserId { get; set; } = "";
                public OrgRole Role { get; set; }
                public MemberStatus Status { get; set; }
                public bool IsAdmin { get; set; }
            }

            public class Invite
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string Email { get; set; } = "";
                public string InvitedByUserId { get; set; } = "";
                public DateTimeOffset ExpiresAt { get; set; }
                public string? Note { get; set; }
            }

            public class ChangeRoleRequest
            {
                public OrgRole Role { get; set; }
                public OrgRole ActorRole { get; set; }
            }

            public class AppDb : DbContext
            {
                public DbSet<Invite> Invites => Set<Invite>();
                public DbSet<Member> Members => Set<Member>();
            }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }

            [AuthorizationPolicy]
            public interface IInvitePolicy
            {
                bool CanRead(ClaimsPrincipal actor, Invite invite);
                Task<bool> CanRevokeAsync(ClaimsPrincipal actor, Invite invite);
            }

            public sealed class ForbiddenException : Exception { }
        }
        """;

    private const string ControllerHeader = """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using App;

        [ApiController, Authorize, Route("invites")]
        public class InvitesController : ControllerBase
        {
            private readonly AppDb _db;
            private readonly IInvitePolicy _policy;
            private readonly IAuthorizationService _auth;

            public InvitesController(AppDb db, IInvitePolicy policy, IAuthorizationService auth)
            {
                _db = db;
                _policy = policy;
                _auth = auth;
            }

        """;

    private const string MinimalHeader = """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.EntityFrameworkCore;
        using App;

        public static class MemberEndpoints
        {
            public static void Map(IEndpointRouteBuilder app)
            {

        """;

    private static string Controller(string actions) => ControllerHeader + actions + "\n}\n" + Domain;

    private static string Minimal(string maps) => MinimalHeader + maps + "\n    }\n}\n" + Domain;

    private static DiagnosticResult Expect(string endpoint, string facts, string deny) =>
        Verify.Diagnostic(Descriptors.SR1002InlineAuthorization).WithLocation(0).WithArguments(endpoint, facts, deny);

    // ------------------------------------------------------------------ reported

    [Fact]
    public async Task RoleOrInviterThenForbid_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpPost("{inviteId}/resend")]
                public async Task<IActionResult> Resend(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    var currentUserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    if ({|#0:!User.IsInRole("Admin") && invite.InvitedByUserId != currentUserId|})
                    {
                        return Forbid();
                    }
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.Resend",
            "checks a role with 'User.IsInRole(\"Admin\")' and compares 'invite.InvitedByUserId' with the caller",
            "returns 'Forbid()'"));
    }

    [Fact]
    public async Task MinimalApiActorRoleFromBody_LeftToSR2001()
    {
        // The caller's role as the client claims it is no persisted state to move into a policy: SR2001 reports it.
        var source = Minimal(/* lang=c#-test */ """
                    app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null) return Results.NotFound();
                        if (request.ActorRole != OrgRole.Owner) return Results.Forbid();
                        member.Role = request.Role;
                        await db.SaveChangesAsync();
                        return Results.Ok(member);
                    });
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RequestedRoleNextToPersistedRole_ReportsThePersistedOne()
    {
        var source = Minimal(/* lang=c#-test */ """
                    app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null) return Results.NotFound();
                        if ({|#0:request.Role == OrgRole.Owner && member.Role != OrgRole.Owner|}) return Results.Forbid();
                        member.Role = request.Role;
                        await db.SaveChangesAsync();
                        return Results.Ok(member);
                    });
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "PUT /members/{memberId}/role", "compares the role or status 'member.Role'", "returns 'Results.Forbid()'"));
    }

    [Fact]
    public async Task PersistedRoleOfCaller_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpDelete("{inviteId}")]
                public async Task<IActionResult> Delete(Guid inviteId)
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    var member = await _db.Members.FirstAsync(m => m.UserId == userId);
                    if ({|#0:member.Role < OrgRole.Admin|}) return Forbid();
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.Delete", "compares the role or status 'member.Role'", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task MemberStatusNotActive_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpPost("{inviteId}/accept")]
                public async Task<IActionResult> Accept(Guid inviteId, Guid memberId)
                {
                    var member = await _db.Members.FindAsync(memberId);
                    if (member is null) return NotFound();
                    if ({|#0:member.Status != MemberStatus.Active|}) return StatusCode(403);
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.Accept", "compares the role or status 'member.Status'", "returns 'StatusCode(403)'"));
    }

    [Fact]
    public async Task OwnershipThenNotFound_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if ({|#0:invite.InvitedByUserId != User.FindFirstValue(ClaimTypes.NameIdentifier)|}) return NotFound();
                    return Ok(invite);
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.Get", "compares 'invite.InvitedByUserId' with the caller", "returns 'NotFound()'"));
    }

    [Fact]
    public async Task HasClaimThenUnauthorized_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ({|#0:!User.HasClaim("scope", "invites:read")|}) return Unauthorized();
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.List", "checks a claim with 'User.HasClaim(\"scope\", \"invites:read\")'", "returns 'Unauthorized()'"));
    }

    [Fact]
    public async Task RoleClaimComparison_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ({|#0:User.FindFirstValue(ClaimTypes.Role) != "Admin"|}) return Forbid();
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.List", "reads the caller's 'Role' claim", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task ThrowsUnauthorizedAccess_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ({|#0:!User.IsInRole("Admin")|}) throw new UnauthorizedAccessException();
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.List", "checks a role with 'User.IsInRole(\"Admin\")'", "throws 'UnauthorizedAccessException'"));
    }

    [Fact]
    public async Task ThrowsDomainForbiddenException_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ({|#0:!User.IsInRole("Auditor")|})
                    {
                        throw new ForbiddenException();
                    }
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.List", "checks a role with 'User.IsInRole(\"Auditor\")'", "throws 'ForbiddenException'"));
    }

    [Fact]
    public async Task StatusCodesConstant403_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ({|#0:!User.IsInRole("Admin")|}) return StatusCode(StatusCodes.Status403Forbidden);
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.List", "checks a role with 'User.IsInRole(\"Admin\")'", "returns 'StatusCode(StatusCodes.Status403Forbidden)'"));
    }

    [Fact]
    public async Task MembershipQueryAsOnlyCheck_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("org/{orgId}")]
                public async Task<IActionResult> ListForOrg(Guid orgId)
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    if ({|#0:!await _db.Members.AnyAsync(m => m.OrganizationId == orgId && m.UserId == userId)|}) return Forbid();
                    return Ok(await _db.Invites.Where(i => i.OrganizationId == orgId).ToListAsync());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.ListForOrg", "queries data scoped to the caller ('AnyAsync')", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task MembershipLocalIsNull_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("org/{orgId}")]
                public async Task<IActionResult> ListForOrg(Guid orgId)
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    var membership = await _db.Members.FirstOrDefaultAsync(m => m.OrganizationId == orgId && m.UserId == userId);
                    if ({|#0:membership is null|}) return Forbid();
                    return Ok(await _db.Invites.Where(i => i.OrganizationId == orgId).ToListAsync());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.ListForOrg", "looks 'membership' up scoped to the caller", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task BoolLocalHoldsOwnership_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpDelete("{inviteId}")]
                public async Task<IActionResult> Delete(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    var isInviter = invite.InvitedByUserId == User.FindFirstValue(ClaimTypes.NameIdentifier);
                    if ({|#0:!isInviter|}) return Forbid();
                    _db.Invites.Remove(invite);
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.Delete", "compares 'invite.InvitedByUserId' with the caller", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task TernaryForbid_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List() =>
                    {|#0:User.IsInRole("Admin")|} ? Ok(_db.Invites.ToList()) : Forbid();
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.List", "checks a role with 'User.IsInRole(\"Admin\")'", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task AllowBranchThenForbidAfter_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if ({|#0:User.IsInRole("Admin")|})
                    {
                        return Ok(_db.Invites.ToList());
                    }
                    return new ForbidResult();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.List", "checks a role with 'User.IsInRole(\"Admin\")'", "returns 'new ForbidResult()'"));
    }

    [Fact]
    public async Task PermissionFlag_Reports()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("org/{orgId}")]
                public async Task<IActionResult> ListForOrg(Guid orgId, Guid memberId)
                {
                    var member = await _db.Members.FindAsync(memberId);
                    if (member is null) return NotFound();
                    if ({|#0:!member.IsAdmin|}) return Forbid();
                    return Ok(await _db.Invites.Where(i => i.OrganizationId == orgId).ToListAsync());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "InvitesController.ListForOrg", "tests the flag 'member.IsAdmin'", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task PermissionFlagFromTheBody_LeftToSR2001()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpPost("org/{orgId}/purge")]
                public async Task<IActionResult> Purge(Guid orgId, [FromBody] Member caller)
                {
                    if (!caller.IsAdmin) return Forbid();
                    await _db.Invites.Where(i => i.OrganizationId == orgId).ExecuteDeleteAsync();
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RazorPageHandler_Reports()
    {
        var source = /* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using App;

            public class DeleteInviteModel : PageModel
            {
                private readonly AppDb _db;
                public DeleteInviteModel(AppDb db) => _db = db;

                public async Task<IActionResult> OnPostAsync(Guid inviteId)
                {
                    if ({|#0:!User.IsInRole("Admin")|}) return Forbid();
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is not null) _db.Invites.Remove(invite);
                    return RedirectToPage("Index");
                }
            }
            """ + Domain;
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "DeleteInviteModel.OnPostAsync", "checks a role with 'User.IsInRole(\"Admin\")'", "returns 'Forbid()'"));
    }

    [Fact]
    public async Task MinimalApiTypedResultsWithPrincipalParameter_Reports()
    {
        var source = Minimal(/* lang=c#-test */ """
                    app.MapDelete("/invites/{inviteId}", async (Guid inviteId, ClaimsPrincipal user, AppDb db) =>
                    {
                        if ({|#0:!user.IsInRole("Admin")|}) return (IResult)TypedResults.Forbid();
                        var invite = await db.Invites.FindAsync(inviteId);
                        if (invite is not null) db.Invites.Remove(invite);
                        return TypedResults.NoContent();
                    });
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "DELETE /invites/{inviteId}", "checks a role with 'user.IsInRole(\"Admin\")'", "returns '(IResult)TypedResults.Forbid()'"));
    }

    [Fact]
    public async Task ResponseStatusCode403_Reports()
    {
        var source = Minimal(/* lang=c#-test */ """
                    app.MapPost("/invites/purge", async (HttpContext context, AppDb db) =>
                    {
                        if ({|#0:!context.User.IsInRole("Admin")|})
                        {
                            context.Response.StatusCode = 403;
                            return;
                        }
                        db.Invites.RemoveRange(db.Invites);
                    await db.SaveChangesAsync();
                    });
            """);
        await Verify.VerifyAnalyzerAsync(source, Expect(
            "POST /invites/purge", "checks a role with 'context.User.IsInRole(\"Admin\")'", "denies with 'context.Response.StatusCode = 403'"));
    }

    [Fact]
    public async Task TwoInlineDecisions_ReportsEach()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpDelete("{inviteId}")]
                public async Task<IActionResult> Delete(Guid inviteId)
                {
                    if ({|#0:!User.IsInRole("Admin")|}) return Forbid();
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if ({|#1:invite.InvitedByUserId != User.FindFirstValue(ClaimTypes.NameIdentifier)|}) return Forbid();
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source,
            Expect("InvitesController.Delete", "checks a role with 'User.IsInRole(\"Admin\")'", "returns 'Forbid()'"),
            Verify.Diagnostic(Descriptors.SR1002InlineAuthorization).WithLocation(1).WithArguments(
                "InvitesController.Delete", "compares 'invite.InvitedByUserId' with the caller", "returns 'Forbid()'"));
    }

    // ------------------------------------------------------------------ not reported

    [Fact]
    public async Task NullCheckThenNotFound_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!_policy.CanRead(User, invite)) return Forbid();
                    return Ok(invite);
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PolicyDecisionInLocal_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> Revoke(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    var allowed = await _policy.CanRevokeAsync(User, invite);
                    if (!allowed) return Forbid();
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AuthorizationServiceResult_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    var result = await _auth.AuthorizeAsync(User, invite, "InviteRead");
                    if (!result.Succeeded) return Forbid();
                    return Ok(invite);
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleCheckNextToPolicyCall_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!User.IsInRole("Support") && !_policy.CanRead(User, invite)) return Forbid();
                    return Ok(invite);
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task InputValidationBadRequest_NoDiagnostic()
    {
        var source = Minimal(/* lang=c#-test */ """
                    app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        if (request.Role == OrgRole.Owner) return Results.BadRequest("Owners are not assigned here.");
                        if (!Enum.IsDefined(request.Role)) return Results.ValidationProblem(new System.Collections.Generic.Dictionary<string, string[]>());
                        return Results.NoContent();
                    });
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task StatusCheckThenNotFound_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("members/{memberId}")]
                public async Task<IActionResult> GetMember(Guid memberId)
                {
                    var member = await _db.Members.FindAsync(memberId);
                    if (member is null || member.Status == MemberStatus.Removed) return NotFound();
                    return Ok(member);
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CallerScopedQueryThenNotFound_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    var invite = await _db.Invites.FirstOrDefaultAsync(i => i.Id == inviteId && i.InvitedByUserId == userId);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AuthenticationCheck_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if (User.Identity?.IsAuthenticated != true) return Unauthorized();
                    if (!User.Identity.IsAuthenticated) return Challenge();
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MissingUserIdUnauthorized_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("mine")]
                public async Task<IActionResult> Mine()
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    if (userId is null) return Unauthorized();
                    if (string.IsNullOrEmpty(userId)) return Unauthorized();
                    return Ok(await _db.Invites.Where(i => i.InvitedByUserId == userId).ToListAsync());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleCheckWithoutDeny_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public async Task<IActionResult> List()
                {
                    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                    if (User.IsInRole("Admin")) return Ok(await _db.Invites.ToListAsync());
                    return Ok(await _db.Invites.Where(i => i.InvitedByUserId == userId).ToListAsync());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task DenyInsideNestedStatement_BelongsToInnerCondition_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    if (User.IsInRole("Admin"))
                    {
                        var invite = await _db.Invites.FindAsync(inviteId);
                        if (invite is null) return NotFound();
                        return Ok(invite);
                    }
                    return Ok();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ExpiryCheckForbid_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpPost("{inviteId}/accept")]
                public async Task<IActionResult> Accept(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (invite.ExpiresAt < DateTimeOffset.UtcNow) return Forbid();
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleFilterInQueryLambda_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("owners")]
                public async Task<IActionResult> Owners() =>
                    Ok(await _db.Members.Where(m => m.Role == OrgRole.Owner ? m.Status == MemberStatus.Active : false).ToListAsync());
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ActionMarkedAsPolicy_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet, AuthorizationPolicy]
                public IActionResult List()
                {
                    if (!User.IsInRole("Admin")) return Forbid();
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ConfiguredPolicyType_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet]
                public IActionResult List()
                {
                    if (!User.IsInRole("Admin")) return Forbid();
                    return Ok(_db.Invites.ToList());
                }
            """);
        await Verify.VerifyAnalyzerAsync(source, "secure_routes.policy_types = InvitesController");
    }

    [Fact]
    public async Task HelperOutsideEndpoint_NoDiagnostic()
    {
        var source = /* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using App;

            public sealed class InviteGuard
            {
                public void EnsureAdmin(ClaimsPrincipal user)
                {
                    if (!user.IsInRole("Admin")) throw new UnauthorizedAccessException();
                }
            }
            """ + Domain;
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CallerIsInviterThenBadRequest_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpPost("{inviteId}/accept")]
                public async Task<IActionResult> Accept(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (invite.InvitedByUserId == User.FindFirstValue(ClaimTypes.NameIdentifier)) return BadRequest("You cannot accept your own invite.");
                    return NoContent();
                }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task HelperThatCallsPolicy_NoDiagnostic()
    {
        var source = Controller(/* lang=c#-test */ """
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!MayRead(invite)) return Forbid();
                    return Ok(invite);
                }

                private bool MayRead(Invite invite) => _policy.CanRead(User, invite);
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ArgumentExceptionForInput_NoDiagnostic()
    {
        var source = Minimal(/* lang=c#-test */ """
                    app.MapPut("/members/{memberId}/role", (Guid memberId, ChangeRoleRequest request) =>
                    {
                        if (request.Role == OrgRole.Owner) throw new ArgumentException("Owners are not assigned here.");
                        return Results.NoContent();
                    });
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoAspNetCore_NoDiagnostic()
    {
        var source = /* lang=c#-test */ """
            using System;
            using System.Security.Claims;

            public class InvitesController
            {
                public ClaimsPrincipal User { get; set; } = new();

                public string List()
                {
                    if (!User.IsInRole("Admin")) throw new UnauthorizedAccessException();
                    return "ok";
                }
            }
            """;
        var test = Verify.CreateTest(source, references: References.Net80);
        await test.RunAsync();
    }
}
