using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>What one analysis run produced.</summary>
public sealed record AnalysisOutcome(
    ImmutableArray<Diagnostic> AnalyzerDiagnostics,
    ImmutableArray<Diagnostic> CompilerErrors,
    ImmutableArray<string> Exceptions,
    ImmutableArray<(string File, TimeSpan Time)> FileTimes);

/// <summary>
/// Runs analyzers the way the IDE does (per file: syntax, then semantic) and then the way the build does (the whole
/// compilation, including compilation-end actions), collecting every analyzer exception both through the
/// <c>onAnalyzerException</c> callback and as AD0001 diagnostics.
/// </summary>
public static class AnalyzerHarness
{
    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> files, ImmutableArray<MetadataReference> references, OutputKind outputKind, IEnumerable<string>? preprocessorSymbols = null)
    {
        var parseOptions = RobustnessEnvironment.ParseOptions.WithPreprocessorSymbols(preprocessorSymbols ?? Array.Empty<string>());
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, f.Path));
        return CSharpCompilation.Create(
            "Robustness",
            trees,
            references,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
    }

    public static async Task<AnalysisOutcome> AnalyzeAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        bool concurrent,
        bool perFile,
        CancellationToken cancellationToken,
        bool includeCompilerDiagnostics = false)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name} threw {exception}");
                }
            },
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);

        var times = ImmutableArray.CreateBuilder<(string, TimeSpan)>();
        if (perFile)
        {
            foreach (var tree in withAnalyzers.Compilation.SyntaxTrees)
            {
                var watch = Stopwatch.StartNew();
                await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken);
                var model = withAnalyzers.Compilation.GetSemanticModel(tree);
                await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken);
                times.Add((tree.FilePath, watch.Elapsed));
            }
        }

        // Compiler diagnostics cost a second full bind; only callers that compare errors ask for them.
        var all = includeCompilerDiagnostics
            ? await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken)
            : await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
        foreach (var diagnostic in all.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            exceptions.Add(diagnostic.ToString());
        }
        var analyzerIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
        return new AnalysisOutcome(
            all.Where(d => analyzerIds.Contains(d.Id)).ToImmutableArray(),
            all.Where(d => d.Severity == DiagnosticSeverity.Error && !analyzerIds.Contains(d.Id)).ToImmutableArray(),
            exceptions.Distinct().ToImmutableArray(),
            times.ToImmutable());
    }

    /// <summary>A stable, location-and-message form of diagnostics, for comparing two runs.</summary>
    public static ImmutableArray<string> Normalize(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().Span} {d.Severity} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} [{string.Join(";", d.AdditionalLocations.Select(l => l.SourceSpan.ToString()))}] {string.Join(";", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToImmutableArray();
}
