using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Invites.Endpoints;

// A plain minimal-API endpoint with a method-group handler: POST /invites/accept.
public static class AcceptInviteEndpoint
{
    public static async Task<IResult> Handle(AcceptInviteRequest request, ClaimsPrincipal user, HttpContext http, InvitesDb db,
        InvitePolicy policy, SecurityEvents securityEvents, TimeProvider clock, ILogger<InvitesDb> logger, CancellationToken ct)
    {
        // Looked up by the token's hash: the token is never stored, compared or logged in clear.
        var tokenHash = InviteTokens.Hash(request.Token);
        var invite = await db.Invites.FirstOrDefaultAsync(i => i.TokenHash == tokenHash, ct);
        if (invite is null)
        {
            return Results.NotFound();
        }

        // Revoked, expired, already accepted, billing suspended, already a member: all denied here.
        if (!await policy.CanAcceptInviteAsync(user, invite, ct))
        {
            return Results.Forbid();
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        invite.AcceptedAt = clock.GetUtcNow();
        invite.AcceptedByUserId = userId;
        // The role comes from the persisted invite, which the policy checked when it was created.
        var member = new Member
        {
            Id = Guid.NewGuid(), OrganizationId = invite.OrganizationId, UserId = userId, DisplayName = userId, Role = invite.Role,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync(ct);

        await securityEvents.RecordAsync(SecurityEvents.InviteAccepted, invite.OrganizationId, invite.Id, userId, http, ct);
        logger.LogInformation("Invite {InviteId} accepted", invite.Id);
        return Results.Ok(MemberResponse.From(member));
    }
}
