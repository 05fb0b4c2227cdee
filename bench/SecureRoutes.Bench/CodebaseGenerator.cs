using System.Text;

namespace SecureRoutes.Bench;

/// <summary>One generated source file: a repository-relative path and its text.</summary>
public sealed record GeneratedFile(string Path, string Text)
{
    public int Lines { get; } = CountLines(Text);

    private static int CountLines(string text)
    {
        var n = 0;
        foreach (var c in text)
        {
            if (c == '\n') n++;
        }
        return n;
    }
}

/// <summary>
/// Writes a synthetic but realistic ASP.NET Core 8 code base: one shared core (DbContext, an
/// <c>[AuthorizationPolicy]</c> policy class, secrets, Program) and as many resource "modules" as it takes to reach the
/// requested line count. Each module has an owned entity (OrganizationId/OwnerId) with EF configuration, DTO records,
/// an API controller with route ids, a minimal-API MapGroup chain, a Razor PageModel and a service that logs through
/// ILogger and Serilog. About one shape in five is vulnerable (no policy check, inline role check, client-supplied
/// privilege, entity bound from the request, secret logged, fail-open catch); the rest are the secure counterparts.
/// The output depends only on the seed and the target size.
/// </summary>
public sealed class CodebaseGenerator
{
    private static readonly string[] Nouns =
    {
        "Invoice", "Project", "Document", "Ticket", "Order", "Invite", "Report", "Contract", "Asset", "Budget",
        "Campaign", "Shipment", "Payment", "Customer", "Vendor", "Meeting", "Note", "Task", "Folder", "Survey",
        "Expense", "Timesheet", "Release", "Incident", "Subscription", "Quote", "Lead", "Warehouse", "Course", "Policy",
    };

    private readonly Random _random;
    private readonly double _vulnerableShare;

    public CodebaseGenerator(int seed, double vulnerableShare = 0.2)
    {
        _random = new Random(seed);
        _vulnerableShare = vulnerableShare;
    }

    /// <summary>Counts of the vulnerable shapes written, by kind, for the report.</summary>
    public SortedDictionary<string, int> VulnerableShapes { get; } = new(StringComparer.Ordinal);

    public int Modules { get; private set; }

    public IReadOnlyList<GeneratedFile> Generate(int targetLines)
    {
        var files = new List<GeneratedFile>();
        var names = new List<string>();
        var lines = 0;
        var i = 0;
        // The shared core is about 250 lines; every module is about 420.
        const int coreLines = 260;
        while (i == 0 || lines + coreLines < targetLines)
        {
            var name = Nouns[i % Nouns.Length] + (i / Nouns.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            names.Add(name);
            foreach (var file in Module(name))
            {
                files.Add(file);
                lines += file.Lines;
            }
            i++;
        }
        Modules = names.Count;
        files.InsertRange(0, Core(names));
        return files;
    }

    private bool Vulnerable(string kind)
    {
        if (_random.NextDouble() >= _vulnerableShare) return false;
        VulnerableShapes[kind] = VulnerableShapes.TryGetValue(kind, out var n) ? n + 1 : 1;
        return true;
    }

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    // ---------------------------------------------------------------- shared core

    private IEnumerable<GeneratedFile> Core(IReadOnlyList<string> names)
    {
        yield return new GeneratedFile("Security/Attributes.cs", $$"""
            {{Usings}}

            namespace Acme.Security;

            /// <summary>Marks the central authorization policy (recognised by simple name).</summary>
            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface | AttributeTargets.Method)]
            public sealed class AuthorizationPolicyAttribute : Attribute
            {
            }

            /// <summary>Marks a value that must never be logged.</summary>
            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
            public sealed class SecretAttribute : Attribute
            {
            }

            public interface IOwned
            {
                Guid OrganizationId { get; }

                string OwnerId { get; }
            }
            """);

        var failOpen = Vulnerable("SR1003 fail-open policy");
        yield return new GeneratedFile("Security/AccessPolicy.cs", $$"""
            {{Usings}}
            using Microsoft.Extensions.Logging;

            namespace Acme.Security;

            [AuthorizationPolicy]
            public interface IAccessPolicy
            {
                Guid CurrentOrganization(ClaimsPrincipal user);

                bool CanRead(ClaimsPrincipal user, IOwned resource);

                bool CanEdit(ClaimsPrincipal user, IOwned resource);

                bool CanDelete(ClaimsPrincipal user, IOwned resource);
            }

            [AuthorizationPolicy]
            public sealed class AccessPolicy : IAccessPolicy
            {
                private readonly ILogger<AccessPolicy> _logger;

                public AccessPolicy(ILogger<AccessPolicy> logger)
                {
                    _logger = logger;
                }

                public Guid CurrentOrganization(ClaimsPrincipal user)
                {
                    var value = user.FindFirstValue("org_id");
                    return Guid.TryParse(value, out var organization) ? organization : Guid.Empty;
                }

                public bool CanRead(ClaimsPrincipal user, IOwned resource)
                {
                    var organization = CurrentOrganization(user);
                    if (organization == Guid.Empty)
                    {
                        return false;
                    }

                    return resource.OrganizationId == organization;
                }

                public bool CanEdit(ClaimsPrincipal user, IOwned resource)
                {
                    if (!CanRead(user, resource))
                    {
                        return false;
                    }

                    var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
                    return string.Equals(resource.OwnerId, userId, StringComparison.Ordinal) || user.IsInRole("OrgAdmin");
                }

                public bool CanDelete(ClaimsPrincipal user, IOwned resource)
                {
                    try
                    {
                        return CanEdit(user, resource) && user.IsInRole("OrgAdmin");
                    }
                    catch (Exception ex)
                    {
                        _logger.LogWarning(ex, "Delete policy failed for {OwnerId}", resource.OwnerId);
                        return {{(failOpen ? "true" : "false")}};
                    }
                }
            }
            """);

        yield return new GeneratedFile("Contracts/Auth.cs", $$"""
            {{Usings}}
            using Acme.Security;

            namespace Acme.Contracts;

            public sealed record LoginRequest(string UserName, [property: Secret] string Password);

            public sealed record TokenResponse(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);

            public sealed class ApiKeyOptions
            {
                [Secret]
                public string ApiKey { get; set; } = "";

                public string Issuer { get; set; } = "acme";
            }
            """);

        var sets = new StringBuilder();
        foreach (var n in names)
        {
            sets.Append("    public DbSet<Acme.Domain.").Append(n).Append("> ").Append(n).Append("s => Set<Acme.Domain.").Append(n).Append(">();\n\n");
            sets.Append("    public DbSet<Acme.Domain.").Append(n).Append("Line> ").Append(n).Append("Lines => Set<Acme.Domain.").Append(n).Append("Line>();\n\n");
        }
        yield return new GeneratedFile("Data/AppDbContext.cs", $$"""
            using Microsoft.EntityFrameworkCore;

            namespace Acme.Data;

            public sealed class AppDbContext : DbContext
            {
                public AppDbContext(DbContextOptions<AppDbContext> options)
                    : base(options)
                {
                }

            {{sets.ToString().TrimEnd()}}

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
                    base.OnModelCreating(modelBuilder);
                }
            }
            """);

        var registrations = new StringBuilder();
        var maps = new StringBuilder();
        foreach (var n in names)
        {
            registrations.Append("        services.AddScoped<Acme.Services.").Append(n).Append("Service>();\n");
            maps.Append("        app.Map").Append(n).Append("Endpoints();\n");
        }
        yield return new GeneratedFile("Program.cs", $$"""
            {{Usings}}
            using Acme.Data;
            using Acme.Endpoints;
            using Acme.Security;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            namespace Acme;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddControllers();
                    builder.Services.AddRazorPages();
                    builder.Services.AddAuthorization();
                    builder.Services.AddDbContext<AppDbContext>(options => options.EnableSensitiveDataLogging(false));
                    builder.Services.AddScoped<IAccessPolicy, AccessPolicy>();
                    Modules.AddServices(builder.Services);

                    var app = builder.Build();
                    app.UseAuthentication();
                    app.UseAuthorization();
                    app.MapControllers();
                    app.MapRazorPages();
                    Modules.MapEndpoints(app);
                    app.Run();
                }
            }

            public static class Modules
            {
                public static void AddServices(IServiceCollection services)
                {
            {{registrations.ToString().TrimEnd()}}
                }

                public static void MapEndpoints(WebApplication app)
                {
            {{maps.ToString().TrimEnd()}}
                }
            }
            """);
    }

    // ---------------------------------------------------------------- one module

    private IEnumerable<GeneratedFile> Module(string n)
    {
        var route = n.ToLowerInvariant() + "s";
        yield return Entity(n);
        yield return Contracts(n);
        yield return Controller(n, route);
        yield return Endpoints(n, route);
        yield return Page(n);
        yield return Service(n);
    }

    private GeneratedFile Entity(string n) => new($"Domain/{n}.cs", $$"""
        {{Usings}}
        using Acme.Security;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;

        namespace Acme.Domain;

        public class {{n}} : IOwned
        {
            public Guid Id { get; set; }

            public Guid OrganizationId { get; set; }

            public string OwnerId { get; set; } = "";

            public string Title { get; set; } = "";

            public decimal Amount { get; set; }

            public string Status { get; set; } = "Draft";

            public bool IsArchived { get; set; }

            public DateTimeOffset CreatedAt { get; set; }

            public DateTimeOffset? UpdatedAt { get; set; }

            public string? Notes { get; set; }

            public string? ShareTokenHash { get; set; }

            public List<{{n}}Line> Lines { get; set; } = new();

            public void Rename(string title)
            {
                if (string.IsNullOrWhiteSpace(title))
                {
                    throw new ArgumentException("A title is required.", nameof(title));
                }

                Title = title.Trim();
                UpdatedAt = DateTimeOffset.UtcNow;
            }

            public void Archive()
            {
                if (IsArchived)
                {
                    return;
                }

                IsArchived = true;
                Status = "Archived";
                UpdatedAt = DateTimeOffset.UtcNow;
            }

            public decimal Total() => Lines.Sum(line => line.Quantity * line.UnitPrice);
        }

        public class {{n}}Line
        {
            public Guid Id { get; set; }

            public Guid {{n}}Id { get; set; }

            public string Description { get; set; } = "";

            public int Quantity { get; set; }

            public decimal UnitPrice { get; set; }
        }

        internal sealed class {{n}}Configuration : IEntityTypeConfiguration<{{n}}>
        {
            public void Configure(EntityTypeBuilder<{{n}}> builder)
            {
                builder.HasKey(x => x.Id);
                builder.Property(x => x.Title).HasMaxLength(200).IsRequired();
                builder.Property(x => x.OwnerId).HasMaxLength(64).IsRequired();
                builder.Property(x => x.Amount).HasPrecision(18, 2);
                builder.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
                builder.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.{{n}}Id);
                builder.HasQueryFilter(x => !x.IsArchived);
            }
        }
        """);

    private GeneratedFile Contracts(string n)
    {
        var privileged = Vulnerable("SR2001 privileged field in request DTO");
        if (privileged)
        {
            _privilegedDtos.Add(n);
        }

        var extra = privileged ? ", Guid OrganizationId, string OwnerId, bool IsAdmin" : "";
        return new($"Contracts/{n}Contracts.cs", $$"""
            {{Usings}}
            using Acme.Domain;

            namespace Acme.Contracts;

            public sealed record {{n}}Dto(Guid Id, string Title, decimal Amount, string Status, DateTimeOffset CreatedAt);

            public sealed record {{n}}LineDto(string Description, int Quantity, decimal UnitPrice);

            public sealed record Create{{n}}Request(string Title, decimal Amount, string? Notes{{extra}});

            public sealed record Update{{n}}Request(string Title, decimal Amount, string Status);

            public static class {{n}}Mapping
            {
                public static {{n}}Dto ToDto(this {{n}} entity) =>
                    new(entity.Id, entity.Title, entity.Amount, entity.Status, entity.CreatedAt);

                public static {{n}}LineDto ToDto(this {{n}}Line line) =>
                    new(line.Description, line.Quantity, line.UnitPrice);

                public static IReadOnlyList<{{n}}LineDto> ToDtos(this IEnumerable<{{n}}Line> lines) =>
                    lines.Select(line => line.ToDto()).ToList();
            }
            """);
    }

    private GeneratedFile Controller(string n, string route)
    {
        var getUnchecked = Vulnerable("SR1001 controller Get without policy check");
        var createTrustsClient = _privilegedDtos.Contains(n) && _random.NextDouble() < 0.5;
        if (createTrustsClient)
        {
            Count("SR2001 controller Create copies client organization");
        }

        var overposting = Vulnerable("SR2002 controller Update binds the entity");
        var deleteKind = _random.NextDouble();
        string deleteGuard;
        if (deleteKind < _vulnerableShare / 2)
        {
            Count("SR1002 controller Delete inline role check");
            deleteGuard = "if (!User.IsInRole(\"Admin\"))";
        }
        else if (deleteKind < _vulnerableShare)
        {
            Count("SR2001 controller Delete trusts X-Role header");
            deleteGuard = "if (Request.Headers[\"X-Role\"] != \"admin\")";
        }
        else
        {
            deleteGuard = "if (!_policy.CanDelete(User, entity))";
        }

        var getCheck = getUnchecked ? "" : """

                    if (!_policy.CanRead(User, entity))
                    {
                        return Forbid();
                    }

            """;
        var org = createTrustsClient ? "request.OrganizationId" : "_policy.CurrentOrganization(User)";
        string update;
        if (overposting)
        {
            update = $$"""
                    [HttpPut("{id:guid}")]
                    public async Task<IActionResult> Update(Guid id, [FromBody] {{n}} input, CancellationToken cancellationToken)
                    {
                        var entity = await _db.{{n}}s.FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                        if (entity is null)
                        {
                            return NotFound();
                        }

                        if (!_policy.CanEdit(User, entity))
                        {
                            return Forbid();
                        }

                        _db.Entry(entity).CurrentValues.SetValues(input);
                        await _db.SaveChangesAsync(cancellationToken);
                        return NoContent();
                    }
                """;
        }
        else
        {
            update = $$"""
                    [HttpPut("{id:guid}")]
                    public async Task<IActionResult> Update(Guid id, [FromBody] Update{{n}}Request request, CancellationToken cancellationToken)
                    {
                        var entity = await _db.{{n}}s.FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                        if (entity is null)
                        {
                            return NotFound();
                        }

                        if (!_policy.CanEdit(User, entity))
                        {
                            return Forbid();
                        }

                        entity.Rename(request.Title);
                        entity.Amount = request.Amount;
                        entity.Status = request.Status;
                        await _db.SaveChangesAsync(cancellationToken);
                        return NoContent();
                    }
                """;
        }

        return new($"Controllers/{n}Controller.cs", $$"""
            {{Usings}}
            using Acme.Contracts;
            using Acme.Data;
            using Acme.Domain;
            using Acme.Security;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Logging;

            namespace Acme.Controllers;

            [ApiController]
            [Authorize]
            [Route("api/{{route}}")]
            public sealed class {{n}}Controller : ControllerBase
            {
                private const int PageSize = 50;
                private readonly AppDbContext _db;
                private readonly IAccessPolicy _policy;
                private readonly ILogger<{{n}}Controller> _logger;

                public {{n}}Controller(AppDbContext db, IAccessPolicy policy, ILogger<{{n}}Controller> logger)
                {
                    _db = db;
                    _policy = policy;
                    _logger = logger;
                }

                [HttpGet]
                public async Task<ActionResult<IReadOnlyList<{{n}}Dto>>> List([FromQuery] int page = 1, CancellationToken cancellationToken = default)
                {
                    var organization = _policy.CurrentOrganization(User);
                    var items = await _db.{{n}}s
                        .AsNoTracking()
                        .Where(x => x.OrganizationId == organization)
                        .OrderByDescending(x => x.CreatedAt)
                        .Skip((Math.Max(page, 1) - 1) * PageSize)
                        .Take(PageSize)
                        .Select(x => new {{n}}Dto(x.Id, x.Title, x.Amount, x.Status, x.CreatedAt))
                        .ToListAsync(cancellationToken);
                    return items;
                }

                [HttpGet("{id:guid}")]
                public async Task<ActionResult<{{n}}Dto>> Get(Guid id, CancellationToken cancellationToken)
                {
                    var entity = await _db.{{n}}s.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                    if (entity is null)
                    {
                        return NotFound();
                    }
            {{getCheck}}
                    return entity.ToDto();
                }

                [HttpGet("{id:guid}/lines")]
                public async Task<ActionResult<IReadOnlyList<{{n}}LineDto>>> Lines(Guid id, CancellationToken cancellationToken)
                {
                    var entity = await _db.{{n}}s.Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                    if (entity is null || !_policy.CanRead(User, entity))
                    {
                        return NotFound();
                    }

                    return Ok(entity.Lines.ToDtos());
                }

                [HttpPost]
                public async Task<ActionResult<{{n}}Dto>> Create([FromBody] Create{{n}}Request request, CancellationToken cancellationToken)
                {
                    var entity = new {{n}}
                    {
                        Id = Guid.NewGuid(),
                        OrganizationId = {{org}},
                        OwnerId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                        Title = request.Title,
                        Amount = request.Amount,
                        Notes = request.Notes,
                        CreatedAt = DateTimeOffset.UtcNow,
                    };
                    _db.{{n}}s.Add(entity);
                    await _db.SaveChangesAsync(cancellationToken);
                    _logger.LogInformation("Created {{n}} {EntityId} in {OrganizationId}", entity.Id, entity.OrganizationId);
                    return CreatedAtAction(nameof(Get), new { id = entity.Id }, entity.ToDto());
                }

            {{update}}

                [HttpDelete("{id:guid}")]
                public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
                {
                    var entity = await _db.{{n}}s.FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                    if (entity is null)
                    {
                        return NotFound();
                    }

                    {{deleteGuard}}
                    {
                        return Forbid();
                    }

                    _db.{{n}}s.Remove(entity);
                    await _db.SaveChangesAsync(cancellationToken);
                    _logger.LogInformation("Deleted {{n}} {EntityId}", id);
                    return NoContent();
                }
            }
            """);
    }

    private readonly HashSet<string> _privilegedDtos = new(StringComparer.Ordinal);

    private void Count(string kind) => VulnerableShapes[kind] = VulnerableShapes.TryGetValue(kind, out var c) ? c + 1 : 1;

    private GeneratedFile Endpoints(string n, string route)
    {
        var itemUnchecked = Vulnerable("SR1001 minimal API item GET without policy check");
        var anonymousExport = Vulnerable("SR1001 anonymous minimal API export by id");
        var readCheck = itemUnchecked ? "" : """

                        if (!policy.CanRead(user, entity))
                        {
                            return Results.Forbid();
                        }

            """;
        var exportTail = anonymousExport ? ".AllowAnonymous()" : ".RequireAuthorization(\"Exports\")";
        var exportCheck = anonymousExport ? "" : """
                        if (!policy.CanRead(user, entity))
                        {
                            return Results.Forbid();
                        }

            """;
        return new($"Endpoints/{n}Endpoints.cs", $$"""
            {{Usings}}
            using Acme.Contracts;
            using Acme.Data;
            using Acme.Domain;
            using Acme.Security;
            using Acme.Services;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Logging;

            namespace Acme.Endpoints;

            public static class {{n}}Endpoints
            {
                public static RouteGroupBuilder Map{{n}}Endpoints(this IEndpointRouteBuilder app)
                {
                    var group = app.MapGroup("/api/v2/{{route}}")
                        .RequireAuthorization()
                        .WithTags("{{n}}");
                    var item = group.MapGroup("/{id:guid}");

                    group.MapGet("/", async (AppDbContext db, IAccessPolicy policy, ClaimsPrincipal user, CancellationToken cancellationToken) =>
                    {
                        var organization = policy.CurrentOrganization(user);
                        var items = await db.{{n}}s
                            .Where(x => x.OrganizationId == organization)
                            .Select(x => new {{n}}Dto(x.Id, x.Title, x.Amount, x.Status, x.CreatedAt))
                            .ToListAsync(cancellationToken);
                        return Results.Ok(items);
                    });

                    item.MapGet("/", async (Guid id, AppDbContext db, IAccessPolicy policy, ClaimsPrincipal user, CancellationToken cancellationToken) =>
                    {
                        var entity = await db.{{n}}s.FindAsync(new object[] { id }, cancellationToken);
                        if (entity is null)
                        {
                            return Results.NotFound();
                        }
            {{readCheck}}
                        return Results.Ok(entity.ToDto());
                    });

                    item.MapDelete("/", DeleteAsync);
                    group.MapPost("/{id:guid}/share", ShareAsync);

                    app.MapGet("/exports/{{route}}/{id:guid}", async (Guid id, AppDbContext db, IAccessPolicy policy, ClaimsPrincipal user) =>
                    {
                        var entity = await db.{{n}}s.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id);
                        if (entity is null)
                        {
                            return Results.NotFound();
                        }

            {{exportCheck}}            return Results.Ok(entity.ToDto());
                    }){{exportTail}};

                    return group;
                }

                private static async Task<IResult> DeleteAsync(Guid id, AppDbContext db, IAccessPolicy policy, ClaimsPrincipal user, ILogger<{{n}}Service> logger, CancellationToken cancellationToken)
                {
                    var entity = await db.{{n}}s.FindAsync(new object[] { id }, cancellationToken);
                    if (entity is null)
                    {
                        return Results.NotFound();
                    }

                    if (!policy.CanDelete(user, entity))
                    {
                        return Results.Forbid();
                    }

                    entity.Archive();
                    await db.SaveChangesAsync(cancellationToken);
                    logger.LogInformation("Archived {{n}} {EntityId}", id);
                    return Results.NoContent();
                }

                private static async Task<IResult> ShareAsync(Guid id, {{n}}Service service, IAccessPolicy policy, ClaimsPrincipal user, AppDbContext db, CancellationToken cancellationToken)
                {
                    var entity = await db.{{n}}s.FindAsync(new object[] { id }, cancellationToken);
                    if (entity is null || !policy.CanEdit(user, entity))
                    {
                        return Results.NotFound();
                    }

                    var link = await service.IssueShareLinkAsync(entity, user.Identity?.Name ?? "unknown", cancellationToken);
                    return Results.Ok(new { link });
                }
            }
            """);
    }

    private GeneratedFile Page(string n)
    {
        var bindsEntity = Vulnerable("SR2002 PageModel binds the entity");
        var postUnchecked = Vulnerable("SR1001 PageModel POST without policy check");
        var inputType = bindsEntity ? n : "InputModel";
        var postCheck = postUnchecked ? "" : """

                    if (!_policy.CanEdit(User, entity))
                    {
                        return Forbid();
                    }

            """;
        return new($"Pages/{n}s/Edit.cshtml.cs", $$"""
            {{Usings}}
            using Acme.Contracts;
            using Acme.Data;
            using Acme.Domain;
            using Acme.Security;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.EntityFrameworkCore;

            namespace Acme.Pages.{{n}}s;

            [Authorize]
            public sealed class EditModel : PageModel
            {
                private readonly AppDbContext _db;
                private readonly IAccessPolicy _policy;

                public EditModel(AppDbContext db, IAccessPolicy policy)
                {
                    _db = db;
                    _policy = policy;
                }

                [BindProperty]
                public {{inputType}} Input { get; set; } = new();

                public {{n}}Dto? Item { get; private set; }

                public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
                {
                    var entity = await _db.{{n}}s.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                    if (entity is null)
                    {
                        return NotFound();
                    }

                    if (!_policy.CanRead(User, entity))
                    {
                        return Forbid();
                    }

                    Item = entity.ToDto();
                    Input = new {{inputType}} { Title = entity.Title, Amount = entity.Amount };
                    return Page();
                }

                public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
                {
                    if (!ModelState.IsValid)
                    {
                        return Page();
                    }

                    var entity = await _db.{{n}}s.FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                    if (entity is null)
                    {
                        return NotFound();
                    }
            {{postCheck}}
                    entity.Rename(Input.Title);
                    entity.Amount = Input.Amount;
                    await _db.SaveChangesAsync(cancellationToken);
                    return RedirectToPage("./Index");
                }

                public sealed class InputModel
                {
                    public string Title { get; set; } = "";

                    public decimal Amount { get; set; }
                }
            }
            """);
    }

    private GeneratedFile Service(string n)
    {
        var logsToken = Vulnerable("SR3001 ILogger logs a share token");
        var serilogToken = Vulnerable("SR3001 Serilog logs a share token");
        var logsPassword = Vulnerable("SR3001 logs a [Secret] password");
        var tokenLog = logsToken
            ? $"_logger.LogInformation(\"Issued share link {{Token}} for {n} {{EntityId}} to {{UserName}}\", token, entity.Id, userName);"
            : $"_logger.LogInformation(\"Issued share link for {n} {{EntityId}} to {{UserName}}\", entity.Id, userName);";
        var serilogLog = serilogToken
            ? "Audit.Information(\"Share token {ShareToken} issued by {UserName}\", token, userName);"
            : "Audit.Information(\"Share token issued for {EntityId} by {UserName}\", entity.Id, userName);";
        var passwordLog = logsPassword
            ? "_logger.LogDebug(\"Sign-in attempt for {UserName} with {Password}\", request.UserName, request.Password);"
            : "_logger.LogDebug(\"Sign-in attempt for {UserName}\", request.UserName);";
        return new($"Services/{n}Service.cs", $$"""
            {{Usings}}
            using System.Security.Cryptography;
            using System.Text;
            using Acme.Contracts;
            using Acme.Data;
            using Acme.Domain;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Logging;

            namespace Acme.Services;

            public sealed class {{n}}Service
            {
                private static readonly Serilog.ILogger Audit = Serilog.Log.ForContext<{{n}}Service>();
                private readonly AppDbContext _db;
                private readonly ILogger<{{n}}Service> _logger;

                public {{n}}Service(AppDbContext db, ILogger<{{n}}Service> logger)
                {
                    _db = db;
                    _logger = logger;
                }

                public async Task<string> IssueShareLinkAsync({{n}} entity, string userName, CancellationToken cancellationToken)
                {
                    var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    entity.ShareTokenHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
                    await _db.SaveChangesAsync(cancellationToken);
                    {{tokenLog}}
                    {{serilogLog}}
                    return "/share/" + Uri.EscapeDataString(token);
                }

                public bool VerifyShareToken({{n}} entity, string token)
                {
                    if (entity.ShareTokenHash is null)
                    {
                        return false;
                    }

                    var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
                    return CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(entity.ShareTokenHash));
                }

                public void RecordSignIn(LoginRequest request)
                {
                    {{passwordLog}}
                }

                public async Task<int> PurgeArchivedAsync(Guid organizationId, CancellationToken cancellationToken)
                {
                    var archived = await _db.{{n}}s
                        .IgnoreQueryFilters()
                        .Where(x => x.OrganizationId == organizationId && x.IsArchived)
                        .ToListAsync(cancellationToken);
                    _db.{{n}}s.RemoveRange(archived);
                    var count = await _db.SaveChangesAsync(cancellationToken);
                    Serilog.Log.Information("Purged {Count} archived {{n}} rows for {OrganizationId}", count, organizationId);
                    return count;
                }

                public async Task<decimal> TotalAsync(Guid organizationId, CancellationToken cancellationToken)
                {
                    var entities = await _db.{{n}}s
                        .Include(x => x.Lines)
                        .Where(x => x.OrganizationId == organizationId)
                        .ToListAsync(cancellationToken);
                    var total = 0m;
                    foreach (var entity in entities)
                    {
                        total += entity.Total();
                    }

                    _logger.LogDebug("Total for {OrganizationId} is {Total}", organizationId, total);
                    return total;
                }
            }
            """);
    }
}
