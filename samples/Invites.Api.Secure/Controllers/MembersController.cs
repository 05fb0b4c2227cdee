using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Invites.Controllers;

[ApiController]
[Authorize]
[Route("organizations/{orgId:guid}/members")]
public class MembersController(InvitesDb db, InvitePolicy policy) : ControllerBase
{
    // A DTO with the one field a client may change; Role, OrganizationId and IsActive are not on it.
    [HttpPut("{memberId:guid}")]
    public async Task<IActionResult> Update(Guid orgId, Guid memberId, UpdateMemberRequest request, CancellationToken ct)
    {
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.OrganizationId == orgId, ct);
        if (member is null)
        {
            return NotFound();
        }

        if (!await policy.CanUpdateMemberProfileAsync(User, member, ct))
        {
            return Forbid();
        }

        member.DisplayName = request.DisplayName;
        await db.SaveChangesAsync(ct);
        return Ok(MemberResponse.From(member));
    }
}
