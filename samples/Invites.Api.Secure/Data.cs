using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Invites;

public enum OrgRole { Member, Admin, Owner }

public class Organization
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public bool BillingSuspended { get; set; }
}

public class Member
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string UserId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public OrgRole Role { get; set; }
    public bool IsActive { get; set; } = true;
}

public class Invite
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Email { get; set; } = "";
    public OrgRole Role { get; set; }

    /// <summary>SHA-256 of the token: the token itself is only ever in the invite e-mail.</summary>
    public string TokenHash { get; set; } = "";
    public string InvitedByUserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? AcceptedByUserId { get; set; }
}

/// <summary>Security-relevant events: invite acceptance, rate-limit rejections.</summary>
public class AuditEvent
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = "";
    public Guid? OrganizationId { get; set; }
    public Guid? SubjectId { get; set; }
    public string? ActorUserId { get; set; }
    public string? SourceIp { get; set; }
    public DateTimeOffset At { get; set; }
}

public class InvitesDb(DbContextOptions<InvitesDb> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Invite> Invites => Set<Invite>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
}

public static class InviteTokens
{
    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>One-way: what is stored and compared, so a database read never yields a usable token.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>Fixed seed data: the same ids and users in both samples, so one security suite runs against either.</summary>
public static class Seed
{
    public static readonly Guid OrgA = Guid.Parse("a0000000-0000-0000-0000-00000000000a");
    public static readonly Guid OrgB = Guid.Parse("b0000000-0000-0000-0000-00000000000b");
    public static readonly Guid OrgSuspended = Guid.Parse("c0000000-0000-0000-0000-00000000000c");
    public static readonly Guid InviteB = Guid.Parse("b1000000-0000-0000-0000-0000000000b1");

    public static void Run(InvitesDb db, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        db.Organizations.AddRange(
            new Organization { Id = OrgA, Name = "Acme" },
            new Organization { Id = OrgB, Name = "Globex" },
            new Organization { Id = OrgSuspended, Name = "Initech", BillingSuspended = true });
        db.Members.AddRange(
            NewMember(1, OrgA, "alice", OrgRole.Owner),
            NewMember(2, OrgA, "adam", OrgRole.Admin),
            NewMember(3, OrgA, "mary", OrgRole.Member),
            NewMember(4, OrgA, "ivan", OrgRole.Admin, active: false),
            NewMember(5, OrgB, "bob", OrgRole.Owner),
            NewMember(6, OrgSuspended, "sue", OrgRole.Owner));
        db.Invites.Add(new Invite
        {
            Id = InviteB, OrganizationId = OrgB, Email = "carol@globex.example", Role = OrgRole.Member,
            TokenHash = InviteTokens.Hash("seeded-globex-token"), InvitedByUserId = "bob", CreatedAt = now, ExpiresAt = now.AddDays(7),
        });
        db.SaveChanges();
    }

    public static Guid MemberId(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    private static Member NewMember(int n, Guid org, string userId, OrgRole role, bool active = true) =>
        new() { Id = MemberId(n), OrganizationId = org, UserId = userId, DisplayName = userId, Role = role, IsActive = active };
}
