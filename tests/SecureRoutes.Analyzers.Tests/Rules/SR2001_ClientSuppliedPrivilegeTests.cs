using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.ClientSuppliedPrivilegeAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

public class SR2001_ClientSuppliedPrivilegeTests
{
    /// <summary>Shared domain: entities with privileged fields, request models, an EF context and a central policy.</summary>
    internal const string Domain = /* lang=c#-test */ """
        namespace App
        {
            using System;
            using System.Collections.Generic;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.EntityFrameworkCore;

            public enum OrgRole { Member, Admin, Owner }

            public class Member
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string DisplayName { get; set; } = "";
                public OrgRole Role { get; set; }
                public string RoleDescription { get; set; } = "";
                public int PermissionsCount { get; set; }
                public void ChangeRole(OrgRole role) => Role = role;
            }

            public class Invite
            {
                public Invite() { }
                public Invite(string email, OrgRole role) { Email = email; Role = role; }
                public Guid Id { get; set; }
                public string Email { get; set; } = "";
                public string Token { get; set; } = "";
                public OrgRole Role { get; set; }
            }

            public class AppUser : IdentityUser
            {
                public bool IsAdmin { get; set; }
                public string Role { get; set; } = "";
                public List<string> Permissions { get; set; } = new();
            }

            /// <summary>Not an entity: a record handed to a repository.</summary>
            public class UserRecord
            {
                public string Email { get; set; } = "";
                public string Role { get; set; } = "";
            }

            public interface IUserRepository { Task AddAsync(UserRecord record); }

            public class AppDb : DbContext
            {
                public DbSet<Member> Members => Set<Member>();
                public DbSet<Invite> Invites => Set<Invite>();
            }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }

            [AuthorizationPolicy]
            public interface IMemberPolicy
            {
                Task<bool> CanGrantAsync(ClaimsPrincipal actor, Guid orgId, OrgRole role);
                Task<bool> CanChangeRoleAsync(ClaimsPrincipal actor, Member member, OrgRole role);
                bool CanRegister(RegisterRequest request);
                void EnsureCanGrant(ClaimsPrincipal actor, OrgRole role);
            }

            public record CreateInviteRequest(string Email, OrgRole Role);
            public record ChangeRoleRequest(OrgRole Role, OrgRole ActorRole);
            public record LevelRequest(OrgRole Level);
            public record ProfileRequest(string DisplayName, string RoleDescription, int PermissionsCount);
            public record NestedRequest(string Email, RoleSettings Settings);
            public record RoleSettings(OrgRole Role);

            public class RegisterRequest
            {
                public string Email { get; set; } = "";
                public string Password { get; set; } = "";
                public string Role { get; set; } = "";
                public bool IsAdmin { get; set; }
                public bool EmailConfirmed { get; set; }
                public List<string> Permissions { get; set; } = new();
            }

            public class RoleView { public OrgRole Role { get; set; } }
        }
        """;

    private static string WithDomain(string source) => source + "\n" + Domain;

    /// <summary>A service the endpoints call: it stores what it receives.</summary>
    private const string Service = /* lang=c#-test */ """

            public interface IInviteService
            {
                Task CreateAsync(Guid orgId, CreateInviteRequest request);
                Task AddMemberAsync(Guid orgId, string name, OrgRole role);
            }

            public class InviteService(AppDb db, IMemberPolicy policy, Microsoft.AspNetCore.Http.IHttpContextAccessor http) : IInviteService
            {
                public async Task CreateAsync(Guid orgId, CreateInviteRequest request)
                {
                    db.Invites.Add(new Invite { Email = request.Email, Role = request.Role });
                    await db.SaveChangesAsync();
                }

                public async Task AddMemberAsync(Guid orgId, string name, OrgRole role)
                {
                    db.Members.Add(new Member { OrganizationId = orgId, DisplayName = name, Role = role });
                    await db.SaveChangesAsync();
                }
            }
            """;

    private const string Usings = """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using App;

        """;

    private static DiagnosticResult Expected(string value, string origin, string sink) =>
        Verify.Diagnostic(Descriptors.SR2001ClientSuppliedPrivilege).WithLocation(0).WithArguments(value, origin, sink);

    private static Task VerifyWithMapper(string source, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest(source, references: References.AspNetCore80WithEfAndAutoMapper);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ------------------------------------------------------------ (a) stored in persisted state

    [Fact]
    public async Task ControllerStoresRoleInEntityInitializer_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(CreateInviteRequest request)
                {
                    var invite = new Invite { Id = Guid.NewGuid(), Email = request.Email, Role = {|#0:request.Role|} };
                    db.Invites.Add(invite);
                    await db.SaveChangesAsync();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Invite.Role'"));
    }

    [Fact]
    public async Task MinimalApiStoresRoleOnLoadedEntity_Reports()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null) return Results.NotFound();
                        member.Role = {|#0:request.Role|};
                        await db.SaveChangesAsync();
                        return Results.Ok();
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Member.Role'"));
    }

    [Fact]
    public async Task StoredThroughLocal_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}/role")]
                public async Task<IActionResult> SetRole(Guid id, ChangeRoleRequest request)
                {
                    var role = request.Role;
                    var member = await db.Members.FindAsync(id);
                    member!.Role = {|#0:role|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Member.Role'"));
    }

    [Fact]
    public async Task NestedPropertyStored_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(NestedRequest request)
                {
                    db.Invites.Add(new Invite { Email = request.Email, Role = {|#0:request.Settings.Role|} });
                    db.SaveChanges();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Settings.Role", "request body", "is stored in 'Invite.Role'"));
    }

    [Fact]
    public async Task EntityConstructorArgument_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(CreateInviteRequest request)
                {
                    db.Invites.Add(new Invite(request.Email, {|#0:request.Role|}));
                    db.SaveChanges();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Invite.Role'"));
    }

    [Fact]
    public async Task EnumTypedMemberWithNeutralName_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}/level")]
                public async Task<IActionResult> SetLevel(Guid id, LevelRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = {|#0:request.Level|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Level", "request body", "is stored in 'Member.Role'"));
    }

    [Fact]
    public async Task FromHeaderRole_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPost("{id}/promote")]
                public async Task<IActionResult> Promote(Guid id, [FromHeader(Name = "X-Role")] OrgRole role)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = {|#0:role|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("role", "request headers", "is stored in 'Member.Role'"));
    }

    [Fact]
    public async Task QueryStringAdminFlag_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("users")]
            public class UsersController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("{id}/admin")]
                public async Task<IActionResult> SetAdmin(string id, [FromQuery] bool isAdmin)
                {
                    var user = await users.FindByIdAsync(id);
                    user!.IsAdmin = {|#0:isAdmin|};
                    await users.UpdateAsync(user);
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("isAdmin", "query string", "is stored in 'AppUser.IsAdmin'"));
    }

    [Fact]
    public async Task RequestFormIndexer_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("users")]
            public class UsersController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("{id}/role")]
                public async Task<IActionResult> SetRole(string id)
                {
                    var user = await users.FindByIdAsync(id);
                    user!.Role = {|#0:Request.Form["role"].ToString()|};
                    await users.UpdateAsync(user);
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("Request.Form[\"role\"]", "form", "is stored in 'AppUser.Role'"));
    }

    [Fact]
    public async Task AnonymousRegistrationStoresAdminFlag_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("register")]
                public async Task<IActionResult> Register(RegisterRequest request)
                {
                    var user = new AppUser { UserName = request.Email, Email = request.Email, IsAdmin = {|#0:request.IsAdmin|} };
                    await users.CreateAsync(user, request.Password);
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.IsAdmin", "request body", "is stored in 'AppUser.IsAdmin'"));
    }

    [Fact]
    public async Task EmailConfirmedFromRequest_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("register")]
                public async Task<IActionResult> Register(RegisterRequest request)
                {
                    var user = new AppUser { UserName = request.Email, EmailConfirmed = {|#0:request.EmailConfirmed|} };
                    await users.CreateAsync(user, request.Password);
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.EmailConfirmed", "request body", "is stored in 'AppUser.EmailConfirmed'"));
    }

    [Fact]
    public async Task PermissionsListStored_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("users")]
            public class UsersController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(string id, RegisterRequest request)
                {
                    var user = await users.FindByIdAsync(id);
                    user!.Permissions = {|#0:request.Permissions.ToList()|};
                    await users.UpdateAsync(user);
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Permissions", "request body", "is stored in 'AppUser.Permissions'"));
    }

    [Fact]
    public async Task DtoPassedToRepository_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController(IUserRepository repository) : ControllerBase
            {
                [HttpPost("register")]
                public async Task<IActionResult> Register(RegisterRequest request)
                {
                    var record = new UserRecord { Email = request.Email, Role = {|#0:request.Role|} };
                    await repository.AddAsync(record);
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'UserRecord.Role'"));
    }

    [Fact]
    public async Task EntityMethodChangeRole_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}/role")]
                public async Task<IActionResult> SetRole(Guid id, ChangeRoleRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.ChangeRole({|#0:request.Role|});
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Member' by 'ChangeRole'"));
    }

    [Fact]
    public async Task RazorPageBindProperty_Reports()
    {
        var source = WithDomain(Usings + """
            public class CreateInviteModel(AppDb db) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
            {
                [BindProperty]
                public CreateInviteRequest Input { get; set; } = default!;

                public IActionResult OnPost()
                {
                    db.Invites.Add(new Invite { Email = Input.Email, Role = {|#0:Input.Role|} });
                    db.SaveChanges();
                    return RedirectToPage("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("Input.Role", "form", "is stored in 'Invite.Role'"));
    }

    [Fact]
    public async Task PolicyCalledAfterStore_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(AppDb db, IMemberPolicy policy) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
                {
                    var invite = new Invite { Email = request.Email, Role = {|#0:request.Role|} };
                    db.Invites.Add(invite);
                    await db.SaveChangesAsync();
                    if (!await policy.CanGrantAsync(User, orgId, request.Role)) return Forbid();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Invite.Role'"));
    }

    [Fact]
    public async Task PolicyResultDiscarded_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(AppDb db, IMemberPolicy policy) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
                {
                    await policy.CanGrantAsync(User, orgId, request.Role);
                    db.Invites.Add(new Invite { Email = request.Email, Role = {|#0:request.Role|} });
                    await db.SaveChangesAsync();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Invite.Role'"));
    }

    [Fact]
    public async Task RoleRestrictedEndpointWithOption_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize(Roles = "Admin"), Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}/role")]
                public async Task<IActionResult> SetRole(Guid id, ChangeRoleRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = {|#0:request.Role|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, "secure_routes.SR2001.check_role_restricted = true",
            Expected("request.Role", "request body", "is stored in 'Member.Role'"));
    }

    [Fact]
    public async Task ConfiguredPrivilegedMember_Reports()
    {
        var source = WithDomain(Usings + """
            public class Plan { public Guid Id { get; set; } public string Tier { get; set; } = ""; }
            public class PlanDb : DbContext { public DbSet<Plan> Plans => Set<Plan>(); }
            public record TierRequest(string Tier);

            [ApiController, Authorize, Route("plans")]
            public class PlansController(PlanDb db) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> SetTier(Guid id, TierRequest request)
                {
                    var plan = await db.Plans.SingleAsync(p => p.Id == id);
                    plan.Tier = {|#0:request.Tier|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, "secure_routes.privileged_members = Plan.Tier",
            Expected("request.Tier", "request body", "is stored in 'Plan.Tier'"));
    }

    [Fact]
    public async Task PrivilegedAttributeOnPositionalRecord_Reports()
    {
        var source = WithDomain(Usings + """
            [AttributeUsage(AttributeTargets.All)]
            public sealed class PrivilegedAttribute : Attribute { }
            public class Account { public Guid Id { get; set; } [Privileged] public int Quota { get; set; } }
            public class AccountDb : DbContext { public DbSet<Account> Accounts => Set<Account>(); }
            public record QuotaRequest(int Quota);

            [ApiController, Authorize, Route("accounts")]
            public class AccountsController(AccountDb db) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> SetQuota(Guid id, QuotaRequest request)
                {
                    var account = await db.Accounts.SingleAsync(a => a.Id == id);
                    account.Quota = {|#0:request.Quota|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Quota", "request body", "is stored in 'Account.Quota'"));
    }

    [Fact]
    public async Task ParsedIntoEnumLocal_Reports()
    {
        var source = WithDomain(Usings + """
            public record RoleTextRequest(string RoleName);

            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}/role")]
                public async Task<IActionResult> SetRole(Guid id, RoleTextRequest request)
                {
                    if (!Enum.TryParse<OrgRole>(request.RoleName, out var role)) return BadRequest();
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = {|#0:role|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.RoleName", "request body", "is stored in 'Member.Role'"));
    }

    [Fact]
    public async Task AsParametersMember_Reports()
    {
        var source = WithDomain(Usings + """
            public struct PromoteArgs
            {
                public Guid MemberId { get; set; }
                [FromQuery] public OrgRole Role { get; set; }
            }

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/members/{memberId}/promote", async ([AsParameters] PromoteArgs args, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(args.MemberId);
                        member!.Role = {|#0:args.Role|};
                        await db.SaveChangesAsync();
                        return Results.NoContent();
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("args.Role", "request", "is stored in 'Member.Role'"));
    }

    [Fact]
    public async Task RecordEntityWithExpression_Reports()
    {
        var source = WithDomain(Usings + """
            public record Seat(Guid Id, OrgRole Role);
            public class SeatDb : DbContext { public DbSet<Seat> Seats => Set<Seat>(); }

            [ApiController, Authorize, Route("seats")]
            public class SeatsController(SeatDb db) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(Guid id, ChangeRoleRequest request)
                {
                    var seat = await db.Seats.SingleAsync(s => s.Id == id);
                    db.Seats.Update(seat with { Role = {|#0:request.Role|} });
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Seat.Role'"));
    }

    [Fact]
    public async Task AuthorizationServiceChecksTheRole_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db, IAuthorizationService authorization) : ControllerBase
            {
                [HttpPut("{id}/role")]
                public async Task<IActionResult> SetRole(Guid id, ChangeRoleRequest request)
                {
                    var result = await authorization.AuthorizeAsync(User, request.Role, "GrantRole");
                    if (!result.Succeeded) return Forbid();
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = request.Role;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CheckingHelperReceivesTheRequest_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(AppDb db, IMemberPolicy policy) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
                {
                    await EnsureMayInviteAsync(orgId, request);
                    db.Invites.Add(new Invite { Email = request.Email, Role = request.Role });
                    await db.SaveChangesAsync();
                    return Ok();
                }

                private async Task EnsureMayInviteAsync(Guid orgId, CreateInviteRequest request)
                {
                    if (!await policy.CanGrantAsync(User, orgId, request.Role)) throw new UnauthorizedAccessException();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    // ------------------------------------------------------------ through called methods

    [Fact]
    public async Task ServiceStoresRequestRole_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(IInviteService invites) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
                {
                    await invites.CreateAsync(orgId, {|#0:request|});
                    return Ok();
                }
            }
            """ + Service);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Invite.Role' in 'InviteService.CreateAsync'"));
    }

    [Fact]
    public async Task ServiceParameterFromRequestMember_Reports()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/orgs/{orgId}/members", async (Guid orgId, ChangeRoleRequest request, IInviteService invites) =>
                    {
                        await invites.AddMemberAsync(orgId, "new member", {|#0:request.Role|});
                        return Results.Ok();
                    });
                }
            }
            """ + Service);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Member.Role' in 'InviteService.AddMemberAsync'"));
    }

    [Fact]
    public async Task MappingExtensionBuildsEntity_Reports()
    {
        var source = WithDomain(Usings + """
            public static class InviteMapping
            {
                public static Invite ToInvite(this CreateInviteRequest source) => new Invite { Email = source.Email, Role = source.Role };
            }

            [ApiController, Authorize, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(CreateInviteRequest request)
                {
                    db.Invites.Add({|#0:request|}.ToInvite());
                    await db.SaveChangesAsync();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'Invite.Role' in 'InviteMapping.ToInvite'"));
    }

    [Fact]
    public async Task MediatorCommandBoundFromBody_Reports()
    {
        var source = WithDomain(Usings + """
            namespace MediatR
            {
                public interface IRequest<out TResponse> { }
                public interface IRequestHandler<in TRequest, TResponse> where TRequest : IRequest<TResponse>
                {
                    Task<TResponse> Handle(TRequest request, System.Threading.CancellationToken cancellationToken);
                }
                public interface ISender { Task<TResponse> Send<TResponse>(IRequest<TResponse> request, System.Threading.CancellationToken cancellationToken = default); }
            }

            public record CreateInviteCommand(string Email, OrgRole Role) : MediatR.IRequest<Guid>;

            public class CreateInviteHandler(AppDb db) : MediatR.IRequestHandler<CreateInviteCommand, Guid>
            {
                public async Task<Guid> Handle(CreateInviteCommand command, System.Threading.CancellationToken cancellationToken)
                {
                    var invite = new Invite { Id = Guid.NewGuid(), Email = command.Email, Role = command.Role };
                    db.Invites.Add(invite);
                    await db.SaveChangesAsync(cancellationToken);
                    return invite.Id;
                }
            }

            [ApiController, Authorize, Route("invites")]
            public class InvitesController(MediatR.ISender sender) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(CreateInviteCommand command) => Ok(await sender.Send({|#0:command|}));

                [HttpPost("from-request")]
                public async Task<IActionResult> CreateFromRequest(CreateInviteRequest request) =>
                    Ok(await sender.Send(new CreateInviteCommand(request.Email, {|#1:request.Role|})));

                [HttpPost("as-member")]
                public async Task<IActionResult> CreateAsMember(CreateInviteRequest request) =>
                    Ok(await sender.Send(new CreateInviteCommand(request.Email, OrgRole.Member)));
            }
            """);
        await Verify.VerifyAnalyzerAsync(source,
            Expected("command.Role", "request body", "is stored in 'Invite.Role' in 'CreateInviteHandler.Handle'"),
            Verify.Diagnostic(Descriptors.SR2001ClientSuppliedPrivilege).WithLocation(1).WithArguments("request.Role", "request body", "is stored in 'Invite.Role' in 'CreateInviteHandler.Handle'"));
    }

    [Fact]
    public async Task ServiceCalledWithServerValue_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/members")]
            public class MembersController(IInviteService invites) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Join(Guid orgId, ProfileRequest request)
                {
                    await invites.AddMemberAsync(orgId, request.DisplayName, OrgRole.Member);
                    return Ok();
                }
            }
            """ + Service);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PolicyBeforeServiceCall_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(IInviteService invites, IMemberPolicy policy) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
                {
                    if (!await policy.CanGrantAsync(User, orgId, request.Role)) return Forbid();
                    await invites.CreateAsync(orgId, request);
                    return Ok();
                }
            }
            """ + Service);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ServiceChecksPolicyItself_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public interface IGrantService { Task GrantAsync(ClaimsPrincipal actor, Guid orgId, CreateInviteRequest request); }

            public class GrantService(AppDb db, IMemberPolicy policy) : IGrantService
            {
                public async Task GrantAsync(ClaimsPrincipal actor, Guid orgId, CreateInviteRequest request)
                {
                    if (!await policy.CanGrantAsync(actor, orgId, request.Role)) throw new UnauthorizedAccessException();
                    db.Invites.Add(new Invite { Email = request.Email, Role = request.Role });
                    await db.SaveChangesAsync();
                }
            }

            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(IGrantService grants) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
                {
                    await grants.GrantAsync(User, orgId, request);
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    // ------------------------------------------------------------ (b) decisions

    [Fact]
    public async Task ActorRoleComparedForForbid_Reports()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/members/{memberId}", async (Guid memberId, ChangeRoleRequest request, AppDb db) =>
                    {
                        if ({|#0:request.ActorRole|} != OrgRole.Owner) return Results.Forbid();
                        var member = await db.Members.FindAsync(memberId);
                        db.Members.Remove(member!);
                        await db.SaveChangesAsync();
                        return Results.NoContent();
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.ActorRole", "request body", "decides access ('Forbid')"));
    }

    [Fact]
    public async Task AdminFlagDecidesAddToRole_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("register")]
                public async Task<IActionResult> Register(RegisterRequest request)
                {
                    var user = new AppUser { UserName = request.Email };
                    await users.CreateAsync(user, request.Password);
                    if ({|#0:request.IsAdmin|})
                    {
                        await users.AddToRoleAsync(user, "Admin");
                    }
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.IsAdmin", "request body", "decides 'AddToRoleAsync'"));
    }

    [Fact]
    public async Task TernaryDecision_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("reports")]
            public class ReportsController : ControllerBase
            {
                [HttpPost("export")]
                public IActionResult Export(RegisterRequest request) => {|#0:request.IsAdmin|} ? Ok("all data") : Forbid();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.IsAdmin", "request body", "decides access ('Forbid')"));
    }

    [Fact]
    public async Task ThrowsUnauthorizedOnClientFlag_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("reports")]
            public class ReportsController : ControllerBase
            {
                [HttpPost("export")]
                public IActionResult Export([FromQuery] string role)
                {
                    if ({|#0:role|} != "admin") throw new UnauthorizedAccessException();
                    return Ok("all data");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("role", "query string", "decides access ('UnauthorizedAccessException')"));
    }

    [Fact]
    public async Task HeaderRoleDecidesStatusCode403_Reports()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/admin/stats", (HttpRequest http) =>
                    {
                        var role = http.Headers["X-User-Role"].ToString();
                        if ({|#0:role|} != "admin") return Results.StatusCode(403);
                        return Results.Ok();
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("http.Headers[\"X-User-Role\"]", "request headers", "decides access ('StatusCode')"));
    }

    [Fact]
    public async Task ViewModelAdminFlagRedirectsToLogin_Reports()
    {
        // The WebGoat.NET shape: a hidden form field says whether the issuer is an admin.
        var source = WithDomain(Usings + """
            public class AddUserViewModel
            {
                public bool IsIssuerAdmin { get; set; }
                public bool MakeNewUserAdmin { get; set; }
                public string NewUsername { get; set; } = "";
            }

            [Authorize]
            public class AccountController(UserManager<AppUser> users) : Controller
            {
                [HttpPost]
                public async Task<IActionResult> AddUser(AddUserViewModel model)
                {
                    if (!{|#0:model.IsIssuerAdmin|}) return RedirectToAction("Login");
                    var user = new AppUser { UserName = model.NewUsername };
                    await users.CreateAsync(user);
                    if ({|#1:model.MakeNewUserAdmin|}) await users.AddToRoleAsync(user, "admin");
                    return View();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source,
            Expected("model.IsIssuerAdmin", "form", "decides access ('RedirectToAction')"),
            Verify.Diagnostic(Descriptors.SR2001ClientSuppliedPrivilege).WithLocation(1).WithArguments("model.MakeNewUserAdmin", "form", "decides 'AddToRoleAsync'"));
    }

    [Fact]
    public async Task RedirectElsewhereIsNotADenial_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class WizardViewModel { public bool IsAdminMode { get; set; } public bool SkipIntroForAdmin { get; set; } }

            public class WizardController : Controller
            {
                [HttpPost]
                public IActionResult Next(WizardViewModel model)
                {
                    if (model.SkipIntroForAdmin) return RedirectToAction("Step2");
                    return RedirectToAction("Intro");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    // ------------------------------------------------------------ (c) identity grants and claims

    [Fact]
    public async Task AddToRoleWithClientRole_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("register")]
                public async Task<IActionResult> Register(RegisterRequest request)
                {
                    var user = new AppUser { UserName = request.Email };
                    await users.CreateAsync(user, request.Password);
                    await users.AddToRoleAsync(user, {|#0:request.Role|});
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is granted by 'AddToRoleAsync'"));
    }

    [Fact]
    public async Task RoleClaimFromRequest_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("token")]
            public class TokenController : ControllerBase
            {
                [HttpPost]
                public IActionResult Issue(RegisterRequest request)
                {
                    var identity = new ClaimsIdentity(new[]
                    {
                        new Claim(ClaimTypes.Name, request.Email),
                        new Claim(ClaimTypes.Role, {|#0:request.Role|}),
                    }, "token");
                    return Ok(identity.Name);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is put in a 'role' claim"));
    }

    [Fact]
    public async Task AddToRolesInLoop_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("users")]
            public class UsersController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("{id}/permissions")]
                public async Task<IActionResult> Grant(string id, RegisterRequest request)
                {
                    var user = await users.FindByIdAsync(id);
                    foreach (var permission in request.Permissions)
                    {
                        await users.AddClaimAsync(user!, new Claim("permission", {|#0:permission|}));
                    }
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Permissions", "request body", "is put in a 'permission' claim"));
    }

    // ------------------------------------------------------------ (d) mappers

    [Fact]
    public async Task AutoMapperMapToEntity_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("invites")]
            public class InvitesController(AppDb db, AutoMapper.IMapper mapper) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(CreateInviteRequest request)
                {
                    var invite = {|#0:mapper.Map<Invite>(request)|};
                    db.Invites.Add(invite);
                    await db.SaveChangesAsync();
                    return Ok();
                }
            }
            """);
        await VerifyWithMapper(source, Expected("request.Role", "request body", "is mapped onto 'Invite.Role' by 'Map'"));
    }

    [Fact]
    public async Task AutoMapperMapOntoLoadedEntity_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db, AutoMapper.IMapper mapper) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(Guid id, ChangeRoleRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    {|#0:mapper.Map(request, member)|};
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await VerifyWithMapper(source, Expected("request.Role", "request body", "is mapped onto 'Member.Role' by 'Map'"));
    }

    [Fact]
    public async Task TryUpdateModelWithoutIncludeList_Reports()
    {
        var source = WithDomain(Usings + """
            [Authorize]
            public class MembersController(AppDb db) : Controller
            {
                [HttpPost]
                public async Task<IActionResult> Edit(Guid id)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    if (await {|#0:TryUpdateModelAsync(member)|})
                    {
                        await db.SaveChangesAsync();
                    }
                    return RedirectToAction("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("Role", "form", "is bound onto 'Member.Role' by 'TryUpdateModelAsync'"));
    }

    // ------------------------------------------------------------ negative cases

    [Fact]
    public async Task PolicyChecksRequestedRoleFirst_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(AppDb db, IMemberPolicy policy) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request)
                {
                    if (!await policy.CanGrantAsync(User, orgId, request.Role)) return Forbid();
                    db.Invites.Add(new Invite { Email = request.Email, Role = request.Role });
                    await db.SaveChangesAsync();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MinimalApiPolicyWithMemberAndRole_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPut("/members/{memberId}/role", async (Guid memberId, ChangeRoleRequest request, ClaimsPrincipal user, AppDb db, IMemberPolicy policy) =>
                    {
                        var member = await db.Members.FindAsync(memberId);
                        if (member is null) return Results.NotFound();
                        if (!await policy.CanChangeRoleAsync(user, member, request.Role)) return Results.Forbid();
                        member.Role = request.Role;
                        await db.SaveChangesAsync();
                        return Results.Ok();
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PolicyReceivesHolder_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController(UserManager<AppUser> users, IMemberPolicy policy) : ControllerBase
            {
                [HttpPost("register")]
                public async Task<IActionResult> Register(RegisterRequest request)
                {
                    if (!policy.CanRegister(request)) return Forbid();
                    var user = new AppUser { UserName = request.Email, IsAdmin = request.IsAdmin };
                    await users.CreateAsync(user, request.Password);
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ThrowingPolicyCheckFirst_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db, IMemberPolicy policy) : ControllerBase
            {
                [HttpPut("{id}/role")]
                public async Task<IActionResult> SetRole(Guid id, ChangeRoleRequest request)
                {
                    policy.EnsureCanGrant(User, request.Role);
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = request.Role;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ServerSideConstants_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost("register")]
                public async Task<IActionResult> Register(RegisterRequest request)
                {
                    var user = new AppUser { UserName = request.Email, IsAdmin = false, Role = "member", EmailConfirmed = false };
                    await users.CreateAsync(user, request.Password);
                    await users.AddToRoleAsync(user, "Member");
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleFromPersistedInvite_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/invites/accept", async (CreateInviteRequest request, AppDb db) =>
                    {
                        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Email == request.Email);
                        if (invite is null) return Results.NotFound();
                        db.Members.Add(new Member { Id = Guid.NewGuid(), DisplayName = request.Email, Role = invite.Role });
                        await db.SaveChangesAsync();
                        return Results.Ok();
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleDescriptionAndPermissionsCountStored_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(Guid id, ProfileRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.DisplayName = request.DisplayName;
                    member.RoleDescription = request.RoleDescription;
                    member.PermissionsCount = request.PermissionsCount;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleOnlyEchoedInResponse_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("preview")]
            public class PreviewController : ControllerBase
            {
                [HttpPost]
                public IActionResult Preview(CreateInviteRequest request) => Ok(new RoleView { Role = request.Role });
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ComparedWithPersistedActorRole_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("orgs/{orgId}/invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Validate(Guid orgId, CreateInviteRequest request)
                {
                    var actor = await db.Members.SingleAsync(m => m.OrganizationId == orgId);
                    if (request.Role == OrgRole.Owner && actor.Role != OrgRole.Owner) return Forbid();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ValidationWithoutDeny_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("invites")]
            public class InvitesController : ControllerBase
            {
                [HttpPost("check")]
                public IActionResult Check(CreateInviteRequest request)
                {
                    if (request.Role == OrgRole.Owner) return BadRequest("Owners cannot be invited.");
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleRestrictedEndpoint_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize(Roles = "Admin"), Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}/role")]
                public async Task<IActionResult> SetRole(Guid id, ChangeRoleRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = request.Role;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ClaimsFromPersistedUser_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("token")]
            public class TokenController(UserManager<AppUser> users) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Issue(RegisterRequest request)
                {
                    var user = await users.FindByEmailAsync(request.Email);
                    if (user is null || !await users.CheckPasswordAsync(user, request.Password)) return Unauthorized();
                    var claims = new[] { new Claim(ClaimTypes.Name, request.Email), new Claim(ClaimTypes.Role, user.Role) };
                    return Ok(claims.Length);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task TryUpdateModelWithIncludeList_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [Authorize]
            public class MembersController(AppDb db) : Controller
            {
                [HttpPost]
                public async Task<IActionResult> Edit(Guid id)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    if (await TryUpdateModelAsync(member, "", m => m.DisplayName))
                    {
                        await db.SaveChangesAsync();
                    }
                    return RedirectToAction("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AutoMapperSourceWithoutPrivilegedMember_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db, AutoMapper.IMapper mapper) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(Guid id, ProfileRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    mapper.Map(request, member);
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await VerifyWithMapper(source);
    }

    [Fact]
    public async Task RoleFromAuthenticatedPrincipal_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPost("{id}/sync")]
                public async Task<IActionResult> Sync(Guid id)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.Role = Enum.Parse<OrgRole>(User.FindFirstValue(ClaimTypes.Role)!);
                    if (User.IsInRole("Admin")) member.Role = OrgRole.Admin;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RoleUsedAsQueryFilter_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/members", async (OrgRole role, AppDb db) =>
                        Results.Ok(await db.Members.Where(m => m.Role == role).ToListAsync()));
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task EntityBoundFromBodyIsSR2002sCase_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(Guid id, [FromBody] Member member)
                {
                    member.Id = id;
                    db.Members.Update(member);
                    await db.SaveChangesAsync();
                    return Ok(member);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NotAnEndpoint_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class InviteService(AppDb db)
            {
                public async Task CreateAsync(CreateInviteRequest request)
                {
                    db.Invites.Add(new Invite { Email = request.Email, Role = request.Role });
                    await db.SaveChangesAsync();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ResponseViewModelNotPersisted_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/roles/preview", (ChangeRoleRequest request) =>
                    {
                        var view = new RoleView();
                        view.Role = request.Role;
                        return Results.Ok(view);
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task WithoutAspNetCore_NoDiagnostic()
    {
        var source = /* lang=c#-test */ """
            public enum OrgRole { Member, Owner }
            public class Member { public OrgRole Role { get; set; } }
            public record ChangeRoleRequest(OrgRole Role, OrgRole ActorRole);

            public class MembersController
            {
                public void SetRole(Member member, ChangeRoleRequest request)
                {
                    if (request.ActorRole != OrgRole.Owner) throw new System.UnauthorizedAccessException();
                    member.Role = request.Role;
                }
            }
            """;
        var test = Verify.CreateTest(source, references: References.Net80);
        await test.RunAsync();
    }

    // ------------------------------------------------------------ static state: the in-memory store of a prototype

    /// <summary>A user kept in a static list of the controller (outlives the request), not an EF entity.</summary>
    private const string StaticStore = /* lang=c#-test */ """

        public class StoredUser
        {
            public int Id { get; set; }
            public string Email { get; set; } = "";
            public string Role { get; set; } = "";
            public bool IsAdmin { get; set; }
        }

        public static class UserStore
        {
            public static readonly System.Collections.Generic.List<StoredUser> Users = new();
            public static StoredUser Current { get; set; } = new();
        }
        """;

    [Fact]
    public async Task RoleFromBodyInUserAddedToStaticList_Reports()
    {
        var source = WithDomain(Usings + StaticStore + """
            [ApiController, Route("users")]
            public class UsersController : ControllerBase
            {
                private static readonly System.Collections.Generic.List<StoredUser> _users = new();

                [HttpPost("register"), AllowAnonymous]
                public IActionResult Register([FromBody] RegisterRequest request)
                {
                    var role = string.IsNullOrEmpty(request.Role) ? "User" : request.Role;
                    var user = new StoredUser { Email = request.Email, Role = {|#0:role|} };
                    _users.Add(user);
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'StoredUser.Role'"));
    }

    [Fact]
    public async Task FlagFromBodyWrittenIntoStaticProperty_Reports()
    {
        var source = WithDomain(Usings + StaticStore + """
            public static class Routes
            {
                public static void Map(WebApplication app) =>
                    app.MapPut("/me", (RegisterRequest request) =>
                    {
                        UserStore.Current.IsAdmin = {|#0:request.IsAdmin|};
                        return Results.Ok();
                    });
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.IsAdmin", "request body", "is stored in 'StoredUser.IsAdmin'"));
    }

    [Fact]
    public async Task NewObjectAssignedToStaticProperty_Reports()
    {
        var source = WithDomain(Usings + StaticStore + """
            public static class Routes
            {
                public static void Map(WebApplication app) =>
                    app.MapPost("/users", (RegisterRequest request) =>
                    {
                        UserStore.Current = new StoredUser { Email = request.Email, Role = {|#0:request.Role|} };
                        return Results.Ok();
                    });
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("request.Role", "request body", "is stored in 'StoredUser.Role'"));
    }

    [Fact]
    public async Task UserAddedToLocalOrInstanceList_NoDiagnostic()
    {
        var source = WithDomain(Usings + StaticStore + """
            [ApiController, Route("users")]
            public class UsersController : ControllerBase
            {
                private readonly System.Collections.Generic.List<StoredUser> _preview = new();

                [HttpPost("preview")]
                public IActionResult Preview([FromBody] RegisterRequest request)
                {
                    var batch = new System.Collections.Generic.List<StoredUser>();
                    batch.Add(new StoredUser { Email = request.Email, Role = request.Role });
                    _preview.Add(new StoredUser { Email = request.Email, Role = request.Role });
                    return Ok(batch);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ServerRoleInStaticList_NoDiagnostic()
    {
        var source = WithDomain(Usings + StaticStore + """
            [ApiController, Route("users")]
            public class UsersController : ControllerBase
            {
                [HttpPost("register"), AllowAnonymous]
                public IActionResult Register([FromBody] RegisterRequest request)
                {
                    UserStore.Users.Add(new StoredUser { Email = request.Email, Role = "User", IsAdmin = false });
                    UserStore.Current.Email = request.Email;
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task StaticStoreBehindPolicy_NoDiagnostic()
    {
        var source = WithDomain(Usings + StaticStore + """
            [ApiController, Route("orgs/{orgId}/users")]
            public class UsersController(IMemberPolicy policy) : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Create(Guid orgId, [FromBody] LevelRequest request)
                {
                    if (!await policy.CanGrantAsync(User, orgId, request.Level)) return Forbid();
                    UserStore.Users.Add(new StoredUser { Role = request.Level.ToString() });
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }
}
