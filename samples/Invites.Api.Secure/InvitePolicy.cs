using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecureRoutes;

namespace Invites;

/// <summary>
/// The one place that decides who may do what to organizations, members and invites. Every method starts from
/// "deny" and allows only when all of its checks pass. Roles and membership are read from the database, never from
/// the request. Endpoints load the resource, call the matching method and deny before returning or changing it.
/// </summary>
[AuthorizationPolicy]
public sealed class InvitePolicy(InvitesDb db, TimeProvider clock, ILogger<InvitePolicy> logger)
{
    public async Task<bool> CanListMembersAsync(ClaimsPrincipal user, Guid organizationId, CancellationToken ct) =>
        await ActiveMembershipAsync(user, organizationId, nameof(CanListMembersAsync), ct) is not null;

    public async Task<bool> CanListInvitesAsync(ClaimsPrincipal user, Guid organizationId, CancellationToken ct) =>
        await ManagerAsync(user, organizationId, forWrite: false, nameof(CanListInvitesAsync), ct) is not null;

    public async Task<bool> CanViewAuditAsync(ClaimsPrincipal user, Guid organizationId, CancellationToken ct) =>
        await ManagerAsync(user, organizationId, forWrite: false, nameof(CanViewAuditAsync), ct) is not null;

    public async Task<bool> CanReadInviteAsync(ClaimsPrincipal user, Invite invite, CancellationToken ct) =>
        await ManagerAsync(user, invite.OrganizationId, forWrite: false, nameof(CanReadInviteAsync), ct) is not null;

    public async Task<bool> CanCreateInviteAsync(ClaimsPrincipal user, Guid organizationId, OrgRole requestedRole, CancellationToken ct)
    {
        var actor = await ManagerAsync(user, organizationId, forWrite: true, nameof(CanCreateInviteAsync), ct);
        return actor is not null && MayGrant(actor, requestedRole, nameof(CanCreateInviteAsync));
    }

    public async Task<bool> CanResendInviteAsync(ClaimsPrincipal user, Invite invite, CancellationToken ct)
    {
        var actor = await ManagerAsync(user, invite.OrganizationId, forWrite: true, nameof(CanResendInviteAsync), ct);
        if (actor is null || !MayGrant(actor, invite.Role, nameof(CanResendInviteAsync)))
        {
            return false;
        }

        return invite.Revoked || invite.AcceptedAt is not null
            ? Deny(nameof(CanResendInviteAsync), actor.UserId, "invite is revoked or already accepted")
            : true;
    }

    public async Task<bool> CanRevokeInviteAsync(ClaimsPrincipal user, Invite invite, CancellationToken ct)
    {
        var actor = await ManagerAsync(user, invite.OrganizationId, forWrite: false, nameof(CanRevokeInviteAsync), ct);
        return actor is not null && MayGrant(actor, invite.Role, nameof(CanRevokeInviteAsync));
    }

    /// <summary>The invitee is not a member yet: the checks are on the invite and the organization.</summary>
    public async Task<bool> CanAcceptInviteAsync(ClaimsPrincipal user, Invite invite, CancellationToken ct)
    {
        const string op = nameof(CanAcceptInviteAsync);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(userId))
        {
            return Deny(op, null, "no user id");
        }

        if (invite.Revoked)
        {
            return Deny(op, userId, "invite revoked");
        }

        if (invite.AcceptedAt is not null)
        {
            return Deny(op, userId, "invite already accepted");
        }

        if (invite.ExpiresAt <= clock.GetUtcNow())
        {
            return Deny(op, userId, "invite expired");
        }

        if (await BillingSuspendedAsync(invite.OrganizationId, ct))
        {
            return Deny(op, userId, "organization billing suspended");
        }

        if (await db.Members.AnyAsync(m => m.OrganizationId == invite.OrganizationId && m.UserId == userId, ct))
        {
            return Deny(op, userId, "already a member");
        }

        return true;
    }

    public async Task<bool> CanChangeRoleAsync(ClaimsPrincipal user, Member member, OrgRole requestedRole, CancellationToken ct)
    {
        const string op = nameof(CanChangeRoleAsync);
        var actor = await ManagerAsync(user, member.OrganizationId, forWrite: true, op, ct);
        if (actor is null)
        {
            return false;
        }

        if (actor.Id == member.Id)
        {
            return Deny(op, actor.UserId, "actors cannot change their own role");
        }

        // Touching an owner, or making one, takes an owner.
        return MayGrant(actor, requestedRole, op) && MayGrant(actor, member.Role, op);
    }

    public async Task<bool> CanRemoveMemberAsync(ClaimsPrincipal user, Member member, CancellationToken ct)
    {
        var actor = await ManagerAsync(user, member.OrganizationId, forWrite: false, nameof(CanRemoveMemberAsync), ct);
        return actor is not null && MayGrant(actor, member.Role, nameof(CanRemoveMemberAsync));
    }

    /// <summary>A member may edit their own profile; owners and admins may edit anyone's in their organization.</summary>
    public async Task<bool> CanUpdateMemberProfileAsync(ClaimsPrincipal user, Member member, CancellationToken ct)
    {
        var actor = await ActiveMembershipAsync(user, member.OrganizationId, nameof(CanUpdateMemberProfileAsync), ct);
        if (actor is null)
        {
            return false;
        }

        return actor.Id == member.Id || IsManager(actor.Role)
            ? true
            : Deny(nameof(CanUpdateMemberProfileAsync), actor.UserId, "not the member and not an owner or admin");
    }

    private async Task<Member?> ActiveMembershipAsync(ClaimsPrincipal user, Guid organizationId, string op, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(userId))
        {
            return DenyMember(op, null, "no user id");
        }

        var actor = await db.Members.AsNoTracking()
            .FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);
        if (actor is null)
        {
            return DenyMember(op, userId, "not a member of the organization");
        }

        return actor.IsActive ? actor : DenyMember(op, userId, "membership inactive");
    }

    private async Task<Member?> ManagerAsync(ClaimsPrincipal user, Guid organizationId, bool forWrite, string op, CancellationToken ct)
    {
        var actor = await ActiveMembershipAsync(user, organizationId, op, ct);
        if (actor is null)
        {
            return null;
        }

        if (!IsManager(actor.Role))
        {
            return DenyMember(op, actor.UserId, "role is neither owner nor admin");
        }

        if (forWrite && await BillingSuspendedAsync(organizationId, ct))
        {
            return DenyMember(op, actor.UserId, "organization billing suspended");
        }

        return actor;
    }

    private bool MayGrant(Member actor, OrgRole role, string op) =>
        role != OrgRole.Owner || actor.Role == OrgRole.Owner || Deny(op, actor.UserId, "only an owner may grant or change owner");

    private static bool IsManager(OrgRole role) => role is OrgRole.Owner or OrgRole.Admin;

    private async Task<bool> BillingSuspendedAsync(Guid organizationId, CancellationToken ct) =>
        // A missing organization counts as suspended: fail closed.
        await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => (bool?)o.BillingSuspended)
            .FirstOrDefaultAsync(ct) ?? true;

    private bool Deny(string op, string? userId, string reason)
    {
        logger.LogInformation("Policy denied {Operation} for {UserId}: {Reason}", op, userId, reason);
        return false;
    }

    private Member? DenyMember(string op, string? userId, string reason)
    {
        Deny(op, userId, reason);
        return null;
    }
}
