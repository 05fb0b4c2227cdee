using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;

namespace SecureRoutes.Analyzers.Tests.Verifiers;

/// <summary>One catalog of reference assemblies for every test (one entry per supported ASP.NET Core major version).</summary>
public static class References
{
    /// <summary>.NET 8 + ASP.NET Core 8 (the SDK floor the package supports).</summary>
    public static readonly ReferenceAssemblies AspNetCore80 =
        new ReferenceAssemblies("net8.0", new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"), Path.Combine("ref", "net8.0"))
            .AddPackages(ImmutableArray.Create(new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.0")));

    /// <summary>ASP.NET Core 8 + EF Core 8 (DbContext, DbSet, EntityFrameworkQueryableExtensions).</summary>
    public static readonly ReferenceAssemblies AspNetCore80WithEf =
        AspNetCore80.AddPackages(ImmutableArray.Create(
            new PackageIdentity("Microsoft.EntityFrameworkCore", "8.0.0")));

    /// <summary>
    /// ASP.NET Core 8 (with Microsoft.Extensions.Logging) + Serilog, NLog, log4net, data classification and JWT types:
    /// every sink and secret type SR3001 knows (data classification is declared in the test sources: its package needs an ObjectPool version the registry does not serve).
    /// </summary>
    public static readonly ReferenceAssemblies AspNetCore80WithLogging =
        AspNetCore80.AddPackages(ImmutableArray.Create(
            new PackageIdentity("Serilog", "4.0.0"),
            new PackageIdentity("NLog", "5.3.4"),
            new PackageIdentity("log4net", "3.5.0"),
            new PackageIdentity("System.IdentityModel.Tokens.Jwt", "7.5.0"),
            new PackageIdentity("Microsoft.IdentityModel.Tokens", "7.5.0")));

    /// <summary>Plain .NET 8 without ASP.NET Core: every rule must stay silent here.</summary>
    public static readonly ReferenceAssemblies Net80 = ReferenceAssemblies.Net.Net80;
}
