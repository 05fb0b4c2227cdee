namespace Invites;

/// <summary>Records security events in the audit table and logs them under one category with a stable event id.</summary>
public sealed class SecurityEvents(InvitesDb db, TimeProvider clock, ILoggerFactory loggerFactory)
{
    public const string Category = "Invites.SecurityEvents";
    public static readonly EventId InviteAccepted = new(4001, nameof(InviteAccepted));
    public static readonly EventId InviteCreationRateLimited = new(4002, nameof(InviteCreationRateLimited));

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public async Task RecordAsync(EventId eventId, Guid? organizationId, Guid? subjectId, string? actorUserId, HttpContext http, CancellationToken ct)
    {
        var sourceIp = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var at = clock.GetUtcNow();
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.NewGuid(), Kind = eventId.Name!, OrganizationId = organizationId, SubjectId = subjectId,
            ActorUserId = actorUserId, SourceIp = sourceIp, At = at,
        });
        await db.SaveChangesAsync(ct);
        _logger.LogWarning(eventId, "Security event {Kind} in organization {OrganizationId} by {ActorUserId} from {SourceIp} at {At}",
            eventId.Name, organizationId, actorUserId, sourceIp, at);
    }
}
