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

    /// <summary>Plain .NET 8 without ASP.NET Core: every rule must stay silent here.</summary>
    public static readonly ReferenceAssemblies Net80 = ReferenceAssemblies.Net.Net80;
}
