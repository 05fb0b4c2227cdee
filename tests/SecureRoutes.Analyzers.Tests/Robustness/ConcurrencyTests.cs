using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>
/// Analyzers are reused across compilations by the IDE and run on several threads by the compiler: they must give the
/// same diagnostics with concurrent execution on and off, the same on a second compilation with the same instances,
/// and keep no mutable state in static fields (or, for analyzer types, in instance fields).
/// </summary>
public sealed class ConcurrencyTests
{
    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var name in RobustnessProjects.Names()) data.Add(name);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Projects))]
    public async Task Diagnostics_AreIdentical_WithConcurrentExecutionOnAndOff(string project)
    {
        Skip.If(RobustnessEnvironment.AnalyzerTypes.Count == 0, RobustnessEnvironment.NoAnalyzersReason);
        var source = RobustnessProjects.Get(project);
        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.Full);

        // The intact project (with and without its #if symbols) and a few broken variants of it.
        var inputs = new List<(string Description, ImmutableArray<(string Path, string Text)> Files, ImmutableArray<string> Symbols)>
        {
            ("intact", source.Files, ImmutableArray<string>.Empty),
            ("intact, symbols on", source.Files, source.Name == RobustnessProjects.Embedded ? EmbeddedSources.Symbols : ImmutableArray.Create("DEBUG")),
        };
        inputs.AddRange(RobustnessVariants.For(Mutation.DeleteTokens, source).Take(2).Select(v => (v.Description + $" (seed {v.Seed})", v.Files, v.Symbols)));

        var shared = RobustnessEnvironment.CreateAnalyzers();
        var failures = new List<string>();
        foreach (var (description, files, symbols) in inputs)
        {
            var compilation = AnalyzerHarness.Compile(files, references, source.OutputKind, symbols);
            var sequential = await AnalyzerHarness.AnalyzeAsync(compilation, shared, concurrent: false, perFile: false, CancellationToken.None);
            var concurrent = await AnalyzerHarness.AnalyzeAsync(compilation, shared, concurrent: true, perFile: false, CancellationToken.None);
            // Same instances, a new compilation of the same text: nothing may leak from the previous one.
            var again = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile(files, references, source.OutputKind, symbols), shared, concurrent: true, perFile: true, CancellationToken.None);
            var fresh = await AnalyzerHarness.AnalyzeAsync(compilation, RobustnessEnvironment.CreateAnalyzers(), concurrent: true, perFile: false, CancellationToken.None);

            var expected = AnalyzerHarness.Normalize(sequential.AnalyzerDiagnostics);
            Compare("concurrent on vs off", expected, AnalyzerHarness.Normalize(concurrent.AnalyzerDiagnostics));
            Compare("second compilation, same analyzer instances (per-file then whole)", expected, AnalyzerHarness.Normalize(again.AnalyzerDiagnostics));
            Compare("fresh analyzer instances", expected, AnalyzerHarness.Normalize(fresh.AnalyzerDiagnostics));
            failures.AddRange(sequential.Exceptions.Concat(concurrent.Exceptions).Concat(again.Exceptions).Concat(fresh.Exceptions).Select(e => $"{description}: analyzer exception: {e}"));

            void Compare(string what, ImmutableArray<string> left, ImmutableArray<string> right)
            {
                if (left.SequenceEqual(right)) return;
                failures.Add($"{description}: {what} differ\n  only in sequential: {string.Join("\n    ", left.Except(right))}\n  only in the other:  {string.Join("\n    ", right.Except(left))}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>
    /// Fields accepted after review, with the reason ("Namespace.Type.field" → why it cannot leak or grow). Keep it
    /// short: prefer ImmutableHashSet/ImmutableArray for constant tables and per-compilation objects for caches.
    /// </summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void AnalyzerAssemblies_HaveNoMutableStaticState()
    {
        var assemblies = new[] { typeof(RuleIds).Assembly, Assembly.Load("SecureRoutes.Analyzers.CodeFixes") };
        var problems = new List<string>();
        var checkedFields = 0;
        foreach (var type in assemblies.SelectMany(AllTypes))
        {
            if (IsCompilerGenerated(type)) continue;
            var isAnalyzer = typeof(DiagnosticAnalyzer).IsAssignableFrom(type);
            var flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly | BindingFlags.Static | (isAnalyzer ? BindingFlags.Instance : 0);
            foreach (var field in type.GetFields(flags))
            {
                if (field.IsLiteral) continue;
                checkedFields++;
                var where = $"{type.FullName}.{field.Name} ({(field.IsStatic ? "static" : "analyzer instance")} {field.FieldType.Name})";
                if (Allowed.ContainsKey($"{type.FullName}.{field.Name}")) continue;
                if (!field.IsInitOnly)
                {
                    problems.Add($"{where} is not readonly");
                }
                else if (IsMutableCollection(field.FieldType))
                {
                    problems.Add($"{where} is a mutable collection");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} field(s) of {checkedFields} hold state that outlives a compilation:\n" + string.Join("\n", problems)
            + "\nKeep per-compilation state in objects created in RegisterCompilationStartAction (or a ConditionalWeakTable keyed by the Compilation).");
    }

    [Fact]
    public void MutableCollectionCheck_RecognisesTheShapes()
    {
        Assert.True(IsMutableCollection(typeof(Dictionary<string, int>)));
        Assert.True(IsMutableCollection(typeof(List<ISymbol>)));
        Assert.True(IsMutableCollection(typeof(System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>)));
        Assert.True(IsMutableCollection(typeof(HashSet<string>)));
        Assert.False(IsMutableCollection(typeof(ImmutableArray<DiagnosticDescriptor>)));
        Assert.False(IsMutableCollection(typeof(ImmutableHashSet<string>)));
        Assert.False(IsMutableCollection(typeof(DiagnosticDescriptor)));
        Assert.False(IsMutableCollection(typeof(string)));
        Assert.False(IsMutableCollection(typeof(string[])));
        Assert.False(IsMutableCollection(typeof(IReadOnlyList<string>)));
        Assert.False(IsMutableCollection(typeof(ConditionalWeakTable<Compilation, object>)));
    }

    private static IEnumerable<Type> AllTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }

    private static bool IsCompilerGenerated(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)) return true;
        }
        return false;
    }

    /// <summary>
    /// A collection that can grow or change through the field's own type. Allowed: immutable collections,
    /// DiagnosticDescriptor, strings, arrays (fixed size; used as constant tables), read-only interfaces, and
    /// ConditionalWeakTable (the sanctioned per-compilation cache: it does not keep a compilation alive).
    /// </summary>
    internal static bool IsMutableCollection(Type type)
    {
        if (type == typeof(string) || type.IsArray || type == typeof(DiagnosticDescriptor)) return false;
        if (type.Namespace == "System.Collections.Immutable") return false;
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(ConditionalWeakTable<,>)
                || definition == typeof(IReadOnlyList<>)
                || definition == typeof(IReadOnlyCollection<>)
                || definition == typeof(IReadOnlyDictionary<,>)
                || definition == typeof(IEnumerable<>))
            {
                return false;
            }
        }
        return typeof(IEnumerable).IsAssignableFrom(type);
    }
}
