using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Invites;

public static class RateLimits
{
    public const string InviteCreation = "invite-creation";

    /// <summary>Invites sent per organization per window; a burst past it gets 429 and a security event.</summary>
    public const int InvitesPerOrganizationPerWindow = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddInviteRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

            // Partitioned by the organization in the route, so one organization's burst does not block another's.
            options.AddPolicy(InviteCreation, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Request.RouteValues["orgId"]?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = InvitesPerOrganizationPerWindow, Window = Window, QueueLimit = 0 }));

            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var organizationId = Guid.TryParse(http.Request.RouteValues["orgId"]?.ToString(), out var id) ? id : (Guid?)null;
                var events = http.RequestServices.GetRequiredService<SecurityEvents>();
                await events.RecordAsync(SecurityEvents.InviteCreationRateLimited, organizationId, null,
                    http.User.FindFirstValue(ClaimTypes.NameIdentifier), http, ct);
            };
        });
}
