using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.CodeFixes.Rules;
using SecureRoutes.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = SecureRoutes.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SecureRoutes.Analyzers.Rules.EntityBoundFromRequestAnalyzer,
    SecureRoutes.Analyzers.CodeFixes.Rules.EntityBoundFromRequestCodeFixProvider>;

namespace SecureRoutes.Analyzers.Tests.Rules;

/// <summary>Each test runs the single fix until no diagnostic is left, then Fix All in document, project and solution.</summary>
public class SR2002_EntityBoundFromRequestCodeFixTests
{
    private const string Domain = /* lang=c#-test */ """

        namespace App
        {
            using System;
            using Microsoft.EntityFrameworkCore;

            public enum OrgRole { Member, Admin, Owner }

            public class Member
            {
                public Guid Id { get; set; }
                public Guid OrganizationId { get; set; }
                public string DisplayName { get; set; } = "";
                public OrgRole Role { get; set; }
                public bool IsActive { get; set; } = true;
                public DateTimeOffset? BirthDate { get; set; }
            }

            public class AppDb : DbContext
            {
                public DbSet<Member> Members => Set<Member>();
            }
        }
        """;

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using App;

        """;

    private static Task VerifyFixAsync(string source, string fixedSource) =>
        Verify.VerifyCodeFixAsync(Usings + source + Domain, Usings + fixedSource + Domain, EntityBoundFromRequestCodeFixProvider.IntroduceRequestModelKey);

    [Fact]
    public Task UpdateBySetKey_LoadsTheEntity() => VerifyFixAsync(/* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db) : ControllerBase
        {
            [HttpPut("{memberId}")]
            public async Task<IActionResult> Update(Guid memberId, [FromBody] Member [|member|], CancellationToken ct)
            {
                member.Id = memberId;
                db.Members.Update(member);
                await db.SaveChangesAsync(ct);
                return Ok(member);
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db) : ControllerBase
        {
            [HttpPut("{memberId}")]
            public async Task<IActionResult> Update(Guid memberId, [FromBody] MemberRequest request, CancellationToken ct)
            {
                var member = await db.Members.FindAsync(memberId) ?? throw new KeyNotFoundException("Member not found.");
                member.DisplayName = request.DisplayName;
                member.IsActive = request.IsActive;
                member.BirthDate = request.BirthDate;
                await db.SaveChangesAsync(ct);
                return Ok(member);
            }
        }

        /// <summary>What a client may set on Member (SR2002).</summary>
        public sealed record MemberRequest(string DisplayName, bool IsActive, DateTimeOffset? BirthDate);

        """);

    [Fact]
    public Task CreateInMinimalApi_MapsOntoANewEntity() => VerifyFixAsync(/* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/members", async (Member [|member|], AppDb db) =>
                {
                    db.Members.Add(member);
                    await db.SaveChangesAsync();
                    return Results.Ok(member.Id);
                });
            }
        }
        """, /* lang=c#-test */ """
        public static class Routes
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/members", async (MemberRequest request, AppDb db) =>
                {
                    var member = new Member() { DisplayName = request.DisplayName, IsActive = request.IsActive, BirthDate = request.BirthDate };
                    db.Members.Add(member);
                    await db.SaveChangesAsync();
                    return Results.Ok(member.Id);
                });
            }
        }

        /// <summary>What a client may set on Member (SR2002).</summary>
        public sealed record MemberRequest(string DisplayName, bool IsActive, DateTimeOffset? BirthDate);

        """);

    [Fact]
    public Task ExpressionBodiedAction_BecomesABlock() => VerifyFixAsync(/* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController : ControllerBase
        {
            [HttpPost("preview")]
            public IActionResult Preview(Member [|member|]) => Ok(member.DisplayName);
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController : ControllerBase
        {
            [HttpPost("preview")]
            public IActionResult Preview(MemberRequest request)
            {
                var member = new Member() { DisplayName = request.DisplayName, IsActive = request.IsActive, BirthDate = request.BirthDate };
                return Ok(member.DisplayName);
            }
        }

        /// <summary>What a client may set on Member (SR2002).</summary>
        public sealed record MemberRequest(string DisplayName, bool IsActive, DateTimeOffset? BirthDate);

        """);

    [Fact]
    public Task TwoEndpointsOfOneEntity_ShareOneRecord() => VerifyFixAsync(/* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db) : ControllerBase
        {
            [HttpPost]
            public IActionResult Create(Member [|member|])
            {
                db.Members.Add(member);
                db.SaveChanges();
                return Ok();
            }

            [HttpPut("{id}")]
            public IActionResult Update(Guid id, Member [|member|])
            {
                member.Id = id;
                db.Update(member);
                db.SaveChanges();
                return Ok();
            }
        }
        """, /* lang=c#-test */ """
        [ApiController, Route("members")]
        public class MembersController(AppDb db) : ControllerBase
        {
            [HttpPost]
            public IActionResult Create(MemberRequest request)
            {
                var member = new Member() { DisplayName = request.DisplayName, IsActive = request.IsActive, BirthDate = request.BirthDate };
                db.Members.Add(member);
                db.SaveChanges();
                return Ok();
            }

            [HttpPut("{id}")]
            public IActionResult Update(Guid id, MemberRequest request)
            {
                var member = db.Find<Member>(id) ?? throw new KeyNotFoundException("Member not found.");
                member.DisplayName = request.DisplayName;
                member.IsActive = request.IsActive;
                member.BirthDate = request.BirthDate;
                db.SaveChanges();
                return Ok();
            }
        }

        /// <summary>What a client may set on Member (SR2002).</summary>
        public sealed record MemberRequest(string DisplayName, bool IsActive, DateTimeOffset? BirthDate);

        """);

    [Fact]
    public async Task UpdateWithoutKnownKey_OffersNoFix()
    {
        var source = Usings + /* lang=c#-test */ """
            [ApiController, Route("members")]
            public class MembersController(AppDb db) : ControllerBase
            {
                [HttpPut]
                public IActionResult Update(Member [|member|])
                {
                    db.Members.Update(member);
                    db.SaveChanges();
                    return Ok();
                }
            }
            """ + Domain;
        await Verify.VerifyCodeFixAsync(source, source, EntityBoundFromRequestCodeFixProvider.IntroduceRequestModelKey);
    }

    [Fact]
    public Task ObjectKeptInStaticState_MapsOntoANewObject() => VerifyFixAsync(/* lang=c#-test */ """
        public class UserProfile
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public string PasswordHash { get; set; } = "";
        }

        [ApiController, Route("profile")]
        public class ProfileController : ControllerBase
        {
            private static UserProfile current = new();

            [HttpPost("update")]
            public IActionResult Update([FromBody] UserProfile [|model|])
            {
                model.Id = current.Id;
                current = model;
                return Ok();
            }
        }
        """, /* lang=c#-test */ """
        public class UserProfile
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public string PasswordHash { get; set; } = "";
        }

        [ApiController, Route("profile")]
        public class ProfileController : ControllerBase
        {
            private static UserProfile current = new();

            [HttpPost("update")]
            public IActionResult Update([FromBody] UserProfileRequest request)
            {
                var model = new UserProfile() { Name = request.Name };
                model.Id = current.Id;
                current = model;
                return Ok();
            }
        }

        /// <summary>What a client may set on UserProfile (SR2002).</summary>
        public sealed record UserProfileRequest(string Name);

        """);
}
