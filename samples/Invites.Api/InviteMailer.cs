namespace Invites;

/// <summary>Sends the invite link. Replaced by a capturing fake in the security tests.</summary>
public interface IInviteMailer
{
    Task SendInviteAsync(string email, Guid inviteId, string token, CancellationToken cancellationToken);
}

public sealed class LoggingInviteMailer(ILogger<LoggingInviteMailer> logger) : IInviteMailer
{
    public Task SendInviteAsync(string email, Guid inviteId, string token, CancellationToken cancellationToken)
    {
        logger.LogInformation("Sending invite link https://invites.example/accept?token={Token} to {Email}", token, email);
        return Task.CompletedTask;
    }
}
