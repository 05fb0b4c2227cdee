using System.Net;
using System.Net.Http.Json;

namespace Invites.Tests;

/// <summary>
/// The security suite from the Invites threat model. Each test states one attacker move and asserts the API refuses
/// it, next to a control that shows the legitimate move still works, so a broken endpoint cannot pass by failing
/// everything. Run with -p:SampleUnderTest=Insecure to see which of these the insecure sample fails.
/// </summary>
public sealed class SecuritySuiteTests
{
    [Fact]
    public async Task UserOfOrgA_CannotReadOrgBInvite()
    {
        using var app = new SampleFactory();
        var alice = app.As("alice");

        var viaOrgB = await alice.GetAsync($"/organizations/{SeedIds.OrgB}/invites/{SeedIds.InviteB}");
        var viaOrgA = await alice.GetAsync($"/organizations/{SeedIds.OrgA}/invites/{SeedIds.InviteB}");

        Assert.Contains(viaOrgB.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Contains(viaOrgA.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.DoesNotContain("carol@globex.example", await viaOrgB.Content.ReadAsStringAsync());
        Assert.DoesNotContain("carol@globex.example", await viaOrgA.Content.ReadAsStringAsync());

        // Control: org B's owner reads it.
        var own = await app.As("bob").GetFromJsonAsync<InviteDto>($"/organizations/{SeedIds.OrgB}/invites/{SeedIds.InviteB}");
        Assert.Equal("carol@globex.example", own!.Email);
    }

    [Fact]
    public async Task UserOfOrgA_CannotRemoveOrgBMember()
    {
        using var app = new SampleFactory();

        var response = await app.As("alice").DeleteAsync($"/organizations/{SeedIds.OrgB}/members/{SeedIds.Bob}");

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Contains(await app.As("bob").MembersAsync(SeedIds.OrgB), m => m.UserId == "bob");
    }

    [Fact]
    public async Task Admin_CannotInviteOwner_UnlessOwner()
    {
        using var app = new SampleFactory();

        var byAdmin = await app.As("adam").PostAsJsonAsync($"/organizations/{SeedIds.OrgA}/invites", new { email = "boss@acme.example", role = "Owner" });
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);

        // Control: the owner may, and an admin may invite a plain member.
        var byOwner = await app.As("alice").CreateInviteAsync(SeedIds.OrgA, "boss@acme.example", "Owner");
        Assert.Equal("Owner", byOwner.Role);
        await app.As("adam").CreateInviteAsync(SeedIds.OrgA, "dev@acme.example", "Member");
    }

    [Fact]
    public async Task PolicyDenyPaths_InactiveActor_PlainMember_SuspendedBilling_CannotInvite()
    {
        using var app = new SampleFactory();
        var body = new { email = "x@example.test", role = "Member" };

        var inactiveAdmin = await app.As("ivan").PostAsJsonAsync($"/organizations/{SeedIds.OrgA}/invites", body);
        var plainMember = await app.As("mary").PostAsJsonAsync($"/organizations/{SeedIds.OrgA}/invites", body);
        var suspendedOwner = await app.As("sue").PostAsJsonAsync($"/organizations/{SeedIds.OrgSuspended}/invites", body);

        Assert.Equal(HttpStatusCode.Forbidden, inactiveAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, plainMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, suspendedOwner.StatusCode);
        Assert.Empty(app.Mailer.Sent);
    }

    [Fact]
    public async Task ValidInvite_CanBeAccepted()
    {
        // Control for the two refusal tests below: acceptance itself works.
        using var app = new SampleFactory();
        var invite = await app.As("alice").CreateInviteAsync(SeedIds.OrgA, "newbie@acme.example", "Admin");

        var response = await app.As("newbie").AcceptAsync(app.Mailer.TokenFor(invite.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var newbie = Assert.Single(await app.As("alice").MembersAsync(SeedIds.OrgA), m => m.UserId == "newbie");
        Assert.Equal("Admin", newbie.Role);
    }

    [Fact]
    public async Task RevokedInvite_CannotBeAccepted()
    {
        using var app = new SampleFactory();
        var alice = app.As("alice");
        var invite = await alice.CreateInviteAsync(SeedIds.OrgA, "newbie@acme.example");
        var revoke = await alice.PostAsync($"/organizations/{SeedIds.OrgA}/invites/{invite.Id}/revoke", null);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var response = await app.As("newbie").AcceptAsync(app.Mailer.TokenFor(invite.Id));

        Assert.False(response.IsSuccessStatusCode, $"accepting a revoked invite returned {response.StatusCode}");
        Assert.DoesNotContain(await alice.MembersAsync(SeedIds.OrgA), m => m.UserId == "newbie");
    }

    [Fact]
    public async Task ExpiredInvite_CannotBeAccepted()
    {
        using var app = new SampleFactory();
        var invite = await app.As("alice").CreateInviteAsync(SeedIds.OrgA, "newbie@acme.example");
        app.Clock.Advance(TimeSpan.FromDays(8));

        var response = await app.As("newbie").AcceptAsync(app.Mailer.TokenFor(invite.Id));

        Assert.False(response.IsSuccessStatusCode, $"accepting an expired invite returned {response.StatusCode}");
        Assert.DoesNotContain(await app.As("alice").MembersAsync(SeedIds.OrgA), m => m.UserId == "newbie");
    }

    [Fact]
    public async Task RoleClaimedInChangeRoleRequest_IsIgnored()
    {
        using var app = new SampleFactory();

        // An admin claims to be the owner in the body to make someone an owner.
        var response = await app.As("adam").PutAsJsonAsync(
            $"/organizations/{SeedIds.OrgA}/members/{SeedIds.Mary}/role", new { role = "Owner", actorRole = "Owner" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Member", (await app.As("alice").MembersAsync(SeedIds.OrgA)).Single(m => m.UserId == "mary").Role);

        // Control: the same admin may make her an admin.
        var promote = await app.As("adam").PutAsJsonAsync($"/organizations/{SeedIds.OrgA}/members/{SeedIds.Mary}/role", new { role = "Admin" });
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal("Admin", (await app.As("alice").MembersAsync(SeedIds.OrgA)).Single(m => m.UserId == "mary").Role);
    }

    [Fact]
    public async Task RoleSentInProfileUpdate_IsIgnored()
    {
        using var app = new SampleFactory();

        // A plain member edits her profile and slips a role (and everything else of the entity) into the body.
        var response = await app.As("mary").PutAsJsonAsync($"/organizations/{SeedIds.OrgA}/members/{SeedIds.Mary}", new
        {
            id = SeedIds.Mary, organizationId = SeedIds.OrgA, userId = "mary", displayName = "Mary Q", role = "Owner", isActive = true,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mary = (await app.As("alice").MembersAsync(SeedIds.OrgA)).Single(m => m.UserId == "mary");
        Assert.Equal("Mary Q", mary.DisplayName);
        Assert.Equal("Member", mary.Role);
    }

    [Fact]
    public async Task InviteToken_NeverAppearsInLogs()
    {
        using var app = new SampleFactory();
        var alice = app.As("alice");
        var invite = await alice.CreateInviteAsync(SeedIds.OrgA, "newbie@acme.example");
        var resend = await alice.PostAsync($"/organizations/{SeedIds.OrgA}/invites/{invite.Id}/resend", null);
        Assert.Equal(HttpStatusCode.NoContent, resend.StatusCode);
        var accept = await app.As("newbie").AcceptAsync(app.Mailer.TokenFor(invite.Id));
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);

        var tokens = app.Mailer.Sent.Select(s => s.Token).Distinct().ToList();
        Assert.NotEmpty(tokens);
        Assert.NotEmpty(app.Logs.Entries);
        foreach (var entry in app.Logs.Entries)
        {
            foreach (var token in tokens)
            {
                Assert.False(entry.Message.Contains(token, StringComparison.OrdinalIgnoreCase) || entry.State.Contains(token, StringComparison.OrdinalIgnoreCase),
                    $"token logged by {entry.Category}: {entry.Message}");
            }
        }
    }

    [Fact]
    public async Task InviteAcceptance_IsAudited()
    {
        using var app = new SampleFactory();
        var invite = await app.As("alice").CreateInviteAsync(SeedIds.OrgA, "newbie@acme.example");
        app.Clock.Advance(TimeSpan.FromHours(1));
        var acceptedAt = app.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await app.As("newbie").AcceptAsync(app.Mailer.TokenFor(invite.Id))).StatusCode);

        var response = await app.As("alice").GetAsync($"/organizations/{SeedIds.OrgA}/audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single((await response.Content.ReadFromJsonAsync<List<AuditDto>>())!, e => e.Kind == "InviteAccepted");
        Assert.Equal("newbie", audit.ActorUserId);
        Assert.Equal(acceptedAt, audit.At);
        Assert.False(string.IsNullOrEmpty(audit.SourceIp));
    }

    [Fact]
    public async Task InviteCreationBurst_Returns429_AndEmitsSecurityEvent()
    {
        using var app = new SampleFactory();
        var alice = app.As("alice");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            var response = await alice.PostAsJsonAsync($"/organizations/{SeedIds.OrgA}/invites", new { email = $"burst{i}@acme.example", role = "Member" });
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Contains(HttpStatusCode.Created, statuses);
        Assert.Contains(app.Logs.Entries, e => e.EventId.Name == "InviteCreationRateLimited");

        // The limit is per organization: org B is not throttled by org A's burst.
        await app.As("bob").CreateInviteAsync(SeedIds.OrgB, "new@globex.example");
    }
}
