using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using SecureRoutes;

namespace Invites.Controllers;

// Every action: load the resource scoped to the route's organization, ask InvitePolicy, deny before use.
[ApiController]
[Authorize]
[Route("organizations/{orgId:guid}/invites")]
public class InvitesController(InvitesDb db, InvitePolicy policy, IInviteMailer mailer, TimeProvider clock, ILogger<InvitesController> logger)
    : ControllerBase
{
    [HttpPost]
    [HighRisk]
    [EnableRateLimiting(RateLimits.InviteCreation)]
    public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request, CancellationToken ct)
    {
        if (!await policy.CanCreateInviteAsync(User, orgId, request.Role, ct))
        {
            return Forbid();
        }

        var now = clock.GetUtcNow();
        var token = InviteTokens.NewToken();
        var invite = new Invite
        {
            Id = Guid.NewGuid(),
            OrganizationId = orgId,
            Email = request.Email,
            Role = request.Role,
            TokenHash = InviteTokens.Hash(token),
            InvitedByUserId = User.FindFirstValue(ClaimTypes.NameIdentifier)!,
            CreatedAt = now,
            ExpiresAt = now.AddDays(7),
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);

        logger.LogInformation("Created invite {InviteId} in organization {OrganizationId}", invite.Id, orgId);
        await mailer.SendInviteAsync(invite.Email, invite.Id, token, ct);
        return CreatedAtAction(nameof(Get), new { orgId, inviteId = invite.Id }, InviteResponse.From(invite, now));
    }

    [HttpGet]
    public async Task<IActionResult> List(Guid orgId, CancellationToken ct)
    {
        if (!await policy.CanListInvitesAsync(User, orgId, ct))
        {
            return Forbid();
        }

        var now = clock.GetUtcNow();
        var invites = await db.Invites.AsNoTracking().Where(i => i.OrganizationId == orgId).ToListAsync(ct);
        return Ok(invites.Select(i => InviteResponse.From(i, now)));
    }

    [HttpGet("{inviteId:guid}")]
    public async Task<IActionResult> Get(Guid orgId, Guid inviteId, CancellationToken ct)
    {
        var invite = await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.Id == inviteId && i.OrganizationId == orgId, ct);
        if (invite is null)
        {
            return NotFound();
        }

        if (!await policy.CanReadInviteAsync(User, invite, ct))
        {
            return Forbid();
        }

        return Ok(InviteResponse.From(invite, clock.GetUtcNow()));
    }

    /// <summary>Issues a fresh token (the old one stops working) and extends the expiry.</summary>
    [HttpPost("{inviteId:guid}/resend")]
    [HighRisk]
    [EnableRateLimiting(RateLimits.InviteCreation)]
    public async Task<IActionResult> Resend(Guid orgId, Guid inviteId, CancellationToken ct)
    {
        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Id == inviteId && i.OrganizationId == orgId, ct);
        if (invite is null)
        {
            return NotFound();
        }

        if (!await policy.CanResendInviteAsync(User, invite, ct))
        {
            return Forbid();
        }

        var token = InviteTokens.NewToken();
        invite.TokenHash = InviteTokens.Hash(token);
        invite.ExpiresAt = clock.GetUtcNow().AddDays(7);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Resent invite {InviteId}", invite.Id);
        await mailer.SendInviteAsync(invite.Email, invite.Id, token, ct);
        return NoContent();
    }

    [HttpPost("{inviteId:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid orgId, Guid inviteId, CancellationToken ct)
    {
        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Id == inviteId && i.OrganizationId == orgId, ct);
        if (invite is null)
        {
            return NotFound();
        }

        if (!await policy.CanRevokeInviteAsync(User, invite, ct))
        {
            return Forbid();
        }

        invite.Revoked = true;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Revoked invite {InviteId}", invite.Id);
        return NoContent();
    }
}
