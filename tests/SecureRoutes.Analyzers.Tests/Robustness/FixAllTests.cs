using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>
/// Every code fix offered on an insecure input, applied with Fix All per rule and equivalence key, must leave code
/// that compiles without new errors and has fewer diagnostics of that rule. The runner is proved on probe fixers here,
/// so a skip of the SecureRoutes cases (no fixers yet) never hides a broken runner.
/// </summary>
public sealed class FixAllTests
{
    private readonly ITestOutputHelper _output;

    public FixAllTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public async Task EveryFixAll_OnEmbeddedInsecureSource_CompilesAndRemovesItsDiagnostics()
    {
        await RunSecureRoutesFixesAsync(RobustnessProjects.Get(RobustnessProjects.Embedded));
    }

    [SkippableFact]
    public async Task EveryFixAll_OnInsecureInvitesSample_CompilesAndRemovesItsDiagnostics()
    {
        var sample = RobustnessProjects.Names().FirstOrDefault(n => n == "samples/Invites.Api");
        Skip.If(sample is null, "samples/Invites.Api does not exist in this checkout (set SR_SAMPLES_DIR to point at one).");
        await RunSecureRoutesFixesAsync(RobustnessProjects.Get(sample!));
    }

    private async Task RunSecureRoutesFixesAsync(SourceProject project)
    {
        Skip.If(RobustnessEnvironment.CodeFixTypes.Count == 0,
            "FixAllRunner found 0 CodeFixProvider types in SecureRoutes.Analyzers.CodeFixes.dll: no fixer exists yet, so there is nothing to apply. (The runner itself is checked by FixAllRunner_* tests.)");
        Skip.If(RobustnessEnvironment.AnalyzerTypes.Count == 0, RobustnessEnvironment.NoAnalyzersReason);

        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.Full);
        var report = await FixAllRunner.ForSecureRoutes().RunAsync(project, references);
        _output.WriteLine(report.ToString());

        Assert.True(report.Outcomes.Length > 0,
            $"{report.Fixers} fixer(s) found but none offered a fix on {project.Name}: the fixers or the input need a look.\n{report}");
        var failed = report.Outcomes.Where(o => !o.Succeeded).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {report.Outcomes.Length} Fix All runs on {project.Name} failed:\n{report}");
    }

    private const string ProbeSource = """
        using System;

        namespace Probe;

        public static class Chatty
        {
            public static int Run(int x)
            {
                Console.WriteLine("a");
                if (x > 1)
                {
                    Console.WriteLine("b");
                }
                Console.WriteLine("c");
                return x;
            }
        }
        """;

    private static SourceProject ProbeProject => new("probe", ImmutableArray.Create(("/probe/Chatty.cs", ProbeSource)), OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public async Task FixAllRunner_AppliesFixAll_AndChecksTheResult()
    {
        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.BclOnly);
        var runner = new FixAllRunner(ImmutableArray.Create<DiagnosticAnalyzer>(new ConsoleWriteAnalyzer()), ImmutableArray.Create<CodeFixProvider>(new RemoveStatementFixer()));
        var report = await runner.RunAsync(ProbeProject, references);

        var outcome = Assert.Single(report.Outcomes);
        Assert.True(outcome.Succeeded, report.ToString());
        Assert.Equal(3, outcome.DiagnosticsBefore);
        Assert.Equal(3, outcome.OfferedOn);
        Assert.Equal(0, outcome.DiagnosticsAfter);
        Assert.Equal(RemoveStatementFixer.Key, outcome.EquivalenceKey);
    }

    [Fact]
    public async Task FixAllRunner_ReportsNewCompileErrors()
    {
        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.BclOnly);
        var runner = new FixAllRunner(ImmutableArray.Create<DiagnosticAnalyzer>(new ConsoleWriteAnalyzer()), ImmutableArray.Create<CodeFixProvider>(new BreakingFixer()));
        var report = await runner.RunAsync(ProbeProject, references);

        var outcome = Assert.Single(report.Outcomes);
        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.NewErrors, e => e.StartsWith("CS0103", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FixAllRunner_WithNoFixers_ReportsZeroFixersAndNoOutcome()
    {
        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.BclOnly);
        var runner = new FixAllRunner(ImmutableArray.Create<DiagnosticAnalyzer>(new ConsoleWriteAnalyzer()), ImmutableArray<CodeFixProvider>.Empty);
        var report = await runner.RunAsync(ProbeProject, references);
        Assert.Equal(0, report.Fixers);
        Assert.Empty(report.Outcomes);
        Assert.Equal(3, report.DiagnosticsById["PROBE02"]);
    }

    [Fact]
    public void FixerDiscovery_LoadsTheCodeFixAssembly()
    {
        // Zero fixers is a valid state while the rules are being written; every type found must be a real fixer.
        Assert.All(RobustnessEnvironment.CreateCodeFixes(), f => Assert.NotEmpty(f.FixableDiagnosticIds));
    }

#pragma warning disable RS1036, RS1025, RS1026 // test-only probes
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ConsoleWriteAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new("PROBE02", "Console.WriteLine", "Console.WriteLine", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    if (c.Node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WriteLine" } } invocation)
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.GetLocation()));
                    }
                },
                SyntaxKind.InvocationExpression);
        }
    }
#pragma warning restore RS1036, RS1025, RS1026

    private sealed class RemoveStatementFixer : CodeFixProvider
    {
        public const string Key = "PROBE02_Remove";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("PROBE02");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
            var statement = root!.FindNode(context.Span).FirstAncestorOrSelf<ExpressionStatementSyntax>();
            if (statement is null) return;
            context.RegisterCodeFix(
                CodeAction.Create("Remove the call", ct => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!)), Key),
                context.Diagnostics);
        }
    }

    private sealed class BreakingFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("PROBE02");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
            var invocation = root!.FindNode(context.Span).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null) return;
            var broken = SyntaxFactory.ParseExpression("UndefinedLogger()").WithTriviaFrom(invocation);
            context.RegisterCodeFix(
                CodeAction.Create("Call something undefined", ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, broken))), "PROBE02_Break"),
                context.Diagnostics);
        }
    }
}
