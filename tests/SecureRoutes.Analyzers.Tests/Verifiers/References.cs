using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SecureRoutes.Analyzers.Tests.Verifiers;

/// <summary>
/// One catalog of reference sets for every test (one entry per supported ASP.NET Core major version). The packages are
/// downloaded by the test project's restore (PackageDownload items in the .csproj) and read from the NuGet packages
/// folder here; add a package there first, then a set here.
/// </summary>
public static class References
{
    private static readonly string PackageRoot = typeof(References).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;

    /// <summary>.NET 8 base class library only: every rule must stay silent here.</summary>
    public static readonly ImmutableArray<MetadataReference> Net80 = Package("Microsoft.NETCore.App.Ref", "8.0.0", "ref/net8.0");

    /// <summary>.NET 8 + ASP.NET Core 8 (the SDK floor the package supports).</summary>
    public static readonly ImmutableArray<MetadataReference> AspNetCore80 =
        Net80.AddRange(Package("Microsoft.AspNetCore.App.Ref", "8.0.0", "ref/net8.0"));

    /// <summary>ASP.NET Core 8 + EF Core 8 (DbContext, DbSet, EntityFrameworkQueryableExtensions).</summary>
    public static readonly ImmutableArray<MetadataReference> AspNetCore80WithEf = AspNetCore80
        .AddRange(Package("Microsoft.EntityFrameworkCore", "8.0.30", "lib/net8.0"))
        .AddRange(Package("Microsoft.EntityFrameworkCore.Abstractions", "8.0.30", "lib/net8.0"))
        .AddRange(Package("Microsoft.EntityFrameworkCore.Relational", "8.0.30", "lib/net8.0"));

    /// <summary>
    /// ASP.NET Core 8 (with Microsoft.Extensions.Logging) + Serilog, NLog, log4net and JWT types: every sink and secret
    /// type SR3001 knows (data classification is declared in the test sources: its package needs an ObjectPool version
    /// the registry does not serve).
    /// </summary>
    public static readonly ImmutableArray<MetadataReference> AspNetCore80WithLogging = AspNetCore80
        .AddRange(Package("Serilog", "4.0.0", "lib/net8.0"))
        .AddRange(Package("NLog", "5.3.4", "lib/netstandard2.0"))
        .AddRange(Package("log4net", "3.5.0", "lib/netstandard2.0"))
        .AddRange(Package("System.IdentityModel.Tokens.Jwt", "7.5.0", "lib/net8.0"))
        .AddRange(Package("Microsoft.IdentityModel.Tokens", "7.5.0", "lib/net8.0"))
        .AddRange(Package("Microsoft.IdentityModel.JsonWebTokens", "7.5.0", "lib/net8.0"))
        .AddRange(Package("Microsoft.IdentityModel.Abstractions", "7.5.0", "lib/net8.0"))
        .AddRange(Package("Microsoft.IdentityModel.Logging", "7.5.0", "lib/net8.0"));

    /// <summary>ASP.NET Core 8 + EF Core 8 + AutoMapper 14 (IMapper.Map), for the mapper cases of SR2001. Identity ships in ASP.NET Core's shared framework.</summary>
    public static readonly ImmutableArray<MetadataReference> AspNetCore80WithEfAndAutoMapper = AspNetCore80WithEf
        .AddRange(Package("AutoMapper", "14.0.0", "lib/net8.0"));

    /// <summary>Every assembly in one folder of a downloaded package.</summary>
    public static ImmutableArray<MetadataReference> Package(string id, string version, string folder)
    {
        var directory = Path.Combine(PackageRoot, id.ToLowerInvariant(), version, folder);
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Package folder {directory} is missing: add <PackageDownload Include=\"{id}\" Version=\"[{version}]\" /> to the test project.");
        }
        return Directory.GetFiles(directory, "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
