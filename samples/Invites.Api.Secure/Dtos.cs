using SecureRoutes;

namespace Invites;

// Requests: no entity is bound from the body, and no field says who the caller is or what role the caller has.

/// <param name="Role">The role the inviter asks for; only ever passed INTO the policy as requestedRole.</param>
public record CreateInviteRequest(string Email, OrgRole Role);

/// <param name="Role">The requested new role; checked by the policy against the actor's persisted role.</param>
public record ChangeRoleRequest(OrgRole Role);

public record UpdateMemberRequest(string DisplayName);

public record AcceptInviteRequest([property: Secret] string Token)
{
    // Keep the token out of ToString, so a stray {@Request} or $"{request}" cannot leak it.
    public override string ToString() => "AcceptInviteRequest { Token = *** }";
}

// Responses: what a client may see. Never the token, never its hash.

public record InviteResponse(Guid Id, Guid OrganizationId, string Email, OrgRole Role, string Status, DateTimeOffset ExpiresAt)
{
    public static InviteResponse From(Invite invite, DateTimeOffset now) => new(
        invite.Id, invite.OrganizationId, invite.Email, invite.Role,
        invite.Revoked ? "Revoked" : invite.AcceptedAt is not null ? "Accepted" : invite.ExpiresAt <= now ? "Expired" : "Pending",
        invite.ExpiresAt);
}

public record MemberResponse(Guid Id, Guid OrganizationId, string UserId, string DisplayName, OrgRole Role, bool IsActive)
{
    public static MemberResponse From(Member m) => new(m.Id, m.OrganizationId, m.UserId, m.DisplayName, m.Role, m.IsActive);
}

public record AuditEventResponse(string Kind, Guid? SubjectId, string? ActorUserId, string? SourceIp, DateTimeOffset At)
{
    public static AuditEventResponse From(AuditEvent e) => new(e.Kind, e.SubjectId, e.ActorUserId, e.SourceIp, e.At);
}
