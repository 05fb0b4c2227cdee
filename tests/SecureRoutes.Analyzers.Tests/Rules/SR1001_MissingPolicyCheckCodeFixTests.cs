using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.CodeFixes.Rules;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.MissingPolicyCheckAnalyzer,
    SecureRoutes.Analyzers.CodeFixes.Rules.MissingPolicyCheckCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

public class SR1001_MissingPolicyCheckCodeFixTests
{
    private const string AuthorizationServiceKey = MissingPolicyCheckCodeFixProvider.AddAuthorizationServiceCheckKey;
    private const string PolicyKey = MissingPolicyCheckCodeFixProvider.CallPolicyKey;

    /// <summary>An owned Invite and an EF context, without any central policy type (the IAuthorizationService path).</summary>
    private const string Domain = /* lang=c#-test */ """
        namespace App
        {
            using System;
            using Microsoft.EntityFrameworkCore;

            public class Invite
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string Email { get; set; } = "";
                public bool Revoked { get; set; }
            }

            public class AppDb : DbContext
            {
                public DbSet<Invite> Invites => Set<Invite>();
            }
        }
        """;

    /// <summary>A central policy marked with an attribute named AuthorizationPolicy (any namespace).</summary>
    private const string Policy = /* lang=c#-test */ """
        namespace App
        {
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;

            [AttributeUsage(AttributeTargets.All)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }

            [AuthorizationPolicy]
            public interface IInvitePolicy
            {
                bool CanRead(ClaimsPrincipal actor, Invite invite);
                Task<bool> CanRevokeAsync(ClaimsPrincipal actor, Invite invite);
                Task<bool> CanDeleteAsync(ClaimsPrincipal actor, Invite invite);
            }
        }
        """;

    private static string WithDomain(string source) => source + "\n" + Domain;

    private static string WithPolicy(string source) => source + "\n" + Domain + "\n" + Policy;

    [Fact]
    public async Task ControllerWithConstructor_InjectsServiceAndChecksAfterNotFound()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;

                public InvitesController(AppDb db)
                {
                    _db = db;
                }

                [HttpGet("{inviteId}")]
                public async Task<IActionResult> [|Get|](Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;
                private readonly IAuthorizationService _authorizationService;

                public InvitesController(AppDb db, IAuthorizationService authorizationService)
                {
                    _db = db;
                    _authorizationService = authorizationService;
                }

                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    var authorization = await _authorizationService.AuthorizeAsync(User, invite, "Invite.Read");
                    if (!authorization.Succeeded) return Forbid();
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task ControllerWithPrimaryConstructor_AddsParameter()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpDelete("{id}")]
                public async Task<IActionResult> [|Delete|](Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    db.Invites.Remove(invite);
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpDelete("{id}")]
                public async Task<IActionResult> Delete(Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    var authorization = await authorizationService.AuthorizeAsync(User, invite, "Invite.Delete");
                    if (!authorization.Succeeded) return Forbid();
                    db.Invites.Remove(invite);
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task ControllerWithoutConstructor_CreatesConstructor()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<ActionResult<Invite>> [|Get|](Guid id, [FromServices] AppDb db)
                {
                    var invite = await db.Invites.FindAsync(id);
                    return invite is null ? NotFound() : invite;
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly IAuthorizationService _authorizationService;

                public InvitesController(IAuthorizationService authorizationService)
                {
                    _authorizationService = authorizationService;
                }

                [HttpGet("{id}")]
                public async Task<ActionResult<Invite>> Get(Guid id, [FromServices] AppDb db)
                {
                    var invite = await db.Invites.FindAsync(id);
                    var authorization = await _authorizationService.AuthorizeAsync(User, invite, "Invite.Read");
                    if (!authorization.Succeeded) return Forbid();
                    return invite is null ? NotFound() : invite;
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task MinimalApiBlockLambda_AddsParametersAndResultsForbid()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/invites/{id}", [|(Guid id, AppDb db)|] =>
                    {
                        var invite = db.Invites.Find(id);
                        if (invite is null) return Results.NotFound();
                        db.Invites.Remove(invite);
                        db.SaveChanges();
                        return Results.NoContent();
                    });
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/invites/{id}", async (Guid id, AppDb db, IAuthorizationService authorizationService, ClaimsPrincipal user) =>
                    {
                        var invite = db.Invites.Find(id);
                        if (invite is null) return Results.NotFound();
                        var authorization = await authorizationService.AuthorizeAsync(user, invite, "Invite.Delete");
                        if (!authorization.Succeeded) return Results.Forbid();
                        db.Invites.Remove(invite);
                        db.SaveChanges();
                        return Results.NoContent();
                    });
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task MinimalApiExpressionLambda_BecomesBlockAndThrowsForModel()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Builder;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", [|(Guid id, AppDb db, ClaimsPrincipal principal)|] => db.Invites.FindAsync(id));
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", async (Guid id, AppDb db, ClaimsPrincipal principal, IAuthorizationService authorizationService) =>
                    {
                        var authorization = await authorizationService.AuthorizeAsync(principal, id, "Invite.Read");
                        if (!authorization.Succeeded) throw new UnauthorizedAccessException();
                        return await db.Invites.FindAsync(id);
                    });
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task RazorPageHandler_ExpressionBodiedConstructorBecomesBlock()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using App;

            public class DeleteModel : PageModel
            {
                private readonly AppDb _db;

                public DeleteModel(AppDb db) => _db = db;

                public async Task<IActionResult> [|OnPostAsync|](Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    _db.Invites.Remove(invite);
                    await _db.SaveChangesAsync();
                    return RedirectToPage("./Index");
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using App;

            public class DeleteModel : PageModel
            {
                private readonly AppDb _db;
                private readonly IAuthorizationService _authorizationService;

                public DeleteModel(AppDb db, IAuthorizationService authorizationService)
                {
                    _db = db;
                    _authorizationService = authorizationService;
                }

                public async Task<IActionResult> OnPostAsync(Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    var authorization = await _authorizationService.AuthorizeAsync(User, invite, "Invite.Delete");
                    if (!authorization.Succeeded) return Forbid();
                    _db.Invites.Remove(invite);
                    await _db.SaveChangesAsync();
                    return RedirectToPage("./Index");
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task PolicyInterface_InjectedAndCalled()
    {
        var source = WithPolicy(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;

                public InvitesController(AppDb db)
                {
                    _db = db;
                }

                [HttpGet("{id}")]
                public async Task<IActionResult> [|Get|](Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }
            """);
        var fixedSource = WithPolicy(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;
                private readonly IInvitePolicy _invitePolicy;

                public InvitesController(AppDb db, IInvitePolicy invitePolicy)
                {
                    _db = db;
                    _invitePolicy = invitePolicy;
                }

                [HttpGet("{id}")]
                public async Task<IActionResult> Get(Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    if (!_invitePolicy.CanRead(User, invite)) return Forbid();
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, PolicyKey);
    }

    [Fact]
    public async Task PolicyAlreadyInjected_AsyncMethodForTheVerbIsAwaited()
    {
        var source = WithPolicy(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpDelete("{id}")]
                public async Task<IActionResult> [|Delete|](Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    db.Invites.Remove(invite);
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        var fixedSource = WithPolicy(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpDelete("{id}")]
                public async Task<IActionResult> Delete(Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    if (!await policy.CanDeleteAsync(User, invite)) return Forbid();
                    db.Invites.Remove(invite);
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, PolicyKey);
    }

    [Fact]
    public async Task StaticPolicyConfiguredInEditorconfig_CalledOnType()
    {
        const string rules = /* lang=c#-test */ """
            namespace App
            {
                using System.Security.Claims;

                public static class InviteRules
                {
                    public static bool CanView(ClaimsPrincipal user, Invite invite) => invite.OrganizationId.ToString() == user.FindFirst("org")?.Value;
                }
            }
            """;
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult [|Get|](Guid id)
                {
                    var invite = db.Invites.Find(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }
            """) + "\n" + rules;
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult Get(Guid id)
                {
                    var invite = db.Invites.Find(id);
                    if (invite is null) return NotFound();
                    if (!InviteRules.CanView(User, invite)) return Forbid();
                    return Ok(invite);
                }
            }
            """) + "\n" + rules;
        await Verify.VerifyCodeFixAsync(source, fixedSource, PolicyKey, editorconfig: "secure_routes.policy_types = App.InviteRules");
    }

    [Fact]
    public async Task SyncAction_MadeAsync()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult [|Get|](Guid id)
                {
                    var invite = db.Invites.Find(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<IActionResult> Get(Guid id)
                {
                    var invite = db.Invites.Find(id);
                    if (invite is null) return NotFound();
                    var authorization = await authorizationService.AuthorizeAsync(User, invite, "Invite.Read");
                    if (!authorization.Succeeded) return Forbid();
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task ExpressionBodiedSyncAction_BlockBodyAndIdAsResource()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult [|Get|](Guid id) => Ok(db.Invites.Find(id));
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<IActionResult> Get(Guid id)
                {
                    var authorization = await authorizationService.AuthorizeAsync(User, id, "Invite.Read");
                    if (!authorization.Succeeded) return Forbid();
                    return Ok(db.Invites.Find(id));
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task MethodGroupHandler_GetsParameters()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class InviteEndpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", [|GetInvite|]);
                }

                private static async Task<IResult> GetInvite(Guid id, AppDb db)
                {
                    var invite = await db.Invites.FindAsync(id);
                    return invite is null ? Results.NotFound() : Results.Ok(invite);
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class InviteEndpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", GetInvite);
                }

                private static async Task<IResult> GetInvite(Guid id, AppDb db, IAuthorizationService authorizationService, ClaimsPrincipal user)
                {
                    var invite = await db.Invites.FindAsync(id);
                    var authorization = await authorizationService.AuthorizeAsync(user, invite, "Invite.Read");
                    if (!authorization.Succeeded) return Results.Forbid();
                    return invite is null ? Results.NotFound() : Results.Ok(invite);
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task FixAll_TwoActionsOfOneController_ShareOneInjectedField()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;

                public InvitesController(AppDb db)
                {
                    _db = db;
                }

                [HttpGet("{id}")]
                public async Task<IActionResult> [|Get|](Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }

                [HttpDelete("{id}")]
                public async Task<IActionResult> [|Delete|](Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    _db.Invites.Remove(invite);
                    await _db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;
                private readonly IAuthorizationService _authorizationService;

                public InvitesController(AppDb db, IAuthorizationService authorizationService)
                {
                    _db = db;
                    _authorizationService = authorizationService;
                }

                [HttpGet("{id}")]
                public async Task<IActionResult> Get(Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    var authorization = await _authorizationService.AuthorizeAsync(User, invite, "Invite.Read");
                    if (!authorization.Succeeded) return Forbid();
                    return Ok(invite);
                }

                [HttpDelete("{id}")]
                public async Task<IActionResult> Delete(Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    var authorization = await _authorizationService.AuthorizeAsync(User, invite, "Invite.Delete");
                    if (!authorization.Succeeded) return Forbid();
                    _db.Invites.Remove(invite);
                    await _db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task FixAll_AcrossTwoDocuments()
    {
        const string controller = /* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<IActionResult> [|Get|](Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }
            """;
        const string controllerFixed = /* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<IActionResult> Get(Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    var authorization = await authorizationService.AuthorizeAsync(User, invite, "Invite.Read");
                    if (!authorization.Succeeded) return Forbid();
                    return Ok(invite);
                }
            }
            """;
        const string endpoints = /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/invites/{id}/revoke", [|(Guid id, AppDb db)|] =>
                    {
                        var invite = db.Invites.Find(id);
                        if (invite is null) return Results.NotFound();
                        invite.Revoked = true;
                        db.SaveChanges();
                        return Results.NoContent();
                    });
                }
            }
            """;
        const string endpointsFixed = /* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/invites/{id}/revoke", async (Guid id, AppDb db, IAuthorizationService authorizationService, ClaimsPrincipal user) =>
                    {
                        var invite = db.Invites.Find(id);
                        if (invite is null) return Results.NotFound();
                        var authorization = await authorizationService.AuthorizeAsync(user, invite, "Invite.Update");
                        if (!authorization.Succeeded) return Results.Forbid();
                        invite.Revoked = true;
                        db.SaveChanges();
                        return Results.NoContent();
                    });
                }
            }
            """;
        var test = Verify.CreateTest(controller);
        test.TestState.Sources.Add(("/0/Test1.cs", endpoints));
        test.TestState.Sources.Add(("/0/Domain.cs", Domain));
        test.FixedState.Sources.Add(("/0/Test0.cs", controllerFixed));
        test.FixedState.Sources.Add(("/0/Test1.cs", endpointsFixed));
        test.FixedState.Sources.Add(("/0/Domain.cs", Domain));
        test.CodeActionEquivalenceKey = AuthorizationServiceKey;
        await test.RunAsync();
    }

    [Fact]
    public async Task TwoConstructors_NoFix()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;

                public InvitesController(AppDb db)
                {
                    _db = db;
                }

                public InvitesController() : this(new AppDb())
                {
                }

                [HttpGet("{id}")]
                public async Task<IActionResult> [|Get|](Guid id)
                {
                    var invite = await _db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, source, AuthorizationServiceKey);
    }

    [Fact]
    public async Task LocalFunctionHandler_MadeAsyncWithParameters()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", [|GetInvite|]);

                    IResult GetInvite(Guid id, AppDb db)
                    {
                        var invite = db.Invites.Find(id);
                        return invite is null ? Results.NotFound() : Results.Ok(invite);
                    }
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", GetInvite);

                    async Task<IResult> GetInvite(Guid id, AppDb db, IAuthorizationService authorizationService, ClaimsPrincipal user)
                    {
                        var invite = db.Invites.Find(id);
                        var authorization = await authorizationService.AuthorizeAsync(user, invite, "Invite.Read");
                        if (!authorization.Succeeded) return Results.Forbid();
                        return invite is null ? Results.NotFound() : Results.Ok(invite);
                    }
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task PageHandlerReturningTask_Throws()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using App;

            public class DeleteModel(AppDb db) : PageModel
            {
                public async Task [|OnPostAsync|](Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return;
                    db.Invites.Remove(invite);
                    await db.SaveChangesAsync();
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using App;

            public class DeleteModel(AppDb db, IAuthorizationService authorizationService) : PageModel
            {
                public async Task OnPostAsync(Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return;
                    var authorization = await authorizationService.AuthorizeAsync(User, invite, "Invite.Delete");
                    if (!authorization.Succeeded) throw new UnauthorizedAccessException();
                    db.Invites.Remove(invite);
                    await db.SaveChangesAsync();
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task ActionReturningModel_ExpressionBodyThrows()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<Invite?> [|Get|](Guid id) => await db.Invites.FindAsync(id);
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<Invite?> Get(Guid id)
                {
                    var authorization = await authorizationService.AuthorizeAsync(User, id, "Invite.Read");
                    if (!authorization.Succeeded) throw new UnauthorizedAccessException();
                    return await db.Invites.FindAsync(id);
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task NonAsyncTaskAction_ReturnsAwaited()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public Task<Invite?> [|Get|](Guid id)
                {
                    return db.Invites.FirstOrDefaultAsync(i => i.Id == id);
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<Invite?> Get(Guid id)
                {
                    var authorization = await authorizationService.AuthorizeAsync(User, id, "Invite.Read");
                    if (!authorization.Succeeded) throw new UnauthorizedAccessException();
                    return await db.Invites.FirstOrDefaultAsync(i => i.Id == id);
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task PolicyWithoutMethodForTheVerb_FallsBackToAuthorizationService()
    {
        var source = WithPolicy(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> [|Update|](Guid id, string email)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    invite.Email = email;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        var fixedSource = WithPolicy(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(Guid id, string email)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    var authorization = await authorizationService.AuthorizeAsync(User, invite, "Invite.Update");
                    if (!authorization.Succeeded) return Forbid();
                    invite.Email = email;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task MinimalApiPolicyClassWithCancellation_InjectedAsParameters()
    {
        const string guard = /* lang=c#-test */ """
            namespace Acme.Security
            {
                using System;
                using System.Security.Claims;
                using System.Threading;
                using System.Threading.Tasks;
                using App;

                [AttributeUsage(AttributeTargets.Class)]
                public sealed class AuthorizationPolicyAttribute : Attribute { }

                [AuthorizationPolicy]
                public sealed class InviteGuard
                {
                    public Task<bool> CanReadInviteAsync(ClaimsPrincipal user, Invite invite, CancellationToken ct) => Task.FromResult(false);
                    public Task<bool> CanRemoveInviteAsync(ClaimsPrincipal user, Invite invite, CancellationToken ct) => Task.FromResult(false);
                }
            }
            """;
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/invites/{id}", async [|(Guid id, AppDb db)|] =>
                    {
                        var invite = await db.Invites.FindAsync(id);
                        if (invite is null) return Results.NotFound();
                        db.Invites.Remove(invite);
                        await db.SaveChangesAsync();
                        return Results.NoContent();
                    });
                }
            }
            """) + "\n" + guard;
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using System.Threading;
            using Acme.Security;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/invites/{id}", async (Guid id, AppDb db, InviteGuard inviteGuard, ClaimsPrincipal user, CancellationToken cancellationToken) =>
                    {
                        var invite = await db.Invites.FindAsync(id);
                        if (invite is null) return Results.NotFound();
                        if (!await inviteGuard.CanRemoveInviteAsync(user, invite, cancellationToken)) return Results.Forbid();
                        db.Invites.Remove(invite);
                        await db.SaveChangesAsync();
                        return Results.NoContent();
                    });
                }
            }
            """) + "\n" + guard;
        await Verify.VerifyCodeFixAsync(source, fixedSource, PolicyKey);
    }

    [Fact]
    public async Task SyncActionCalledElsewhere_NoFix()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult [|Get|](Guid id)
                {
                    var invite = db.Invites.Find(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }

                [HttpGet("{id}/again")]
                public IActionResult Again(Guid id) => Get(id);
            }
            """);
        await Verify.VerifyCodeFixAsync(source, source, AuthorizationServiceKey);
    }

    [Fact]
    public async Task ControllerWithDerivedClass_NoFix()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            public class InvitesController : ControllerBase
            {
                protected readonly AppDb Db;

                public InvitesController(AppDb db)
                {
                    Db = db;
                }

                [HttpGet("{id}")]
                public async Task<IActionResult> [|Get|](Guid id)
                {
                    var invite = await Db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }

            [Route("v2/invites")]
            public class InvitesV2Controller(AppDb db) : InvitesController(db)
            {
            }
            """);
        // A new constructor parameter would break the derived controller's base call.
        await Verify.VerifyCodeFixAsync(source, source, AuthorizationServiceKey);
    }

    [Fact]
    public async Task MinimalApiExpressionLambdaReturningTask_AwaitsAsStatement()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using App;

            public interface IInviteService
            {
                Task DeleteInviteAsync(Guid inviteId);
            }

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/invites/{id}", [|(Guid id, IInviteService invites)|] => invites.DeleteInviteAsync(id));
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using App;

            public interface IInviteService
            {
                Task DeleteInviteAsync(Guid inviteId);
            }

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/invites/{id}", async (Guid id, IInviteService invites, IAuthorizationService authorizationService, ClaimsPrincipal user) =>
                    {
                        var authorization = await authorizationService.AuthorizeAsync(user, id, "Invite.Delete");
                        if (!authorization.Succeeded) throw new UnauthorizedAccessException();
                        await invites.DeleteInviteAsync(id);
                    });
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task MinimalApiWithHttpContext_UsesItsUserAndAvoidsNameClash()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", async [|(Guid id, AppDb db, HttpContext http)|] =>
                    {
                        var authorization = http.Request.Headers.Authorization.ToString();
                        var invite = await db.Invites.FindAsync(id);
                        return invite is null ? Results.NotFound() : Results.Ok(new { invite, authorization });
                    });
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/invites/{id}", async (Guid id, AppDb db, HttpContext http, IAuthorizationService authorizationService) =>
                    {
                        var authorization = http.Request.Headers.Authorization.ToString();
                        var invite = await db.Invites.FindAsync(id);
                        var authorization2 = await authorizationService.AuthorizeAsync(http.User, invite, "Invite.Read");
                        if (!authorization2.Succeeded) return Results.Forbid();
                        return invite is null ? Results.NotFound() : Results.Ok(new { invite, authorization });
                    });
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task ExpressionBodiedConditionalWithoutNaturalType_IsReturned()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private static readonly Dictionary<Guid, Invite> Store = new();

                [HttpGet("{id}")]
                public IActionResult [|Get|](Guid id) => Store.TryGetValue(id, out var invite) ? Ok(invite) : NotFound();
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private static readonly Dictionary<Guid, Invite> Store = new();
                private readonly IAuthorizationService _authorizationService;

                public InvitesController(IAuthorizationService authorizationService)
                {
                    _authorizationService = authorizationService;
                }

                [HttpGet("{id}")]
                public async Task<IActionResult> Get(Guid id)
                {
                    var authorization = await _authorizationService.AuthorizeAsync(User, id, "Invite.Read");
                    if (!authorization.Succeeded) return Forbid();
                    return Store.TryGetValue(id, out var invite) ? Ok(invite) : NotFound();
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }

    [Fact]
    public async Task LoadWithCoalesceThrow_CheckFollowsTheLoad()
    {
        var source = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost("{id}/revoke")]
                public async Task<IActionResult> [|Revoke|](Guid id)
                {
                    var invite = await db.Invites.FindAsync(id) ?? throw new KeyNotFoundException();
                    invite.Revoked = true;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        var fixedSource = WithDomain(/* lang=c#-test */ """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController(AppDb db, IAuthorizationService authorizationService) : ControllerBase
            {
                [HttpPost("{id}/revoke")]
                public async Task<IActionResult> Revoke(Guid id)
                {
                    var invite = await db.Invites.FindAsync(id) ?? throw new KeyNotFoundException();
                    var authorization = await authorizationService.AuthorizeAsync(User, invite, "Invite.Update");
                    if (!authorization.Succeeded) return Forbid();
                    invite.Revoked = true;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, AuthorizationServiceKey);
    }
}
