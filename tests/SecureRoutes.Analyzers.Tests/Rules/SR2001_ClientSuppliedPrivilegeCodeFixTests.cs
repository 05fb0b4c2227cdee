using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.CodeFixes.Rules;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.ClientSuppliedPrivilegeAnalyzer,
    SecureRoutes.Analyzers.CodeFixes.Rules.ClientSuppliedPrivilegeCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

/// <summary>Each test runs the single fix until no diagnostic is left, then Fix All in document, project and solution.</summary>
public class SR2001_ClientSuppliedPrivilegeCodeFixTests
{
    private const string Domain = /* lang=c#-test */ """

        namespace App
        {
            using System;
            using System.Security.Claims;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public enum OrgRole { Member, Admin, Owner }

            public class Member
            {
                public Guid Id { get; set; }
                public OrgRole Role { get; set; }
            }

            public class Invite
            {
                public Guid Id { get; set; }
                public string Email { get; set; } = "";
                public OrgRole Role { get; set; }
            }

            public class AppDb : DbContext
            {
                public DbSet<Member> Members => Set<Member>();
                public DbSet<Invite> Invites => Set<Invite>();
            }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }

            [AuthorizationPolicy]
            public interface IInvitePolicy
            {
                Task<bool> CanCreateInviteAsync(ClaimsPrincipal user, Guid organizationId, OrgRole requestedRole, CancellationToken ct);
                Task<bool> CanChangeRoleAsync(ClaimsPrincipal user, Member member, OrgRole requestedRole, CancellationToken ct);
            }

            public record CreateInviteRequest(string Email, OrgRole Role);
            public record ChangeRoleRequest(OrgRole Role);
        }
        """;

    private const string Usings = """
        using System;
        using System.Security.Claims;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using App;

        """;

    private static Task VerifyFixAsync(string source, string fixedSource) =>
        Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + fixedSource + Domain, ClientSuppliedPrivilegeCodeFixProvider.CheckWithPolicyKey);

    [Fact]
    public Task ControllerWithPolicyInScope_InsertsCheck() => VerifyFixAsync(/* lang=c#-test */ """
        [ApiController, Route("orgs/{orgId}/invites")]
        public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request, CancellationToken ct)
            {
                var invite = new Invite { Email = request.Email, Role = [|request.Role|] };
                db.Invites.Add(invite);
                await db.SaveChangesAsync(ct);
                return Ok();
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("orgs/{orgId}/invites")]
        public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request, CancellationToken ct)
            {
                if (!await policy.CanCreateInviteAsync(User, orgId, request.Role, ct))
                {
                    return Forbid();
                }

                var invite = new Invite { Email = request.Email, Role = request.Role };
                db.Invites.Add(invite);
                await db.SaveChangesAsync(ct);
                return Ok();
            }
        }
        """);

    [Fact]
    public Task ControllerWithPrimaryConstructor_GetsThePolicyInjected() => VerifyFixAsync(/* lang=c#-test */ """
        [ApiController, Route("orgs/{orgId}/invites")]
        public class InvitesController(AppDb db) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
            {
                db.Invites.Add(new Invite { Email = request.Email, Role = [|request.Role|] });
                await db.SaveChangesAsync();
                return Ok();
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("orgs/{orgId}/invites")]
        public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
            {
                if (!await policy.CanCreateInviteAsync(User, orgId, request.Role, default))
                {
                    return Forbid();
                }

                db.Invites.Add(new Invite { Email = request.Email, Role = request.Role });
                await db.SaveChangesAsync();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task MinimalApi_GetsPrincipalAndPolicyParameters() => VerifyFixAsync(/* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                {
                    var member = await db.Members.FindAsync(memberId);
                    if (member is null) return Results.NotFound();
                    member.Role = [|request.Role|];
                    await db.SaveChangesAsync();
                    return Results.Ok();
                });
            }
        }
        """, /* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db, ClaimsPrincipal user, IInvitePolicy policy) =>
                {
                    var member = await db.Members.FindAsync(memberId);
                    if (member is null) return Results.NotFound();
                    if (!await policy.CanChangeRoleAsync(user, member, request.Role, default))
                    {
                        return Results.Forbid();
                    }

                    member.Role = request.Role;
                    await db.SaveChangesAsync();
                    return Results.Ok();
                });
            }
        }
        """);

    [Fact]
    public Task TwoSinksInOneHandler_OneCheck() => VerifyFixAsync(/* lang=c#-test */ """
        [ApiController, Route("orgs/{orgId}/invites")]
        public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request, CancellationToken ct)
            {
                var role = request.Role;
                db.Invites.Add(new Invite { Email = request.Email, Role = [|role|] });
                db.Invites.Add(new Invite { Email = "copy@example.com", Role = [|role|] });
                await db.SaveChangesAsync(ct);
                return Ok();
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("orgs/{orgId}/invites")]
        public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request, CancellationToken ct)
            {
                var role = request.Role;
                if (!await policy.CanCreateInviteAsync(User, orgId, role, ct))
                {
                    return Forbid();
                }

                db.Invites.Add(new Invite { Email = request.Email, Role = role });
                db.Invites.Add(new Invite { Email = "copy@example.com", Role = role });
                await db.SaveChangesAsync(ct);
                return Ok();
            }
        }
        """);

    [Fact]
    public async Task DecisionOnClientRole_OffersNoFix()
    {
        var source = Usings + /* lang=c#-test */ """
            public record ActorRequest(OrgRole ActorRole);

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/members/{id}", (Guid id, ActorRequest request) =>
                    {
                        if ([|request.ActorRole|] != OrgRole.Owner) return Results.Forbid();
                        return Results.NoContent();
                    });
                }
            }
            """ + Domain;
        await Verify.VerifyCodeFixAsync(source, source, ClientSuppliedPrivilegeCodeFixProvider.CheckWithPolicyKey);
    }

    [Fact]
    public async Task NoPolicyMethodTakesTheValue_OffersNoFix()
    {
        var source = Usings + /* lang=c#-test */ """
            public class Plan { public Guid Id { get; set; } public string Role { get; set; } = ""; }
            public class PlanDb : Microsoft.EntityFrameworkCore.DbContext { public Microsoft.EntityFrameworkCore.DbSet<Plan> Plans => Set<Plan>(); }
            public record PlanRequest(string Role);

            [ApiController, Route("plans")]
            public class PlansController(PlanDb db) : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(PlanRequest request)
                {
                    db.Plans.Add(new Plan { Role = [|request.Role|] });
                    db.SaveChanges();
                    return Ok();
                }
            }
            """ + Domain;
        await Verify.VerifyCodeFixAsync(source, source, ClientSuppliedPrivilegeCodeFixProvider.CheckWithPolicyKey);
    }
}
