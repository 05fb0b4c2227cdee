using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Invites.Endpoints;

public static class MemberEndpoints
{
    // A MapGroup chain: /organizations/{orgId}; authentication on the group, the decision in InvitePolicy.
    public static void MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var organization = app.MapGroup("/organizations/{orgId:guid}").RequireAuthorization();
        var members = organization.MapGroup("/members");

        members.MapGet("", async (Guid orgId, ClaimsPrincipal user, InvitesDb db, InvitePolicy policy, CancellationToken ct) =>
        {
            if (!await policy.CanListMembersAsync(user, orgId, ct))
            {
                return Results.Forbid();
            }

            var list = await db.Members.AsNoTracking().Where(m => m.OrganizationId == orgId).ToListAsync(ct);
            return Results.Ok(list.Select(MemberResponse.From));
        });

        members.MapPut("/{memberId:guid}/role", async (Guid orgId, Guid memberId, ChangeRoleRequest request, ClaimsPrincipal user,
            InvitesDb db, InvitePolicy policy, CancellationToken ct) =>
        {
            var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.OrganizationId == orgId, ct);
            if (member is null)
            {
                return Results.NotFound();
            }

            if (!await policy.CanChangeRoleAsync(user, member, request.Role, ct))
            {
                return Results.Forbid();
            }

            member.Role = request.Role;
            await db.SaveChangesAsync(ct);
            return Results.Ok(MemberResponse.From(member));
        });

        members.MapDelete("/{memberId:guid}", async (Guid orgId, Guid memberId, ClaimsPrincipal user, InvitesDb db,
            InvitePolicy policy, CancellationToken ct) =>
        {
            var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.OrganizationId == orgId, ct);
            if (member is null)
            {
                return Results.NotFound();
            }

            if (!await policy.CanRemoveMemberAsync(user, member, ct))
            {
                return Results.Forbid();
            }

            db.Members.Remove(member);
            await db.SaveChangesAsync(ct);
            return Results.NoContent();
        });

        organization.MapGet("/audit", async (Guid orgId, ClaimsPrincipal user, InvitesDb db, InvitePolicy policy, CancellationToken ct) =>
        {
            if (!await policy.CanViewAuditAsync(user, orgId, ct))
            {
                return Results.Forbid();
            }

            var events = await db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == orgId).OrderBy(e => e.At).ToListAsync(ct);
            return Results.Ok(events.Select(AuditEventResponse.From));
        });
    }
}
