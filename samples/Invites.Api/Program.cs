using System.Text.Json.Serialization;
using Invites;
using Invites.Endpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
// One database per application instance, so test hosts in one process do not share state.
var databaseName = "invites-" + Guid.NewGuid();
builder.Services.AddDbContext<InvitesDb>(options => options.UseInMemoryDatabase(databaseName));
builder.Services.AddSingleton<IInviteMailer, LoggingInviteMailer>();

builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();

builder.Services.AddControllers()
    .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    Seed.Run(scope.ServiceProvider.GetRequiredService<InvitesDb>(), app.Services.GetRequiredService<TimeProvider>());
}

app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapMemberEndpoints();
app.MapPost("/invites/accept", AcceptInviteEndpoint.Handle).RequireAuthorization();

app.Run();

public partial class Program;
