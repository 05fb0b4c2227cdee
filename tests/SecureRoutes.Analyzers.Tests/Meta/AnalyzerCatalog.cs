using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureRoutes.Analyzers.Tests.Meta;

/// <summary>Every analyzer and code fix the package exports, found by reflection (new rules are picked up automatically).</summary>
internal static class AnalyzerCatalog
{
    public static readonly Assembly AnalyzerAssembly = typeof(Descriptors).Assembly;
    public static readonly Assembly CodeFixAssembly = typeof(SecureRoutes.Analyzers.CodeFixes.AssemblyMarker).Assembly;

    public static ImmutableArray<Type> AnalyzerTypes { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.FullName)
        .ToImmutableArray();

    public static ImmutableArray<Type> CodeFixTypes { get; } = CodeFixAssembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.FullName)
        .ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id)
        .ToImmutableArray();

    public static IEnumerable<object[]> DescriptorData() => Descriptors.Select(d => new object[] { d.Id });

    public static DiagnosticDescriptor Descriptor(string id) => Descriptors.Single(d => d.Id == id);
}
