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
                Task<bool> CanRemoveMemberAsync(ClaimsPrincipal user, Member member, CancellationToken ct);
                Task<bool> CanListMembersAsync(ClaimsPrincipal user, Guid organizationId, CancellationToken ct);
                Task<bool> CanUpdateMemberProfileAsync(ClaimsPrincipal user, Member member, CancellationToken ct);
            }

            public record CreateInviteRequest(string Email, OrgRole Role);
            public record ChangeRoleRequest(OrgRole Role);
            public record ChangeRoleAsRequest(OrgRole Role, OrgRole ActorRole);
            public record ActorRequest(OrgRole ActorRole);
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

    private static Task VerifyPersistedRoleFixAsync(string source, string fixedSource) =>
        Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + fixedSource + Domain, ClientSuppliedPrivilegeCodeFixProvider.UsePersistedRoleKey);

    private static Task VerifyNoPersistedRoleFixAsync(string source) =>
        Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + source + Domain, ClientSuppliedPrivilegeCodeFixProvider.UsePersistedRoleKey);

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

    // ------------------------------------------------------------ "Use the persisted role" (decisions)

    [Fact]
    public Task MinimalApi_ClientActorRole_AsksThePolicyAboutTheCaller() => VerifyPersistedRoleFixAsync(/* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleAsRequest request, AppDb db) =>
                {
                    var member = await db.Members.FindAsync(memberId);
                    if (member is null) return Results.NotFound();
                    if ([|request.ActorRole|] != OrgRole.Owner)
                    {
                        return Results.Forbid();
                    }

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
                app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleAsRequest request, AppDb db, ClaimsPrincipal user, IInvitePolicy policy) =>
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
    public Task Controller_RoleHeader_AsksThePolicyNamedForTheAction() => VerifyPersistedRoleFixAsync(/* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpDelete("{id}")]
            public async Task<IActionResult> RemoveMember(Guid id, [FromHeader(Name = "X-Role")] string role, CancellationToken ct)
            {
                var member = await db.Members.FindAsync(new object[] { id }, ct);
                if (member is null) return NotFound();
                if ([|role|] != "owner") return Forbid();
                db.Members.Remove(member);
                await db.SaveChangesAsync(ct);
                return NoContent();
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpDelete("{id}")]
            public async Task<IActionResult> RemoveMember(Guid id, [FromHeader(Name = "X-Role")] string role, CancellationToken ct)
            {
                var member = await db.Members.FindAsync(new object[] { id }, ct);
                if (member is null) return NotFound();
                if (!await policy.CanRemoveMemberAsync(User, member, ct)) return Forbid();
                db.Members.Remove(member);
                await db.SaveChangesAsync(ct);
                return NoContent();
            }
        }
        """);

    [Fact]
    public Task ElseBranchDenies_ConditionIsNotNegated() => VerifyPersistedRoleFixAsync(/* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapDelete("/members/{memberId}", async (Guid memberId, ActorRequest request, AppDb db) =>
                {
                    var member = await db.Members.FindAsync(memberId);
                    if (member is null) return Results.NotFound();
                    if ([|request.ActorRole|] == OrgRole.Owner)
                    {
                        db.Members.Remove(member);
                    }
                    else
                    {
                        return Results.Forbid();
                    }

                    await db.SaveChangesAsync();
                    return Results.NoContent();
                });
            }
        }
        """, /* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapDelete("/members/{memberId}", async (Guid memberId, ActorRequest request, AppDb db, ClaimsPrincipal user, IInvitePolicy policy) =>
                {
                    var member = await db.Members.FindAsync(memberId);
                    if (member is null) return Results.NotFound();
                    if (await policy.CanRemoveMemberAsync(user, member, default))
                    {
                        db.Members.Remove(member);
                    }
                    else
                    {
                        return Results.Forbid();
                    }

                    await db.SaveChangesAsync();
                    return Results.NoContent();
                });
            }
        }
        """);

    [Fact]
    public Task ConditionalExpression_IsRewrittenInPlace() => VerifyPersistedRoleFixAsync(/* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpDelete("{id}")]
            public async Task<IActionResult> RemoveMember(Guid id, [FromQuery] bool isOwner)
            {
                var member = await db.Members.FindAsync(id);
                if (member is null) return NotFound();
                db.Members.Remove(member);
                return [|isOwner|] ? NoContent() : Forbid();
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpDelete("{id}")]
            public async Task<IActionResult> RemoveMember(Guid id, [FromQuery] bool isOwner)
            {
                var member = await db.Members.FindAsync(id);
                if (member is null) return NotFound();
                db.Members.Remove(member);
                return await policy.CanRemoveMemberAsync(User, member, default) ? NoContent() : Forbid();
            }
        }
        """);

    [Fact]
    public Task TwoHandlers_FixAllAsksForEach() => VerifyPersistedRoleFixAsync(/* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db) : ControllerBase
        {
            [HttpDelete("{id}")]
            public async Task<IActionResult> RemoveMember(Guid id, [FromHeader] OrgRole actorRole)
            {
                var member = await db.Members.FindAsync(id);
                if (member is null) return NotFound();
                if ([|actorRole|] < OrgRole.Admin) return Forbid();
                db.Members.Remove(member);
                await db.SaveChangesAsync();
                return NoContent();
            }

            [HttpPut("{id}/role")]
            public async Task<IActionResult> ChangeRole(Guid id, ChangeRoleAsRequest request)
            {
                var member = await db.Members.FindAsync(id);
                if (member is null) return NotFound();
                if ([|request.ActorRole|] != OrgRole.Owner) return Forbid();
                member.Role = [|request.Role|];
                await db.SaveChangesAsync();
                return Ok();
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpDelete("{id}")]
            public async Task<IActionResult> RemoveMember(Guid id, [FromHeader] OrgRole actorRole)
            {
                var member = await db.Members.FindAsync(id);
                if (member is null) return NotFound();
                if (!await policy.CanRemoveMemberAsync(User, member, default)) return Forbid();
                db.Members.Remove(member);
                await db.SaveChangesAsync();
                return NoContent();
            }

            [HttpPut("{id}/role")]
            public async Task<IActionResult> ChangeRole(Guid id, ChangeRoleAsRequest request)
            {
                var member = await db.Members.FindAsync(id);
                if (member is null) return NotFound();
                if (!await policy.CanChangeRoleAsync(User, member, request.Role, default)) return Forbid();
                member.Role = request.Role;
                await db.SaveChangesAsync();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task NoPolicyMethodNamedForTheOperation_OffersNoPersistedRoleFix() => VerifyNoPersistedRoleFixAsync(/* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                // Only an id in scope: CanListMembersAsync(user, Guid, ct) would bind, but it is named for another operation.
                app.MapDelete("/members/{id}", (Guid id, ActorRequest request) =>
                {
                    if ([|request.ActorRole|] != OrgRole.Owner) return Results.Forbid();
                    return Results.NoContent();
                });
            }
        }
        """);

    [Fact]
    public Task SynchronousHandler_OffersNoPersistedRoleFix() => VerifyNoPersistedRoleFixAsync(/* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpDelete("{id}")]
            public IActionResult RemoveMember(Guid id, [FromHeader] OrgRole actorRole)
            {
                var member = db.Members.Find(id);
                if (member is null) return NotFound();
                if ([|actorRole|] != OrgRole.Owner) return Forbid();
                db.Members.Remove(member);
                db.SaveChanges();
                return NoContent();
            }
        }
        """);

    [Fact]
    public Task RequestedValueIsAmbiguous_OffersNoPersistedRoleFix() => VerifyNoPersistedRoleFixAsync(/* lang=c#-test */ """
        public record PromoteRequest(OrgRole From, OrgRole To, OrgRole ActorRole);

        [ApiController, Route("members")]
        public class MembersController(AppDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpPut("{id}/role")]
            public async Task<IActionResult> ChangeRole(Guid id, PromoteRequest request)
            {
                var member = await db.Members.FindAsync(id);
                if (member is null) return NotFound();
                if ([|request.ActorRole|] != OrgRole.Owner) return Forbid();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DecisionThatGrants_OffersNoPersistedRoleFix() => VerifyNoPersistedRoleFixAsync(/* lang=c#-test */ """
        public class AppUser { public Guid Id { get; set; } public bool IsAdmin { get; set; } }
        public class UsersDb : Microsoft.EntityFrameworkCore.DbContext { public Microsoft.EntityFrameworkCore.DbSet<AppUser> Users => Set<AppUser>(); }
        public record RegisterRequest(bool IsAdmin);

        [ApiController, Route("users")]
        public class UsersController(UsersDb db, IInvitePolicy policy) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Register(RegisterRequest request)
            {
                var user = new AppUser();
                if ([|request.IsAdmin|]) user.IsAdmin = true;
                db.Users.Add(user);
                await db.SaveChangesAsync();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task PolicyWithoutThePrincipal_OffersNoPersistedRoleFix() => VerifyNoPersistedRoleFixAsync(/* lang=c#-test */ """
        [AuthorizationPolicy]
        public interface IInviteRules
        {
            // Asks about a Member actor, not the caller: the fix cannot know which member the caller is.
            Task<bool> CanRevokeInviteAsync(Member actor, Invite invite);
        }

        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapDelete("/invites/{inviteId}", async (Guid inviteId, ActorRequest request, AppDb db, IInviteRules rules) =>
                {
                    var invite = await db.Invites.FindAsync(inviteId);
                    if (invite is null) return Results.NotFound();
                    if ([|request.ActorRole|] != OrgRole.Owner) return Results.Forbid();
                    db.Invites.Remove(invite);
                    return Results.NoContent();
                });
            }
        }
        """);
}
