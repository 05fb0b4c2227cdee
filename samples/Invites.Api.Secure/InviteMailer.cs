using SecureRoutes;

namespace Invites;

/// <summary>Sends the invite link. Replaced by a capturing fake in the security tests.</summary>
public interface IInviteMailer
{
    Task SendInviteAsync(string email, Guid inviteId, [Secret] string token, CancellationToken cancellationToken);
}

public sealed class LoggingInviteMailer(ILogger<LoggingInviteMailer> logger) : IInviteMailer
{
    public Task SendInviteAsync(string email, Guid inviteId, [Secret] string token, CancellationToken cancellationToken)
    {
        // A real mailer puts the link in the e-mail body; the log names the invite, never the token.
        logger.LogInformation("Sent invite {InviteId}", inviteId);
        return Task.CompletedTask;
    }
}
