using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecureRoutes;

namespace Invites.Controllers;

// INSECURE on purpose: every action trusts [Authorize] alone.
[ApiController]
[Authorize]
[Route("organizations/{orgId:guid}/invites")]
public class InvitesController(InvitesDb db, IInviteMailer mailer, TimeProvider clock, ILogger<InvitesController> logger)
    : ControllerBase
{
    private readonly ILogger<InvitesController> _logger = logger;

    // SR2001: the role comes from the body and is stored as is. No rate limit on a high-risk operation.
    [HttpPost]
    [HighRisk]
    public async Task<IActionResult> Create(Guid orgId, CreateInviteRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var invite = new Invite
        {
            Id = Guid.NewGuid(),
            OrganizationId = orgId,
            Email = request.Email,
            Role = request.Role,
            Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            InvitedByUserId = User.FindFirstValue(ClaimTypes.NameIdentifier)!,
            CreatedAt = now,
            ExpiresAt = now.AddDays(7),
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);

        // SR3001: the token is a bearer credential for joining the organization.
        _logger.LogInformation("Created invite {Token}", invite.Token);
        await mailer.SendInviteAsync(invite.Email, invite.Id, invite.Token, ct);
        return CreatedAtAction(nameof(Get), new { orgId, inviteId = invite.Id }, invite);
    }

    // SR1001: lists another organization's invites for anyone signed in.
    [HttpGet]
    public async Task<IActionResult> List(Guid orgId, CancellationToken ct) =>
        Ok(await db.Invites.Where(i => i.OrganizationId == orgId).ToListAsync(ct));

    // SR1001: loads by id and returns it; neither the route's organization nor the caller is checked.
    [HttpGet("{inviteId:guid}")]
    public async Task<IActionResult> Get(Guid inviteId)
    {
        var invite = await db.Invites.FindAsync(inviteId);
        if (invite is null)
        {
            return NotFound();
        }

        return Ok(invite);
    }

    // SR1002: the decision is made inline, from a global role and the inviter id.
    [HttpPost("{inviteId:guid}/resend")]
    public async Task<IActionResult> Resend(Guid inviteId, CancellationToken ct)
    {
        var invite = await db.Invites.FindAsync([inviteId], ct);
        if (invite is null)
        {
            return NotFound();
        }

        var currentUserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!User.IsInRole("Admin") && invite.InvitedByUserId != currentUserId)
        {
            return Forbid();
        }

        invite.ExpiresAt = clock.GetUtcNow().AddDays(7);
        await db.SaveChangesAsync(ct);
        _logger.LogInformation($"Resent invite {invite.Id} with token {invite.Token}");
        await mailer.SendInviteAsync(invite.Email, invite.Id, invite.Token, ct);
        return NoContent();
    }

    // SR1001: anyone signed in can revoke any invite.
    [HttpPost("{inviteId:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid inviteId, CancellationToken ct)
    {
        var invite = await db.Invites.FindAsync([inviteId], ct);
        if (invite is null)
        {
            return NotFound();
        }

        invite.Revoked = true;
        await db.SaveChangesAsync(ct);
        return NoContent();
    }
}
