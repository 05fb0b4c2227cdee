using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SecureRoutes.Analyzers.Tests.Verifiers;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>Which reference set a robustness case compiles against.</summary>
public enum ReferenceSet
{
    /// <summary>.NET 8 + ASP.NET Core 8 + EF Core 8 (+ InMemory) + Serilog: what the sources were written for.</summary>
    Full,

    /// <summary>.NET 8 and ASP.NET Core 8, no EF Core and no Serilog.</summary>
    AspNetOnly,

    /// <summary>Plain .NET 8: every ASP.NET Core type is unresolved.</summary>
    BclOnly,

    /// <summary>No references at all, not even System.Object.</summary>
    None,
}

/// <summary>
/// Shared state of the robustness tests: the SecureRoutes analyzers and code fixes found by reflection, the reference
/// sets (resolved once, one at a time, and checked for completeness), and the base seed.
/// </summary>
public static class RobustnessEnvironment
{
    /// <summary>Override with SR_ROBUSTNESS_SEED to replay or explore; every case seed derives from it.</summary>
    public static int BaseSeed { get; } = int.TryParse(Environment.GetEnvironmentVariable("SR_ROBUSTNESS_SEED"), out var seed) ? seed : 20240611;

    /// <summary>Seeds per (mutation kind, project); SR_ROBUSTNESS_ITERATIONS raises it for a longer local run.</summary>
    public static int Iterations { get; } = int.TryParse(Environment.GetEnvironmentVariable("SR_ROBUSTNESS_ITERATIONS"), out var n) && n > 0 ? n : 10;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Parse);

    // A new instance per attempt: ReferenceAssemblies memoizes its resolution, so a retry needs a fresh one.
    private static ReferenceAssemblies FullSet() => References.AspNetCore80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Microsoft.EntityFrameworkCore", "8.0.30"),
        new PackageIdentity("Microsoft.EntityFrameworkCore.InMemory", "8.0.30"),
        new PackageIdentity("Serilog", "4.4.0")));

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<ReferenceSet, ImmutableArray<MetadataReference>> Cache = new();

    /// <summary>Every concrete <see cref="DiagnosticAnalyzer"/> in SecureRoutes.Analyzers.dll with a public parameterless constructor.</summary>
    public static IReadOnlyList<Type> AnalyzerTypes { get; } = ConcreteTypes(typeof(RuleIds).Assembly, typeof(DiagnosticAnalyzer));

    /// <summary>Every concrete <see cref="CodeFixProvider"/> in SecureRoutes.Analyzers.CodeFixes.dll.</summary>
    public static IReadOnlyList<Type> CodeFixTypes { get; } = ConcreteTypes(Assembly.Load("SecureRoutes.Analyzers.CodeFixes"), typeof(CodeFixProvider));

    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() =>
        AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CreateCodeFixes() =>
        CodeFixTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToImmutableArray();

    public static string NoAnalyzersReason =>
        $"SecureRoutes.Analyzers.dll ({typeof(RuleIds).Assembly.Location}) contains no DiagnosticAnalyzer yet: there is nothing to run.";

    internal static IReadOnlyList<Type> ConcreteTypes(Assembly assembly, Type baseType)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
        }
        return types
            .Where(t => t is not null && !t.IsAbstract && baseType.IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => t!)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
    }

    public static async Task<ImmutableArray<MetadataReference>> ReferencesAsync(ReferenceSet set, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (Cache.TryGetValue(set, out var cached)) return cached;
            var (assemblies, mustContain) = set switch
            {
                ReferenceSet.Full => ((Func<ReferenceAssemblies>?)FullSet, new[] { "System.Runtime", "Microsoft.AspNetCore.Mvc.Core", "Microsoft.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.InMemory", "Serilog" }),
                ReferenceSet.AspNetOnly => (() => References.AspNetCore80.AddPackages(ImmutableArray<PackageIdentity>.Empty), new[] { "System.Runtime", "Microsoft.AspNetCore.Mvc.Core" }),
                ReferenceSet.BclOnly => (() => References.Net80.AddPackages(ImmutableArray<PackageIdentity>.Empty), new[] { "System.Runtime" }),
                _ => (null, Array.Empty<string>()),
            };
            var result = ImmutableArray<MetadataReference>.Empty;
            if (assemblies is not null)
            {
                // A first download that races another test's download can come back incomplete; check and retry.
                for (var attempt = 1; ; attempt++)
                {
                    result = await assemblies().ResolveAsync(LanguageNames.CSharp, cancellationToken);
                    var names = result.Select(r => Path.GetFileNameWithoutExtension(r.Display ?? "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    var missing = mustContain.Where(m => !names.Contains(m)).ToList();
                    if (missing.Count == 0) break;
                    if (attempt == 3) throw new InvalidOperationException($"Reference set {set} is missing {string.Join(", ", missing)} after {attempt} attempts; resolved: {string.Join(", ", names.OrderBy(n => n))}");
                    await Task.Delay(2000, cancellationToken);
                }
            }
            Cache[set] = result;
            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A stable 32-bit FNV-1a hash, so a case's seed is the same in every process (string.GetHashCode is not).</summary>
    public static int CaseSeed(params object[] parts)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var part in parts)
            {
                foreach (var c in Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture) ?? "")
                {
                    hash = (hash ^ c) * 16777619u;
                }
                hash = (hash ^ '|') * 16777619u;
            }
            return (int)(hash & 0x7FFFFFFF);
        }
    }

    /// <summary>The repository root (the folder holding SecureRoutes.Analyzers.sln), or null.</summary>
    public static string? RepoRoot { get; } = FindRepoRoot();

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureRoutes.Analyzers.sln"))) return dir.FullName;
        }
        return null;
    }
}
