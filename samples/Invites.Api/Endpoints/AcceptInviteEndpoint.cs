using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Invites.Endpoints;

// A plain minimal-API endpoint with a method-group handler: POST /invites/accept.
public static class AcceptInviteEndpoint
{
    public static async Task<IResult> Handle(
        AcceptInviteRequest request, ClaimsPrincipal user, InvitesDb db, TimeProvider clock, ILogger<InvitesDb> logger)
    {
        // SR3001: the record's compiler-generated ToString prints the token.
        logger.LogInformation("Accepting invite {@Request}", request);

        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Token == request.Token);
        if (invite is null || invite.AcceptedAt is not null)
        {
            return Results.NotFound();
        }

        // Forgotten: revoked and expired invites are accepted too.
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        invite.AcceptedAt = clock.GetUtcNow();
        invite.AcceptedByUserId = userId;
        var member = new Member
        {
            Id = Guid.NewGuid(), OrganizationId = invite.OrganizationId, UserId = userId, DisplayName = userId, Role = invite.Role,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return Results.Ok(member);
    }
}
