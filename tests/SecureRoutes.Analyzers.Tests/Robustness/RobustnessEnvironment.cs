using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
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
/// sets, and the base seed.
/// </summary>
public static class RobustnessEnvironment
{
    /// <summary>Override with SR_ROBUSTNESS_SEED to replay or explore; every case seed derives from it.</summary>
    public static int BaseSeed { get; } = int.TryParse(Environment.GetEnvironmentVariable("SR_ROBUSTNESS_SEED"), out var seed) ? seed : 20240611;

    /// <summary>Seeds per (mutation kind, project); SR_ROBUSTNESS_ITERATIONS raises it for a longer local run.</summary>
    public static int Iterations { get; } = int.TryParse(Environment.GetEnvironmentVariable("SR_ROBUSTNESS_ITERATIONS"), out var n) && n > 0 ? n : 6;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Parse);

    /// <summary>The test catalog's ASP.NET Core 8 + EF Core 8 set, plus EF Core InMemory (the samples use it) and Serilog.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> FullSet = new(() => References.AspNetCore80WithEf
        .AddRange(References.Package("Microsoft.EntityFrameworkCore.InMemory", "8.0.30", "lib/net8.0"))
        .AddRange(References.Package("Serilog", "4.0.0", "lib/net8.0")));

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

    /// <summary>
    /// The references of one set, from the test project's downloaded packages (see Verifiers/References.cs). Async
    /// so that callers do not change if a set ever needs resolving again.
    /// </summary>
    public static Task<ImmutableArray<MetadataReference>> ReferencesAsync(ReferenceSet set, CancellationToken cancellationToken = default) =>
        Task.FromResult(set switch
        {
            ReferenceSet.Full => FullSet.Value,
            ReferenceSet.AspNetOnly => References.AspNetCore80,
            ReferenceSet.BclOnly => References.Net80,
            _ => ImmutableArray<MetadataReference>.Empty,
        });

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
