using Microsoft.EntityFrameworkCore;

namespace Invites.Endpoints;

public static class MemberEndpoints
{
    // A MapGroup chain: /organizations/{orgId}/members, authorization required on the group and nothing else.
    public static void MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var organization = app.MapGroup("/organizations/{orgId:guid}").RequireAuthorization();
        var members = organization.MapGroup("/members");

        // SR1001: any signed-in user lists any organization's members.
        members.MapGet("", async (Guid orgId, InvitesDb db) =>
            Results.Ok(await db.Members.Where(m => m.OrganizationId == orgId).ToListAsync()));

        // SR2001 (twice): the new role and the caller's role both come from the request body.
        members.MapPut("/{memberId:guid}/role", async (Guid orgId, Guid memberId, ChangeRoleRequest request, InvitesDb db) =>
        {
            var member = await db.Members.FindAsync(memberId);
            if (member is null)
            {
                return Results.NotFound();
            }

            if (request.ActorRole != OrgRole.Owner)
            {
                return Results.Forbid();
            }

            member.Role = request.Role;
            await db.SaveChangesAsync();
            return Results.Ok(member);
        });

        // SR1001: removes any member of any organization.
        members.MapDelete("/{memberId:guid}", async (Guid orgId, Guid memberId, InvitesDb db) =>
        {
            var member = await db.Members.FindAsync(memberId);
            if (member is null)
            {
                return Results.NotFound();
            }

            db.Members.Remove(member);
            await db.SaveChangesAsync();
            return Results.NoContent();
        });
    }
}
