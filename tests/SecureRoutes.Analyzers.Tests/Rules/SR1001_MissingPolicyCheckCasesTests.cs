using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.MissingPolicyCheckAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

/// <summary>SR1001 cases for every bullet of the rule: endpoint kinds, id sources, resource kinds, checks, filters, broken code.</summary>
public class SR1001_MissingPolicyCheckCasesTests
{
    private const string Usings = """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.EntityFrameworkCore;
        using App;

        """;

    private static string Src(string code) => Usings + code + "\n" + SR1001_MissingPolicyCheckTests.Domain;

    private static DiagnosticResult Expect(string endpoint, string verb, string resource, string id) =>
        Verify.Diagnostic("SR1001").WithLocation(0).WithArguments(endpoint, verb, resource, id);

    // ------------------------------------------------------------------ positives

    [Fact]
    public async Task PolicyCheckAfterMutation_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpPost("{inviteId}/revoke")]
                public IActionResult {|#0:Revoke|}(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    invite.Revoked = true;
                    if (!policy.CanRead(User, invite)) return Forbid();
                    db.SaveChanges();
                    return NoContent();
                }
            }
            """), Expect("InvitesController.Revoke", "changes", "Invite", "inviteId"));
    }

    [Fact]
    public async Task ExpressionBodiedActionReturnsQuery_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("orgs/{orgId}/invites")]
                public IActionResult {|#0:List|}(Guid orgId) => Ok(db.Invites.Where(i => i.OrganizationId == orgId).ToList());
            }
            """), Expect("InvitesController.List", "loads", "Invite", "orgId"));
    }

    [Fact]
    public async Task IdInRecordBodyModel_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public record RevokeInvite(Guid InviteId, string Reason);

            [ApiController]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost("revoke")]
                public async Task<IActionResult> {|#0:Revoke|}([FromBody] RevokeInvite command)
                {
                    var invite = await db.Invites.FindAsync(command.InviteId);
                    if (invite is null) return NotFound();
                    invite.Revoked = true;
                    await db.SaveChangesAsync();
                    return NoContent();
                }
            }
            """), Expect("InvitesController.Revoke", "changes", "Invite", "command.InviteId"));
    }

    [Fact]
    public async Task PartialControllerWithAttributesOnOtherPart_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            [ApiController, Authorize]
            public partial class InvitesController : ControllerBase { }

            public partial class InvitesController
            {
                private readonly AppDb _db = null!;

                [HttpGet("{id}")]
                public Invite? {|#0:Get|}(Guid id) => _db.Invites.FirstOrDefault(i => i.Id == id);
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "id"));
    }

    [Fact]
    public async Task ActionInheritedFromGenericBaseController_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public interface IOrgOwned { Guid OrganizationId { get; } }

            public abstract class EntityController<T>(AppDb db) : ControllerBase where T : class, IOrgOwned
            {
                [HttpGet("{id}")]
                public async Task<ActionResult<T>> {|#0:Get|}(Guid id) => (await db.Set<T>().FindAsync(id))!;
            }

            public class OrgDocument : IOrgOwned { public Guid Id { get; set; } public Guid OrganizationId { get; set; } }

            public class DocumentsController(AppDb db) : EntityController<OrgDocument>(db) { }
            """), Expect("EntityController.Get", "loads", "T", "id"));
    }

    [Fact]
    public async Task RazorPageHandlerExposesLoadedResource_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InviteModel(AppDb db) : PageModel
            {
                public Invite? Invite { get; private set; }

                public async Task<IActionResult> {|#0:OnGetAsync|}(Guid id)
                {
                    Invite = await db.Invites.FindAsync(id);
                    return Invite is null ? NotFound() : Page();
                }
            }
            """), Expect("InviteModel.OnGetAsync", "loads", "Invite", "id"));
    }

    [Fact]
    public async Task HelperThatOnlyLoads_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> {|#0:Get|}(Guid inviteId) => Ok(await LoadAsync(inviteId));

                private async Task<Invite?> LoadAsync(Guid id) => await db.Invites.FindAsync(id);
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task ServiceDeletesByIdWithoutRole_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public interface IInviteService { Task DeleteInviteAsync(Guid id); }

            [Authorize]
            public class InvitesController(IInviteService service) : ControllerBase
            {
                [HttpDelete("{id}")]
                public async Task<IActionResult> {|#0:Delete|}(Guid id)
                {
                    await service.DeleteInviteAsync(id);
                    return NoContent();
                }
            }
            """), Expect("InvitesController.Delete", "deletes", "Invite", "id"));
    }

    [Fact]
    public async Task MethodGroupHandler_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public static class InviteEndpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/invites/{id}", {|#0:GetInvite|});

                private static IResult GetInvite(Guid id, AppDb db) => Results.Ok(db.Invites.Find(id));
            }
            """), Expect("GET /invites/{id}", "loads", "Invite", "id"));
    }

    [Fact]
    public async Task TopLevelStatementsWithLocalFunctionHandler_Reports()
    {
        var test = Verify.CreateTest(Src("""
            var app = WebApplication.Create(args);
            app.MapGet("/invites/{id}", {|#0:GetInvite|});
            app.Run();

            static Invite? GetInvite(Guid id, AppDb db) => db.Invites.Find(id);
            """));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Expect("GET /invites/{id}", "loads", "Invite", "id"));
        await test.RunAsync();
    }

    [Fact]
    public async Task PolicyCheckedOnOneBranchOnly_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult {|#0:Get|}(Guid inviteId, bool detailed)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    if (detailed)
                    {
                        if (!policy.CanRead(User, invite)) return Forbid();
                    }
                    return Ok(invite);
                }
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task CheckResultOnlyLogged_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult {|#0:Get|}(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    if (!policy.CanRead(User, invite)) Console.WriteLine("denied");
                    return Ok(invite);
                }
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task RoleRestrictionDoesNotCoverOwnedResource_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public static class Routes
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/invites/{inviteId}", {|#0:(Guid inviteId, AppDb db)|} => db.Invites.Find(inviteId))
                       .RequireAuthorization("OrgAdmin");
            }
            """), Expect("GET /invites/{inviteId}", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task IdParsedFromStringQuery_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("invite")]
                public IActionResult {|#0:Get|}([FromQuery] string inviteId)
                {
                    var id = Guid.Parse(inviteId);
                    return Ok(db.Invites.Single(i => i.Id == id));
                }
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task AnonymousEndpointWithCheckAnonymousOption_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            [AllowAnonymous]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public Invite? {|#0:Get|}(Guid inviteId) => db.Invites.Find(inviteId);
            }
            """), "secure_routes.SR1001.check_anonymous = true", Expect("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task CreatesResourceInClientNamedOrganization_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpPost("orgs/{orgId}/invites")]
                public IActionResult {|#0:Create|}(Guid orgId, string email)
                {
                    var invite = new Invite { Id = Guid.NewGuid(), OrganizationId = orgId, Email = email };
                    db.Invites.Add(invite);
                    db.SaveChanges();
                    return Ok();
                }
            }
            """), Expect("InvitesController.Create", "creates", "Invite", "orgId"));
    }

    [Fact]
    public async Task FilterThatDoesNotCheckPolicy_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public sealed class LogFilter : ActionFilterAttribute
            {
                public override void OnActionExecuting(ActionExecutingContext context) => Console.WriteLine("in");
            }

            [LogFilter]
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public Invite? {|#0:Get|}(Guid inviteId) => db.Invites.Find(inviteId);
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task UnownedResourceDeletedWithoutRole_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            [Authorize]
            public class ProductsController(AppDb db) : ControllerBase
            {
                [HttpDelete("{id}")]
                public IActionResult {|#0:Delete|}(int id)
                {
                    var product = db.Products.Find(id)!;
                    db.Products.Remove(product);
                    db.SaveChanges();
                    return NoContent();
                }
            }
            """), Expect("ProductsController.Delete", "deletes", "Product", "id"));
    }

    [Fact]
    public async Task ExecuteDeleteByRouteId_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public static class Routes
            {
                public static void Map(WebApplication app) =>
                    app.MapDelete("/invites/{id}", async {|#0:(Guid id, AppDb db)|} =>
                    {
                        await db.Invites.Where(i => i.Id == id).ExecuteDeleteAsync();
                        return Results.NoContent();
                    });
            }
            """), Expect("DELETE /invites/{id}", "deletes", "Invite", "id"));
    }

    // ------------------------------------------------------------------ negatives

    [Fact]
    public async Task UnownedCatalogDeleteBehindAdminRole_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            [Authorize(Roles = "Admin")]
            public class ProductsController(AppDb db) : ControllerBase
            {
                [HttpDelete("{id}")]
                public IActionResult Delete(int id)
                {
                    var product = db.Products.Find(id)!;
                    db.Products.Remove(product);
                    db.SaveChanges();
                    return NoContent();
                }
            }
            """));
    }

    [Fact]
    public async Task UnownedCatalogRead_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class ProductsController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public Product? Get(int id) => db.Products.Find(id);
            }
            """));
    }

    [Fact]
    public async Task QueryScopedToCaller_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult Get(Guid inviteId)
                {
                    var orgId = Guid.Parse(User.FindFirstValue("org")!);
                    var invite = db.Invites.FirstOrDefault(i => i.Id == inviteId && i.OrganizationId == orgId);
                    return invite is null ? NotFound() : Ok(invite);
                }
            }
            """));
    }

    [Fact]
    public async Task ExplicitlyAnonymous_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public static class Routes
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/invites/{inviteId}", (Guid inviteId, AppDb db) => db.Invites.Find(inviteId)).AllowAnonymous();
            }
            """));
    }

    [Fact]
    public async Task NonActionAndNonController_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [NonAction]
                public Invite? Load(Guid inviteId) => db.Invites.Find(inviteId);
            }

            [NonController]
            public class InviteLoaderController(AppDb db)
            {
                public Invite? Get(Guid inviteId) => db.Invites.Find(inviteId);
            }
            """));
    }

    [Fact]
    public async Task NonPublicControllerMethod_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                internal Invite? Get(Guid inviteId) => db.Invites.Find(inviteId);
            }
            """));
    }

    [Fact]
    public async Task ThrowingPolicyMethod_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult Get(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    policy.EnsureCanRead(User, invite);
                    return Ok(invite);
                }
            }
            """));
    }

    [Fact]
    public async Task HelperThatChecksAndThrows_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult Get(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    Demand(invite);
                    return Ok(invite);
                }

                private void Demand(Invite invite)
                {
                    if (!policy.CanRead(User, invite)) throw new UnauthorizedAccessException();
                }
            }
            """));
    }

    [Fact]
    public async Task HelperReturningAuthorizationDecision_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db, IAuthorizationService authorization) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!await MayReadAsync(invite)) return Forbid();
                    return Ok(invite);
                }

                private async Task<bool> MayReadAsync(Invite invite) =>
                    (await authorization.AuthorizeAsync(User, invite, "Invite.Read")).Succeeded;
            }
            """));
    }

    [Fact]
    public async Task PolicyDecisionInTernary_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db, IInvitePolicy policy) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult Get(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    return policy.CanRead(User, invite) ? Ok(invite) : Forbid();
                }
            }
            """));
    }

    [Fact]
    public async Task AsyncPolicyInMinimalApiGroup_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    var invites = app.MapGroup("/invites").RequireAuthorization();
                    invites.MapDelete("/{id}", async (Guid id, AppDb db, IInvitePolicy policy, ClaimsPrincipal user) =>
                    {
                        var invite = await db.Invites.FindAsync(id);
                        if (invite is null) return Results.NotFound();
                        if (!await policy.CanRevokeAsync(user, invite)) return Results.Forbid();
                        db.Invites.Remove(invite);
                        await db.SaveChangesAsync();
                        return Results.NoContent();
                    });
                }
            }
            """));
    }

    [Fact]
    public async Task AuthorizationFilterOnBaseControllerChecksPolicy_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public sealed class InviteAccessFilter(IInvitePolicy policy, AppDb db) : IAuthorizationFilter
            {
                public void OnAuthorization(AuthorizationFilterContext context)
                {
                    var id = Guid.Parse((string)context.RouteData.Values["inviteId"]!);
                    var invite = db.Invites.Find(id);
                    if (invite is null || !policy.CanRead(context.HttpContext.User, invite)) context.Result = new ForbidResult();
                }
            }

            [TypeFilter(typeof(InviteAccessFilter))]
            public abstract class InviteControllerBase : ControllerBase { }

            public class InvitesController(AppDb db) : InviteControllerBase
            {
                [HttpGet("{inviteId}")]
                public Invite? Get(Guid inviteId) => db.Invites.Find(inviteId);
            }
            """));
    }

    [Fact]
    public async Task GlobalFilterChecksPolicy_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public sealed class PolicyFilter(IInvitePolicy policy) : IActionFilter
            {
                public void OnActionExecuting(ActionExecutingContext context)
                {
                    if (context.ActionArguments.TryGetValue("invite", out var value) && value is Invite invite && !policy.CanRead(context.HttpContext.User, invite))
                        context.Result = new ForbidResult();
                }
                public void OnActionExecuted(ActionExecutedContext context) { }
            }

            public static class Startup
            {
                public static void Configure(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
                    Microsoft.Extensions.DependencyInjection.MvcServiceCollectionExtensions.AddControllers(services, o => o.Filters.Add<PolicyFilter>());
            }

            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public Invite? Get(Guid inviteId) => db.Invites.Find(inviteId);
            }
            """));
    }

    [Fact]
    public async Task EndpointFilterChecksPolicy_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public sealed class InviteFilter(IInvitePolicy policy, AppDb db) : IEndpointFilter
            {
                public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
                {
                    var invite = db.Invites.Find(context.GetArgument<Guid>(0));
                    if (invite is null || !policy.CanRead(context.HttpContext.User, invite)) return Results.Forbid();
                    return await next(context);
                }
            }

            public static class Routes
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/invites/{id}", (Guid id, AppDb db) => db.Invites.Find(id)).AddEndpointFilter<InviteFilter>();
            }
            """));
    }

    [Fact]
    public async Task PolicyTypeConfiguredInEditorconfig_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class Rules
            {
                public bool MayRead(ClaimsPrincipal user, Invite invite) => invite.OrganizationId != Guid.Empty && user.Identity!.IsAuthenticated;
            }

            public class InvitesController(AppDb db, Rules rules) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult Get(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    if (!rules.MayRead(User, invite)) return Forbid();
                    return Ok(invite);
                }
            }
            """), "secure_routes.policy_types = Rules");
    }

    [Fact]
    public async Task PolicyMethodConfiguredInEditorconfig_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            namespace Auth
            {
                public static class Checks
                {
                    public static bool MayRead(ClaimsPrincipal user, Invite invite) => user.Identity!.IsAuthenticated && invite.OrganizationId != Guid.Empty;
                }
            }

            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult Get(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    if (!Auth.Checks.MayRead(User, invite)) return Forbid();
                    return Ok(invite);
                }
            }
            """), "secure_routes.policy_methods = Auth.Checks.MayRead");
    }

    [Fact]
    public async Task SearchByNonIdentifierValue_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("search")]
                public IActionResult Search(string email) => Ok(db.Invites.Where(i => i.Email == email).Select(i => i.Id).ToList());
            }
            """));
    }

    [Fact]
    public async Task LoadedButNeitherReturnedNorChanged_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpHead("{inviteId}")]
                public IActionResult Exists(Guid inviteId) => db.Invites.Find(inviteId) is null ? NotFound() : NoContent();
            }
            """));
    }

    [Fact]
    public async Task RazorPageChecksPolicyBeforeExposing_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InviteModel(AppDb db, IInvitePolicy policy) : PageModel
            {
                public Invite? Invite { get; private set; }

                public async Task<IActionResult> OnGetAsync(Guid id)
                {
                    var invite = await db.Invites.FindAsync(id);
                    if (invite is null) return NotFound();
                    if (!policy.CanRead(User, invite)) return Forbid();
                    Invite = invite;
                    return Page();
                }
            }
            """));
    }

    [Fact]
    public async Task BrokenCodeWithUnresolvedCall_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("{inviteId}")]
                public IActionResult Get(Guid inviteId)
                {
                    var invite = db.Invites.Find(inviteId)!;
                    if (!{|CS0103:CheckAccess|}(invite)) return Forbid();
                    return Ok(invite);
                }
            }
            """));
    }

    [Fact]
    public async Task PlainClassNotAController_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InviteReader(AppDb db)
            {
                public Invite? Get(Guid inviteId) => db.Invites.Find(inviteId);
            }
            """));
    }

    private const string Mediator = """
        namespace MediatR
        {
            public interface IRequest<TResponse> { }
            public interface IRequestHandler<TRequest, TResponse> where TRequest : IRequest<TResponse>
            {
                System.Threading.Tasks.Task<TResponse> Handle(TRequest request, System.Threading.CancellationToken cancellationToken);
            }
            public interface IMediator
            {
                System.Threading.Tasks.Task<TResponse> Send<TResponse>(IRequest<TResponse> request, System.Threading.CancellationToken cancellationToken = default);
            }
        }
        """;

    [Fact]
    public async Task NullableIdValueInRepositoryCall_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InviteRepository(AppDb db) { public Invite GetInviteById(Guid id) => db.Invites.Single(i => i.Id == id); }

            public class InvitesController(InviteRepository invites) : Controller
            {
                public IActionResult {|#0:Receipt|}(Guid? id)
                {
                    if (id == null) return View();
                    var invite = invites.GetInviteById(id.Value);
                    return View(invite);
                }
            }
            """), Expect("InvitesController.Receipt", "loads", "Invite", "id"));
    }

    [Fact]
    public async Task InMemoryStoreKeyedById_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController : ControllerBase
            {
                private static readonly System.Collections.Generic.Dictionary<Guid, Invite> Store = new();

                [HttpGet("{id}")]
                public IActionResult {|#0:Get|}(Guid id) => Store.TryGetValue(id, out var invite) ? Ok(invite) : NotFound();
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "id"));
    }

    [Fact]
    public async Task MediatorRequestWhoseHandlerDoesNotCheck_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public static class RevokeInvite
            {
                public record Command(Guid InviteId) : MediatR.IRequest<bool>;

                public class Handler(AppDb db) : MediatR.IRequestHandler<Command, bool>
                {
                    public async Task<bool> Handle(Command request, System.Threading.CancellationToken cancellationToken)
                    {
                        var invite = await db.Invites.FindAsync(request.InviteId);
                        invite!.Revoked = true;
                        await db.SaveChangesAsync(cancellationToken);
                        return true;
                    }
                }
            }

            public class InvitesController(MediatR.IMediator mediator) : ControllerBase
            {
                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> {|#0:Revoke|}(Guid inviteId) => Ok(await mediator.Send(new RevokeInvite.Command(inviteId)));
            }
            """ + Mediator), Expect("InvitesController.Revoke", "changes", "Invite", "inviteId"));
    }

    [Fact]
    public async Task MediatorRequestWhoseHandlerChecksPolicy_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public static class RevokeInvite
            {
                public record Command(Guid InviteId, ClaimsPrincipal Actor) : MediatR.IRequest<bool>;

                public class Handler(AppDb db, IInvitePolicy policy) : MediatR.IRequestHandler<Command, bool>
                {
                    public async Task<bool> Handle(Command request, System.Threading.CancellationToken cancellationToken)
                    {
                        var invite = await db.Invites.FindAsync(request.InviteId);
                        if (invite is null || !await policy.CanRevokeAsync(request.Actor, invite)) throw new UnauthorizedAccessException();
                        invite.Revoked = true;
                        await db.SaveChangesAsync(cancellationToken);
                        return true;
                    }
                }
            }

            public class InvitesController(MediatR.IMediator mediator) : ControllerBase
            {
                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> Revoke(Guid inviteId) => Ok(await mediator.Send(new RevokeInvite.Command(inviteId, User)));
            }
            """ + Mediator));
    }

    [Fact]
    public async Task MediatorRequestWhoseHandlerWorksForCurrentUser_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public interface ICurrentUserAccessor { string GetCurrentUsername(); }

            public static class AddFavorite
            {
                public record Command(Guid InviteId) : MediatR.IRequest<bool>;

                public class Handler(AppDb db, ICurrentUserAccessor currentUser) : MediatR.IRequestHandler<Command, bool>
                {
                    public Task<bool> Handle(Command request, System.Threading.CancellationToken cancellationToken) =>
                        Task.FromResult(db.Invites.Any(i => i.Id == request.InviteId) && currentUser.GetCurrentUsername().Length > 0);
                }
            }

            public class FavoritesController(MediatR.IMediator mediator) : ControllerBase
            {
                [HttpPost("{inviteId}/favorite")]
                public async Task<IActionResult> Add(Guid inviteId) => Ok(await mediator.Send(new AddFavorite.Command(inviteId)));
            }
            """ + Mediator));
    }

    [Fact]
    public async Task MediatorRequestCarriesTheCallerButHandlerIgnoresIt_Reports()
    {
        // eShopOnWeb's order details: the user name travels with the request, the handler loads by id alone.
        await Verify.VerifyAnalyzerAsync(Src("""
            public record GetInvite(string UserName, Guid InviteId) : MediatR.IRequest<Invite?>;

            public class GetInviteHandler(AppDb db) : MediatR.IRequestHandler<GetInvite, Invite?>
            {
                public async Task<Invite?> Handle(GetInvite request, System.Threading.CancellationToken cancellationToken) =>
                    await db.Invites.FindAsync(request.InviteId);
            }

            public class InvitesController(MediatR.IMediator mediator) : Controller
            {
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> {|#0:Detail|}(Guid inviteId)
                {
                    var invite = await mediator.Send(new GetInvite(User.Identity!.Name!, inviteId));
                    return invite is null ? NotFound() : View(invite);
                }
            }
            """ + Mediator), Expect("InvitesController.Detail", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task MediatorRequestCarriesTheCallerAndHandlerFiltersByIt_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class GetInvite : MediatR.IRequest<Invite?>
            {
                public string UserName { get; set; } = "";
                public Guid InviteId { get; set; }
            }

            public class GetInviteHandler(AppDb db) : MediatR.IRequestHandler<GetInvite, Invite?>
            {
                public Task<Invite?> Handle(GetInvite request, System.Threading.CancellationToken cancellationToken) =>
                    Task.FromResult(db.Invites.FirstOrDefault(i => i.Id == request.InviteId && i.Email == request.UserName));
            }

            public class InvitesController(MediatR.IMediator mediator) : Controller
            {
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Detail(Guid inviteId)
                {
                    var invite = await mediator.Send(new GetInvite { UserName = User.Identity!.Name!, InviteId = inviteId });
                    return invite is null ? NotFound() : View(invite);
                }
            }
            """ + Mediator));
    }

    [Fact]
    public async Task MediatorHandlerPassesTheWholeRequestOn_NoDiagnostic()
    {
        // The handler hands the request to a service the rule does not follow here: it cannot tell, so it trusts it.
        await Verify.VerifyAnalyzerAsync(Src("""
            public record GetInvite(string UserName, Guid InviteId) : MediatR.IRequest<Invite?>;

            public interface IInviteQueries { Task<Invite?> ForUserAsync(GetInvite query); }

            public class GetInviteHandler(IInviteQueries queries) : MediatR.IRequestHandler<GetInvite, Invite?>
            {
                public Task<Invite?> Handle(GetInvite request, System.Threading.CancellationToken cancellationToken) => queries.ForUserAsync(request);
            }

            public class InvitesController(MediatR.IMediator mediator) : Controller
            {
                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Detail(Guid inviteId) =>
                    View(await mediator.Send(new GetInvite(User.Identity!.Name!, inviteId)));
            }
            """ + Mediator));
    }

    [Fact]
    public async Task ServiceMethodThatChecksThePolicy_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InviteService(AppDb db, IInvitePolicy policy, IHttpContextAccessor accessor)
            {
                public async Task<bool> RevokeAsync(Guid inviteId)
                {
                    var invite = await db.Invites.FindAsync(inviteId);
                    if (invite is null || !await policy.CanRevokeAsync(accessor.HttpContext!.User, invite)) return false;
                    invite.Revoked = true;
                    await db.SaveChangesAsync();
                    return true;
                }
            }

            public class InvitesController(InviteService service) : ControllerBase
            {
                [HttpPost("{inviteId}/revoke")]
                public async Task<IActionResult> Revoke(Guid inviteId) => await service.RevokeAsync(inviteId) ? NoContent() : Forbid();
            }
            """));
    }

    [Fact]
    public async Task UnresolvedPolicyNameStillRestricts_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class ProductsController(AppDb db) : ControllerBase
            {
                [HttpDelete("{id}")]
                [Authorize(Policy = {|CS0103:Policies|}.Elevated)]
                public IActionResult Delete(int id)
                {
                    db.Products.Remove(db.Products.Find(id)!);
                    db.SaveChanges();
                    return NoContent();
                }
            }
            """));
    }

    [Fact]
    public async Task InlineLoadPassedToRemoveWithoutRole_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            [Authorize]
            public class ProductsController(AppDb db) : ControllerBase
            {
                [HttpDelete("{id}")]
                public IActionResult {|#0:Delete|}(int id)
                {
                    db.Products.Remove(db.Products.Find(id)!);
                    db.SaveChanges();
                    return NoContent();
                }
            }
            """), Expect("ProductsController.Delete", "deletes", "Product", "id"));
    }

    private const string Articles = """
        namespace App
        {
            public class Article { public int Id { get; set; } public string Author { get; set; } = ""; public string Body { get; set; } = ""; }
            public class ArticleRepository
            {
                public Article GetArticle(int articleId) => new();
                public void SaveArticle(Article article) { }
            }
        }
        """;

    [Fact]
    public async Task ReadingAuthoredContent_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class ArticlesController(ArticleRepository articles) : Controller
            {
                [HttpGet("{articleId}")]
                public IActionResult Read(int articleId) => View(articles.GetArticle(articleId));
            }
            """ + Articles));
    }

    [Fact]
    public async Task EditingAuthoredContent_Reports()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class ArticlesController(ArticleRepository articles) : Controller
            {
                [HttpPost("{articleId}")]
                public IActionResult {|#0:Edit|}(int articleId, string body)
                {
                    var article = articles.GetArticle(articleId);
                    article.Body = body;
                    articles.SaveArticle(article);
                    return RedirectToAction("Read");
                }
            }
            """ + Articles), Expect("ArticlesController.Edit", "changes", "Article", "articleId"));
    }

    [Fact]
    public async Task LegacyRouteForwardingToAnotherAction_ReportsOnlyTheAction()
    {
        await Verify.VerifyAnalyzerAsync(Src("""
            public class InvitesController(AppDb db) : ControllerBase
            {
                [HttpGet("invites/{inviteId}")]
                public Invite? {|#0:Get|}(Guid inviteId) => db.Invites.Find(inviteId);

                [HttpGet("legacy/invites/{inviteId}")]
                public Invite? GetLegacy(Guid inviteId) => Get(inviteId);
            }
            """), Expect("InvitesController.Get", "loads", "Invite", "inviteId"));
    }
}
