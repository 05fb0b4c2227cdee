using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.EntityBoundFromRequestAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

public class SR2002_EntityBoundFromRequestTests
{
    /// <summary>Entities found each way the model knows (DbSet, [Table], [Key], IEntityTypeConfiguration, Identity) and request models.</summary>
    internal const string Domain = /* lang=c#-test */ """
        namespace App
        {
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            public enum OrgRole { Member, Admin, Owner }

            public class Member
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string DisplayName { get; set; } = "";
                public OrgRole Role { get; set; }
                public bool IsActive { get; set; } = true;
            }

            public class Employee : Member { public decimal Salary { get; set; } }

            public record Tag(Guid Id, string Name);

            [Table("audit_log")]
            public class AuditEntry
            {
                public long Sequence { get; set; }
                public string Text { get; set; } = "";
            }

            public class Ledger
            {
                [Key] public int Number { get; set; }
                public decimal Balance { get; set; }
            }

            public class Product
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
                public decimal Price { get; set; }
            }

            public class ProductConfiguration : IEntityTypeConfiguration<Product>
            {
                public void Configure(EntityTypeBuilder<Product> builder) { }
            }

            public class AppUser : IdentityUser { public bool IsAdmin { get; set; } }

            public class AppDb : DbContext
            {
                public DbSet<Member> Members => Set<Member>();
                public DbSet<Tag> Tags => Set<Tag>();
            }

            /// <summary>Looks like an entity, but nothing persists it.</summary>
            public class MemberModel
            {
                public Guid Id { get; set; }
                public OrgRole Role { get; set; }
            }

            public record UpdateMemberRequest(string DisplayName);
        }
        """;

    private static string WithDomain(string source) => source + "\n" + Domain;

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.ModelBinding;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.EntityFrameworkCore;
        using App;

        """;

    private static DiagnosticResult Expected(string name, string entity, string origin, string members) =>
        Verify.Diagnostic(Descriptors.SR2002EntityBoundFromRequest).WithLocation(0).WithArguments(name, entity, origin, members);

    private const string MemberMembers = "Role, Id, OrganizationId";

    // ------------------------------------------------------------ reported

    [Fact]
    public async Task FromBodyEntityInController_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Authorize, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{memberId}")]
                public async Task<IActionResult> Update(Guid memberId, [FromBody] Member {|#0:member|})
                {
                    member.Id = memberId;
                    db.Members.Update(member);
                    await db.SaveChangesAsync();
                    return Ok(member);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "request body", MemberMembers));
    }

    [Fact]
    public async Task ApiControllerInfersBody_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(Member {|#0:member|})
                {
                    db.Members.Add(member);
                    db.SaveChanges();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "request body", MemberMembers));
    }

    [Fact]
    public async Task MinimalApiEntityParameter_Reports()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/members", async (Member {|#0:member|}, AppDb db) =>
                    {
                        db.Members.Add(member);
                        await db.SaveChangesAsync();
                        return Results.Created($"/members/{member.Id}", member);
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "request body", MemberMembers));
    }

    [Fact]
    public async Task MinimalApiInMapGroup_Reports()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    var tags = app.MapGroup("/tags").RequireAuthorization();
                    tags.MapPut("/{id}", (Guid id, Tag {|#0:tag|}, AppDb db) =>
                    {
                        db.Tags.Update(tag with { Id = id });
                        db.SaveChanges();
                        return Results.NoContent();
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("tag", "Tag", "request body", "Id"));
    }

    [Fact]
    public async Task MinimalApiMethodGroupHandler_Reports()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app) => app.MapPost("/members", Create);

                private static IResult Create(Member {|#0:member|}, AppDb db)
                {
                    db.Members.Add(member);
                    db.SaveChanges();
                    return Results.Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "request body", MemberMembers));
    }

    [Fact]
    public async Task FromFormEntity_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPost]
                public IActionResult Create([FromForm] Member {|#0:member|})
                {
                    db.Members.Add(member);
                    db.SaveChanges();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "form", MemberMembers));
    }

    [Fact]
    public async Task MvcControllerBindsForm_Reports()
    {
        var source = WithDomain(Usings + """
            public class MembersController(AppDb db) : Controller
            {
                [HttpPost]
                public IActionResult Edit(Member {|#0:member|})
                {
                    db.Members.Update(member);
                    db.SaveChanges();
                    return RedirectToAction("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "form", MemberMembers));
    }

    [Fact]
    public async Task RazorPageHandlerParameter_Reports()
    {
        var source = WithDomain(Usings + """
            public class EditModel(AppDb db) : PageModel
            {
                public IActionResult OnPost(Member {|#0:member|})
                {
                    db.Members.Update(member);
                    db.SaveChanges();
                    return RedirectToPage("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "form", MemberMembers));
    }

    [Fact]
    public async Task RazorPageBindProperty_Reports()
    {
        var source = WithDomain(Usings + """
            public class EditModel(AppDb db) : PageModel
            {
                [BindProperty]
                public Member {|#0:Member|} { get; set; } = default!;

                public IActionResult OnPost()
                {
                    db.Members.Update(Member);
                    db.SaveChanges();
                    return RedirectToPage("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("Member", "Member", "form", MemberMembers));
    }

    [Fact]
    public async Task RazorPageBindProperties_Reports()
    {
        var source = WithDomain(Usings + """
            [BindProperties]
            public class CreateModel(AppDb db) : PageModel
            {
                public Member {|#0:Member|} { get; set; } = default!;

                public IActionResult OnPost()
                {
                    db.Members.Add(Member);
                    db.SaveChanges();
                    return RedirectToPage("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("Member", "Member", "form", MemberMembers));
    }

    [Fact]
    public async Task TableAttributeEntity_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("audit")]
            public class AuditController : ControllerBase
            {
                [HttpPost]
                public IActionResult Append(AuditEntry {|#0:entry|}) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("entry", "AuditEntry", "request body", "Sequence, Text"));
    }

    [Fact]
    public async Task KeyAttributeEntity_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("ledgers")]
            public class LedgersController : ControllerBase
            {
                [HttpPut]
                public IActionResult Save(Ledger {|#0:ledger|}) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("ledger", "Ledger", "request body", "Number"));
    }

    [Fact]
    public async Task EntityTypeConfigurationEntity_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("products")]
            public class ProductsController : ControllerBase
            {
                [HttpPut("{id}")]
                public IActionResult Update(int id, Product {|#0:product|}) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("product", "Product", "request body", "Id"));
    }

    [Fact]
    public async Task IdentityUserFromBody_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, AllowAnonymous, Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("register")]
                public IActionResult Register(AppUser {|#0:user|}) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("user", "AppUser", "request body", "IsAdmin, EmailConfirmed, PhoneNumberConfirmed, PasswordHash, SecurityStamp, …"));
    }

    [Fact]
    public async Task DerivedFromEntity_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("employees")]
            public class EmployeesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(Employee {|#0:employee|}) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("employee", "Employee", "request body", MemberMembers));
    }

    [Fact]
    public async Task ListOfEntities_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPost("batch")]
                public IActionResult Import(List<Member> {|#0:members|})
                {
                    db.Members.AddRange(members);
                    db.SaveChanges();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("members", "Member", "request body", MemberMembers));
    }

    [Fact]
    public async Task BindIncludeListOnFromBodyIsIgnored_Reports()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create([FromBody, Bind("DisplayName")] Member {|#0:member|}) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "request body", MemberMembers));
    }

    [Fact]
    public async Task BindNeverOnFromBodyIsIgnored_Reports()
    {
        var source = WithDomain(Usings + """
            public class Note
            {
                [BindNever] public Guid Id { get; set; }
                [BindNever] public Guid OwnerId { get; set; }
                public string Text { get; set; } = "";
            }
            public class NotesDb : DbContext { public DbSet<Note> Notes => Set<Note>(); }

            [ApiController, Route("notes")]
            public class NotesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(Note {|#0:note|}) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("note", "Note", "request body", "Id, OwnerId"));
    }

    [Fact]
    public async Task BindNeverOnSomeSensitiveMembers_Reports()
    {
        var source = WithDomain(Usings + """
            public class Note
            {
                [BindNever] public Guid Id { get; set; }
                public Guid OwnerId { get; set; }
                public string Text { get; set; } = "";
            }
            public class NotesDb : DbContext { public DbSet<Note> Notes => Set<Note>(); }

            public class NotesController : Controller
            {
                [HttpPost]
                public IActionResult Create(Note {|#0:note|}) => View();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("note", "Note", "form", "OwnerId"));
    }

    [Fact]
    public async Task EmptyBindAttribute_Reports()
    {
        var source = WithDomain(Usings + """
            public class MembersController : Controller
            {
                [HttpPost]
                public IActionResult Edit([Bind] Member {|#0:member|}) => View();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("member", "Member", "form", MemberMembers));
    }

    // ------------------------------------------------------------ not reported

    [Fact]
    public async Task RequestModelFromBody_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut("{id}")]
                public async Task<IActionResult> Update(Guid id, UpdateMemberRequest request)
                {
                    var member = await db.Members.SingleAsync(m => m.Id == id);
                    member.DisplayName = request.DisplayName;
                    await db.SaveChangesAsync();
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task LookAlikeModelNotPersisted_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(MemberModel model) => Ok(model.Id);
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task BindIncludeListOnForm_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class MembersController(AppDb db) : Controller
            {
                [HttpPost]
                public IActionResult Create([Bind("DisplayName")] Member member)
                {
                    db.Members.Add(member);
                    db.SaveChanges();
                    return RedirectToAction("Index");
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task BindIncludeListOnEntityType_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [Bind(nameof(Text))]
            public class Note
            {
                public Guid Id { get; set; }
                public string Text { get; set; } = "";
            }
            public class NotesDb : DbContext { public DbSet<Note> Notes => Set<Note>(); }

            public class EditModel : PageModel
            {
                [BindProperty]
                public Note Note { get; set; } = default!;

                public void OnPost() { }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task BindNeverOnEverySensitiveFormMember_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class Note
            {
                [BindNever] public Guid Id { get; set; }
                [BindNever] public Guid OwnerId { get; set; }
                public string Text { get; set; } = "";
            }
            public class NotesDb : DbContext { public DbSet<Note> Notes => Set<Note>(); }

            public class NotesController : Controller
            {
                [HttpPost]
                public IActionResult Create(Note note) => View();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task JsonIgnoreOnEverySensitiveBodyMember_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class Note
            {
                [System.Text.Json.Serialization.JsonIgnore] public Guid Id { get; set; }
                [System.Text.Json.Serialization.JsonIgnore] public Guid OwnerId { get; set; }
                public string Text { get; set; } = "";
            }
            public class NotesDb : DbContext { public DbSet<Note> Notes => Set<Note>(); }

            [ApiController, Route("notes")]
            public class NotesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(Note note) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task EntityFromQuery_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController : ControllerBase
            {
                [HttpGet("search")]
                public IActionResult Search([FromQuery] Member filter) => Ok(filter.DisplayName);
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task EntityFromServices_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("me")]
            public class MeController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get([FromServices] Member current) => Ok(current.DisplayName);
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SimpleParametersAndDbContext_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapDelete("/members/{id}", async (Guid id, AppDb db) =>
                    {
                        var member = await db.Members.FindAsync(id);
                        return Results.Ok(member);
                    });
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task EntityReturnedNotBound_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<ActionResult<Member>> Get(Guid id) => (await db.Members.FindAsync(id))!;
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NonActionMethod_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            [ApiController, Route("members")]
            public class MembersController : ControllerBase
            {
                [NonAction]
                public IActionResult Save(Member member) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NotAnEndpoint_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class MemberService(AppDb db)
            {
                public void Save(Member member)
                {
                    db.Members.Update(member);
                    db.SaveChanges();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task BindPropertyOfRequestModel_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class EditModel : PageModel
            {
                [BindProperty]
                public UpdateMemberRequest Input { get; set; } = default!;

                public void OnPost() { }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task UnboundEntityPropertyOnPage_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            public class DetailsModel : PageModel
            {
                public Member Member { get; set; } = default!;

                public void OnGet() { }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task KeyAttributeFromOtherLibrary_NoDiagnostic()
    {
        var source = WithDomain(Usings + """
            namespace MessagePack { public sealed class KeyAttribute : System.Attribute { public KeyAttribute(int index) { } } }

            public class PackedRequest
            {
                [MessagePack.Key(0)] public string Name { get; set; } = "";
            }

            [ApiController, Route("packed")]
            public class PackedController : ControllerBase
            {
                [HttpPost]
                public IActionResult Post(PackedRequest request) => Ok();
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task WithoutAspNetCore_NoDiagnostic()
    {
        var source = /* lang=c#-test */ """
            public class Member { public int Id { get; set; } public string Role { get; set; } = ""; }

            public class MembersController
            {
                public Member Update(Member member) => member;
            }
            """;
        var test = Verify.CreateTest(source, references: References.Net80);
        await test.RunAsync();
    }

    // ------------------------------------------------------------ static state: the in-memory store of a prototype

    private const string Profiles = /* lang=c#-test */ """

        public class UserProfile
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public decimal Balance { get; set; }
            public string PasswordHash { get; set; } = "";
        }

        public class Note { public string Text { get; set; } = ""; }
        """;

    [Fact]
    public async Task BoundObjectAssignedToStaticField_Reports()
    {
        var source = WithDomain(Usings + Profiles + """
            [ApiController, Route("profile")]
            public class ProfileController : ControllerBase
            {
                private static UserProfile current = new();

                [HttpPost("update")]
                public IActionResult Update([FromBody] UserProfile {|#0:model|})
                {
                    model.Id = current.Id;
                    current = model;
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("model", "UserProfile", "request body", "PasswordHash, Id"));
    }

    [Fact]
    public async Task BoundObjectAddedToStaticList_Reports()
    {
        var source = WithDomain(Usings + Profiles + """
            public static class Routes
            {
                private static readonly List<UserProfile> Profiles = new();

                public static void Map(WebApplication app) =>
                    app.MapPost("/profiles", (UserProfile {|#0:profile|}) =>
                    {
                        Profiles.Add(profile);
                        return Results.Created();
                    });
            }
            """);
        await Verify.VerifyAnalyzerAsync(source, Expected("profile", "UserProfile", "request body", "PasswordHash, Id"));
    }

    [Fact]
    public async Task BoundObjectKeptInInstanceFieldOrLocal_NoDiagnostic()
    {
        var source = WithDomain(Usings + Profiles + """
            [ApiController, Route("profile")]
            public class ProfileController : ControllerBase
            {
                private UserProfile? last;

                [HttpPost("preview")]
                public IActionResult Preview([FromBody] UserProfile model)
                {
                    last = model;
                    var list = new List<UserProfile> { model };
                    list.Add(model);
                    return Ok(list.Count);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task StaticStoreOfTypeWithoutSensitiveMembers_NoDiagnostic()
    {
        var source = WithDomain(Usings + Profiles + """
            [ApiController, Route("notes")]
            public class NotesController : ControllerBase
            {
                private static readonly List<Note> Notes = new();

                [HttpPost]
                public IActionResult Add([FromBody] Note note)
                {
                    Notes.Add(note);
                    return Ok();
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }
}
