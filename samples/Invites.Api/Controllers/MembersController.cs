using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Invites.Controllers;

[ApiController]
[Authorize]
[Route("organizations/{orgId:guid}/members")]
public class MembersController(InvitesDb db) : ControllerBase
{
    // SR2002: the persisted entity is bound from the body, so a client can overwrite Role, OrganizationId, IsActive.
    // SR1001: and nobody checks that the caller may change this member.
    [HttpPut("{memberId:guid}")]
    public async Task<IActionResult> Update(Guid orgId, Guid memberId, [FromBody] Member member, CancellationToken ct)
    {
        member.Id = memberId;
        db.Members.Update(member);
        await db.SaveChangesAsync(ct);
        return Ok(member);
    }
}
