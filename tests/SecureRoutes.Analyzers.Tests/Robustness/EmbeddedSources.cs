using System.Collections.Immutable;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>
/// A small but realistic ASP.NET Core 8 API in six files, with the shapes every rule looks at, insecure and secure:
/// a controller with route ids and EF Core, a minimal-API MapGroup chain, a Razor PageModel, token logging through
/// ILogger, Serilog and the console, and an [AuthorizationPolicy] class with a fail-open catch. Several members sit in
/// #if branches so that the preprocessor cases change what the analyzers see. It compiles without errors against
/// <see cref="ReferenceSet.Full"/> (checked by a test).
/// </summary>
public static class EmbeddedSources
{
    /// <summary>Preprocessor symbols the sources use; the #if cases compile with each of them on and off.</summary>
    public static readonly ImmutableArray<string> Symbols = ImmutableArray.Create("LEGACY_ADMIN", "DEBUG_TOKENS", "TENANT_FILTER");

    public const string Domain = /* lang=c#-test */ """
        using System;
        using System.Collections.Generic;
        using Microsoft.EntityFrameworkCore;

        namespace Invites.Security
        {
            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface | AttributeTargets.Method)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
            public sealed class SecretAttribute : Attribute { }
        }

        namespace Invites.Domain
        {
            using Invites.Security;

            public enum InviteRole { Member, Admin, Owner }

            public class Organization
            {
                public Guid Id { get; set; }
                public string Name { get; set; } = "";
                public List<Invite> Invites { get; set; } = new();
            }

            public class Invite
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string OwnerId { get; set; } = "";
                public string Email { get; set; } = "";
                public InviteRole Role { get; set; }
                public bool Accepted { get; set; }
                [Secret]
                public string Token { get; set; } = "";
                public DateTimeOffset ExpiresAt { get; set; }
            }

            public sealed class InvitesDb : DbContext
            {
                public InvitesDb(DbContextOptions<InvitesDb> options) : base(options) { }

                public DbSet<Organization> Organizations => Set<Organization>();
                public DbSet<Invite> Invites => Set<Invite>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Invite>().HasIndex(i => new { i.OrganizationId, i.Email }).IsUnique();
        #if TENANT_FILTER
                    modelBuilder.Entity<Invite>().HasQueryFilter(i => !i.Accepted);
        #endif
                }
            }

            public sealed record InviteDto(Guid Id, string Email, InviteRole Role, bool Accepted);

            public sealed record CreateInviteRequest(string Email, InviteRole Role, Guid OrganizationId, string OwnerId);

            public sealed record AcceptInviteRequest([property: Secret] string Token, string DisplayName);

            public sealed record LoginRequest(string UserName, [property: Secret] string Password);
        }
        """;

    public const string Policy = /* lang=c#-test */ """
        using System;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Invites.Domain;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.Extensions.Logging;

        namespace Invites.Security;

        [AuthorizationPolicy]
        public interface IInvitePolicy
        {
            bool CanManage(ClaimsPrincipal user, Guid organizationId);
            bool CanView(ClaimsPrincipal user, Invite invite);
        }

        [AuthorizationPolicy]
        public sealed class InvitePolicy : IInvitePolicy
        {
            private readonly ILogger<InvitePolicy> _logger;

            public InvitePolicy(ILogger<InvitePolicy> logger) => _logger = logger;

            public bool CanManage(ClaimsPrincipal user, Guid organizationId)
            {
                try
                {
                    var claim = user.FindFirst("org_admin")?.Value;
                    return claim is not null && Guid.Parse(claim) == organizationId;
                }
                catch (FormatException ex)
                {
                    _logger.LogWarning(ex, "Bad org_admin claim");
        #if LEGACY_ADMIN
                    return true;
        #else
                    return false;
        #endif
                }
            }

            public bool CanView(ClaimsPrincipal user, Invite invite) =>
                invite.OwnerId == user.FindFirst(ClaimTypes.NameIdentifier)?.Value || CanManage(user, invite.OrganizationId);
        }

        public sealed class SameOrganizationRequirement : IAuthorizationRequirement { }

        public sealed class SameOrganizationHandler : AuthorizationHandler<SameOrganizationRequirement, Invite>
        {
            protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SameOrganizationRequirement requirement, Invite resource)
            {
                if (context.User.FindFirst("org_id")?.Value == resource.OrganizationId.ToString())
                {
                    context.Succeed(requirement);
                }
                return Task.CompletedTask;
            }
        }
        """;

    public const string Controller = /* lang=c#-test */ """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading;
        using System.Threading.Tasks;
        using Invites.Domain;
        using Invites.Security;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Logging;

        namespace Invites.Controllers;

        [ApiController]
        [Authorize]
        [Route("api/orgs/{orgId:guid}/invites")]
        public sealed class InvitesController : ControllerBase
        {
            private readonly InvitesDb _db;
            private readonly IInvitePolicy _policy;
            private readonly IAuthorizationService _authorization;
            private readonly ILogger<InvitesController> _logger;

            public InvitesController(InvitesDb db, IInvitePolicy policy, IAuthorizationService authorization, ILogger<InvitesController> logger)
            {
                _db = db;
                _policy = policy;
                _authorization = authorization;
                _logger = logger;
            }

            // Insecure: any signed-in user can read any organization's invite.
            [HttpGet("{id:guid}")]
            public async Task<ActionResult<InviteDto>> Get(Guid orgId, Guid id, CancellationToken cancellationToken)
            {
                var invite = await _db.Invites.FirstOrDefaultAsync(i => i.Id == id && i.OrganizationId == orgId, cancellationToken);
                if (invite is null) return NotFound();
                return new InviteDto(invite.Id, invite.Email, invite.Role, invite.Accepted);
            }

            // Secure: central policy check before the data is returned.
            [HttpGet]
            public async Task<IActionResult> List(Guid orgId, CancellationToken cancellationToken)
            {
                if (!_policy.CanManage(User, orgId)) return Forbid();
                var invites = await _db.Invites.Where(i => i.OrganizationId == orgId).Select(i => new InviteDto(i.Id, i.Email, i.Role, i.Accepted)).ToListAsync(cancellationToken);
                return Ok(invites);
            }

            // Insecure: organization and owner come from the body.
            [HttpPost]
            public async Task<IActionResult> Create(Guid orgId, [FromBody] CreateInviteRequest request, CancellationToken cancellationToken)
            {
                var invite = new Invite
                {
                    Id = Guid.NewGuid(),
                    OrganizationId = request.OrganizationId,
                    OwnerId = request.OwnerId,
                    Email = request.Email,
                    Role = request.Role,
                    Token = Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
                    ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
                };
                _db.Invites.Add(invite);
                await _db.SaveChangesAsync(cancellationToken);
                _logger.LogInformation("Created invite {InviteId} with token {Token}", invite.Id, invite.Token);
                return CreatedAtAction(nameof(Get), new { orgId, id = invite.Id }, null);
            }

            // Insecure: binds the entity from the request (overposting).
            [HttpPut("{id:guid}")]
            public async Task<IActionResult> Update(Guid orgId, Guid id, [FromBody] Invite input, CancellationToken cancellationToken)
            {
                var invite = await _db.Invites.FindAsync(new object[] { id }, cancellationToken);
                if (invite is null) return NotFound();
                var result = await _authorization.AuthorizeAsync(User, invite, "SameOrganization");
                if (!result.Succeeded) return Forbid();
                _db.Entry(invite).CurrentValues.SetValues(input);
                await _db.SaveChangesAsync(cancellationToken);
                return NoContent();
            }

            // Insecure: inline role decision, and a client-supplied role header.
            [HttpDelete("{id:guid}")]
            public async Task<IActionResult> Delete(Guid orgId, Guid id, CancellationToken cancellationToken)
            {
        #if LEGACY_ADMIN
                if (Request.Headers["X-Role"] != "admin") return Forbid();
        #else
                if (!User.IsInRole("Admin")) return Forbid();
        #endif
                var invite = await _db.Invites.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
                if (invite is null) return NotFound();
                _db.Invites.Remove(invite);
                await _db.SaveChangesAsync(cancellationToken);
                return NoContent();
            }
        }
        """;

    public const string Endpoints = /* lang=c#-test */ """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading;
        using System.Threading.Tasks;
        using Invites.Domain;
        using Invites.Security;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Logging;

        namespace Invites.Endpoints;

        public static class InviteEndpoints
        {
            public static IEndpointRouteBuilder MapInviteEndpoints(this IEndpointRouteBuilder app)
            {
                var api = app.MapGroup("/api");
                var org = api.MapGroup("/orgs/{orgId:guid}").RequireAuthorization().WithTags("Invites");
                var invites = org.MapGroup("/invites");

                invites.MapGet("/{id:guid}", async (Guid orgId, Guid id, InvitesDb db, CancellationToken cancellationToken) =>
                {
                    var invite = await db.Invites.FindAsync(new object[] { id }, cancellationToken);
                    return invite is null ? Results.NotFound() : Results.Ok(new InviteDto(invite.Id, invite.Email, invite.Role, invite.Accepted));
                });

                invites.MapPost("/", CreateAsync);

                invites.MapDelete("/{id:guid}", async (Guid orgId, Guid id, InvitesDb db, IInvitePolicy policy, ClaimsPrincipal user) =>
                {
                    if (!policy.CanManage(user, orgId)) return Results.Forbid();
                    var invite = await db.Invites.FirstOrDefaultAsync(i => i.Id == id && i.OrganizationId == orgId);
                    if (invite is null) return Results.NotFound();
                    db.Invites.Remove(invite);
                    await db.SaveChangesAsync();
                    return Results.NoContent();
                });

                app.MapPost("/invites/accept", async ([FromBody] AcceptInviteRequest request, InvitesDb db, ILoggerFactory loggers) =>
                {
                    var logger = loggers.CreateLogger("Invites.Accept");
                    logger.LogInformation($"Accepting invite with token {request.Token}");
                    var invite = await db.Invites.SingleOrDefaultAsync(i => i.Token == request.Token);
                    if (invite is null) return Results.NotFound();
                    invite.Accepted = true;
                    await db.SaveChangesAsync();
                    return Results.Ok();
                }).AllowAnonymous();

                return app;
            }

            private static async Task<IResult> CreateAsync(Guid orgId, CreateInviteRequest request, InvitesDb db, HttpContext http)
            {
                var role = http.Request.Query["role"].ToString();
                var invite = new Invite { Id = Guid.NewGuid(), OrganizationId = orgId, Email = request.Email, Role = role == "admin" ? InviteRole.Admin : request.Role };
                db.Invites.Add(invite);
                await db.SaveChangesAsync();
                return Results.Created($"/api/orgs/{orgId}/invites/{invite.Id}", invite.Id);
            }
        }
        """;

    public const string Page = /* lang=c#-test */ """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Invites.Domain;
        using Invites.Security;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.EntityFrameworkCore;

        namespace Invites.Pages;

        [Authorize]
        public sealed class EditInviteModel : PageModel
        {
            private readonly InvitesDb _db;
            private readonly IInvitePolicy _policy;

            public EditInviteModel(InvitesDb db, IInvitePolicy policy)
            {
                _db = db;
                _policy = policy;
            }

            [BindProperty]
            public Invite Input { get; set; } = new();

            [BindProperty(SupportsGet = true)]
            public Guid Id { get; set; }

            public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
            {
                var invite = await _db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.Id == Id, cancellationToken);
                if (invite is null) return NotFound();
                if (!_policy.CanView(User, invite)) return Forbid();
                Input = invite;
                return Page();
            }

            public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
            {
                var invite = await _db.Invites.FirstOrDefaultAsync(i => i.Id == Id, cancellationToken);
                if (invite is null) return NotFound();
                invite.Email = Input.Email;
                invite.Role = Input.Role;
                await _db.SaveChangesAsync(cancellationToken);
                return RedirectToPage("./Index");
            }
        }
        """;

    public const string Logging = /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using Invites.Domain;
        using Invites.Security;
        using Microsoft.Extensions.Logging;

        namespace Invites.Services;

        public sealed class TokenService
        {
            private static readonly Serilog.ILogger Audit = Serilog.Log.ForContext<TokenService>();
            private readonly ILogger<TokenService> _logger;

            public TokenService(ILogger<TokenService> logger) => _logger = logger;

            [Secret]
            public string SigningKey { get; set; } = "";

            public string Issue(Invite invite)
            {
                var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
                invite.Token = token;
                _logger.LogInformation("Issued {Token} for {Email}", token, invite.Email);
                _logger.LogDebug("Invite {@Invite}", invite);
                Audit.Information("Invite token {InviteToken} issued", invite.Token);
                Serilog.Log.Warning("Signing with {Key}", SigningKey);
        #if DEBUG_TOKENS
                Console.WriteLine("token=" + token);
        #endif
                return token;
            }

            public void SignIn(LoginRequest request)
            {
                _logger.LogInformation("Sign-in {UserName} {Password}", request.UserName, request.Password);
                using (_logger.BeginScope("User {UserName}", request.UserName))
                {
                    _logger.LogInformation("Signed in");
                }
            }

            public bool Verify(Invite invite, string presented) =>
                CryptographicOperations.FixedTimeEquals(Convert.FromHexString(invite.Token), Convert.FromHexString(presented));
        }
        """;

    public static readonly ImmutableArray<(string Path, string Text)> All = ImmutableArray.Create(
        ("/embedded/Domain.cs", Domain),
        ("/embedded/Policy.cs", Policy),
        ("/embedded/Controllers/InvitesController.cs", Controller),
        ("/embedded/Endpoints/InviteEndpoints.cs", Endpoints),
        ("/embedded/Pages/EditInvite.cshtml.cs", Page),
        ("/embedded/Services/TokenService.cs", Logging));
}
