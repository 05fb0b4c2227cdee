using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.Rules;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.MissingPolicyCheckAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

public class SR1001_MissingPolicyCheckTests
{
    /// <summary>Shared domain: an owned Invite, an unowned catalog Product, an EF context and a central policy.</summary>
    internal const string Domain = /* lang=c#-test */ """
        namespace App
        {
            using System;
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public class Invite
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string Email { get; set; } = "";
                public bool Revoked { get; set; }
            }

            public class Product
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
            }

            public class AppDb : DbContext
            {
                public DbSet<Invite> Invites => Set<Invite>();
                public DbSet<Product> Products => Set<Product>();
            }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class AuthorizationPolicyAttribute : Attribute { }

            [AuthorizationPolicy]
            public interface IInvitePolicy
            {
                bool CanRead(ClaimsPrincipal actor, Invite invite);
                Task<bool> CanRevokeAsync(ClaimsPrincipal actor, Invite invite);
                void EnsureCanRead(ClaimsPrincipal actor, Invite invite);
            }
        }
        """;

    private static string WithDomain(string source) => source + "\n" + Domain;

    [Fact]
    public async Task ControllerLoadsOwnedResourceById_Reports()
    {
        var source = WithDomain("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Authorize, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;
                public InvitesController(AppDb db) => _db = db;

                [HttpGet("{inviteId}")]
                public async Task<IActionResult> {|#0:Get|}(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source,
            Verify.Diagnostic("SR1001").WithLocation(0).WithArguments("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task ControllerChecksPolicyBeforeReturning_NoDiagnostic()
    {
        var source = WithDomain("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using App;

            [ApiController, Route("invites")]
            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;
                private readonly IInvitePolicy _policy;
                public InvitesController(AppDb db, IInvitePolicy policy) { _db = db; _policy = policy; }

                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    if (invite is null) return NotFound();
                    if (!_policy.CanRead(User, invite)) return Forbid();
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MinimalApiLambdaRemovesOwnedResource_Reports()
    {
        var source = WithDomain("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using App;

            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    var group = app.MapGroup("/invites").RequireAuthorization();
                    group.MapDelete("/{id}", {|#0:(Guid id, AppDb db)|} =>
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
        await Verify.VerifyAnalyzerAsync(source,
            Verify.Diagnostic("SR1001").WithLocation(0).WithArguments("DELETE /invites/{id}", "deletes", "Invite", "id"));
    }

    [Fact]
    public async Task AuthorizationServiceResultIgnored_Reports()
    {
        var source = WithDomain("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;
                private readonly IAuthorizationService _auth;
                public InvitesController(AppDb db, IAuthorizationService auth) { _db = db; _auth = auth; }

                [HttpGet("{inviteId}")]
                public async Task<IActionResult> {|#0:Get|}(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    await _auth.AuthorizeAsync(User, invite, "Invite.Read");
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source,
            Verify.Diagnostic("SR1001").WithLocation(0).WithArguments("InvitesController.Get", "loads", "Invite", "inviteId"));
    }

    [Fact]
    public async Task AuthorizationServiceResultUsed_NoDiagnostic()
    {
        var source = WithDomain("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using App;

            public class InvitesController : ControllerBase
            {
                private readonly AppDb _db;
                private readonly IAuthorizationService _auth;
                public InvitesController(AppDb db, IAuthorizationService auth) { _db = db; _auth = auth; }

                [HttpGet("{inviteId}")]
                public async Task<IActionResult> Get(Guid inviteId)
                {
                    var invite = await _db.Invites.FindAsync(inviteId);
                    var result = await _auth.AuthorizeAsync(User, invite, "Invite.Read");
                    if (!result.Succeeded) return Forbid();
                    return Ok(invite);
                }
            }
            """);
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoAspNetCoreReference_NoDiagnostic()
    {
        var test = Verify.CreateTest("""
            public class InvitesController
            {
                public object Get(System.Guid inviteId) => inviteId;
            }
            """, references: References.Net80);
        await test.RunAsync();
    }
}
