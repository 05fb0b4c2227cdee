using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>
/// Checks the robustness harness itself, independent of which SecureRoutes rules exist: the inputs are valid to start
/// with, the mutations are deterministic, and an analyzer that throws is caught (so a green robustness run means the
/// rules did not throw, not that the harness could not see it).
/// </summary>
public sealed class HarnessSelfTests
{
    [Fact]
    public async Task EmbeddedSources_CompileWithoutErrors_AgainstFullReferences()
    {
        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.Full);
        foreach (var symbols in new[] { ImmutableArray<string>.Empty, EmbeddedSources.Symbols })
        {
            var compilation = AnalyzerHarness.Compile(EmbeddedSources.All, references, OutputKind.DynamicallyLinkedLibrary, symbols);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"symbols [{string.Join(",", symbols)}]:\n" + string.Join("\n", errors));
        }
    }

    [Fact]
    public void Variants_AreDeterministic()
    {
        var project = RobustnessProjects.Get(RobustnessProjects.Embedded);
        foreach (var kind in Enum.GetValues<Mutation>())
        {
            var first = RobustnessVariants.For(kind, project).Select(v => v.Description + string.Concat(v.Files.Select(f => f.Text))).ToList();
            var second = RobustnessVariants.For(kind, project).Select(v => v.Description + string.Concat(v.Files.Select(f => f.Text))).ToList();
            Assert.NotEmpty(first);
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public async Task Harness_ReportsAnalyzerExceptions_AndFileTimes()
    {
        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.Full);
        var compilation = AnalyzerHarness.Compile(EmbeddedSources.All, references, OutputKind.DynamicallyLinkedLibrary);
        var outcome = await AnalyzerHarness.AnalyzeAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()), concurrent: false, perFile: true, CancellationToken.None);
        Assert.Contains(outcome.Exceptions, e => e.Contains(nameof(ThrowingAnalyzer), StringComparison.Ordinal) && e.Contains("robustness probe", StringComparison.Ordinal));
        Assert.Equal(EmbeddedSources.All.Length, outcome.FileTimes.Length);
    }

    [Fact]
    public void AnalyzerDiscovery_FindsTheAnalyzerAssembly()
    {
        // Zero analyzers is a valid state while the rules are being written; the assembly itself must load.
        Assert.Equal("SecureRoutes.Analyzers", typeof(RuleIds).Assembly.GetName().Name);
        Assert.All(RobustnessEnvironment.AnalyzerTypes, t => Assert.True(typeof(DiagnosticAnalyzer).IsAssignableFrom(t)));
    }

#pragma warning disable RS1036, RS1025, RS1026 // test-only probe
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("PROBE01", "probe", "probe", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(
                c => throw new InvalidOperationException("robustness probe: thrown on purpose"),
                Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression);
        }
    }
#pragma warning restore RS1036, RS1025, RS1026
}
