using SecureRoutes;

namespace Invites;

public record CreateInviteRequest(string Email, OrgRole Role);

public record ChangeRoleRequest(OrgRole Role, OrgRole ActorRole);

public record AcceptInviteRequest([property: Secret] string Token);
