using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>The result of one Fix All (one fixer, one diagnostic id, one equivalence key, solution scope).</summary>
public sealed record FixAllOutcome(
    string Fixer,
    string DiagnosticId,
    string? EquivalenceKey,
    string? Title,
    int DiagnosticsBefore,
    int OfferedOn,
    int DiagnosticsAfter,
    ImmutableArray<string> NewErrors,
    string? Failure)
{
    /// <summary>No failure, no new compile error, and every diagnostic the action was offered on is gone.</summary>
    public bool Succeeded => Failure is null && NewErrors.IsEmpty && OfferedOn > 0 && DiagnosticsAfter <= DiagnosticsBefore - OfferedOn;

    public override string ToString() =>
        $"{Fixer} {DiagnosticId} key={EquivalenceKey ?? "(none)"} \"{Title}\": offered on {OfferedOn} of {DiagnosticsBefore}, {DiagnosticsAfter} left after Fix All"
        + (NewErrors.IsEmpty ? "" : $", {NewErrors.Length} new error(s): {string.Join(" | ", NewErrors.Take(5))}")
        + (Failure is null ? "" : $", FAILED: {Failure}");
}

/// <summary>What a <see cref="FixAllRunner"/> run saw and did.</summary>
public sealed record FixAllReport(
    int Fixers,
    int Analyzers,
    ImmutableSortedDictionary<string, int> DiagnosticsById,
    ImmutableArray<string> FixableIdsWithoutDiagnostics,
    ImmutableArray<FixAllOutcome> Outcomes)
{
    public override string ToString() =>
        $"{Fixers} fixer(s), {Analyzers} analyzer(s); diagnostics: {(DiagnosticsById.IsEmpty ? "none" : string.Join(", ", DiagnosticsById.Select(kv => $"{kv.Key}={kv.Value}")))}"
        + (FixableIdsWithoutDiagnostics.IsEmpty ? "" : $"; fixable ids with no diagnostic on this input: {string.Join(", ", FixableIdsWithoutDiagnostics)}")
        + "\n" + string.Join("\n", Outcomes.Select(o => "  " + o));
}

/// <summary>
/// Applies every code fix the given fixers offer on a project, one Fix All (solution scope) per fixer, diagnostic id
/// and equivalence key, each from the original solution, and checks the result: it must still compile without new
/// errors, and fewer diagnostics of that id must remain. Works on an <see cref="AdhocWorkspace"/>; the fixers are
/// normally every <see cref="CodeFixProvider"/> in SecureRoutes.Analyzers.CodeFixes.dll, found by reflection.
/// </summary>
public sealed class FixAllRunner
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly ImmutableArray<CodeFixProvider> _fixers;

    public FixAllRunner(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers)
    {
        _analyzers = analyzers;
        _fixers = fixers;
    }

    public static FixAllRunner ForSecureRoutes() =>
        new(RobustnessEnvironment.CreateAnalyzers(), RobustnessEnvironment.CreateCodeFixes());

    public async Task<FixAllReport> RunAsync(SourceProject source, ImmutableArray<MetadataReference> references, CancellationToken cancellationToken = default)
    {
        using var workspace = new AdhocWorkspace();
        var solution = CreateSolution(workspace, source, references, out var projectId);

        var beforeErrors = await ErrorsAsync(solution.GetProject(projectId)!, cancellationToken);
        var diagnostics = _analyzers.IsEmpty ? ImmutableArray<Diagnostic>.Empty : await AnalyzeAsync(solution.GetProject(projectId)!, cancellationToken);
        var byId = diagnostics.GroupBy(d => d.Id).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var outcomes = ImmutableArray.CreateBuilder<FixAllOutcome>();
        var idle = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var fixer in _fixers)
        {
            foreach (var id in fixer.FixableDiagnosticIds.Distinct())
            {
                var ofId = diagnostics.Where(d => d.Id == id && d.Location.IsInSource).ToList();
                if (ofId.Count == 0)
                {
                    idle.Add(id);
                    continue;
                }
                foreach (var (key, title, anchor, offered) in await ActionsAsync(solution, fixer, ofId, cancellationToken))
                {
                    outcomes.Add(await FixAllAsync(solution, projectId, fixer, id, key, title, anchor, ofId.Count, offered, beforeErrors, cancellationToken));
                }
            }
        }
        return new FixAllReport(_fixers.Length, _analyzers.Length, byId, idle.ToImmutableArray(), outcomes.ToImmutable());
    }

    private static Solution CreateSolution(AdhocWorkspace workspace, SourceProject source, ImmutableArray<MetadataReference> references, out ProjectId projectId)
    {
        projectId = ProjectId.CreateNewId(source.Name);
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            name: "FixAll",
            assemblyName: "FixAll",
            language: LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(source.OutputKind, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: RobustnessEnvironment.ParseOptions,
            metadataReferences: references));
        foreach (var (path, text) in source.Files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, path), Path.GetFileName(path), SourceText.From(text, System.Text.Encoding.UTF8), filePath: path);
        }
        return solution;
    }

    /// <summary>
    /// The distinct actions (by equivalence key) the fixer offers on the diagnostics of one id, leaf actions of nested
    /// ones included, with the number of diagnostics each is offered on.
    /// </summary>
    private static async Task<List<(string? Key, string Title, Diagnostic Anchor, int Offered)>> ActionsAsync(Solution solution, CodeFixProvider fixer, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var found = new List<(string? Key, string Title, Diagnostic Anchor, int Offered)>();
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null) continue;
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await fixer.RegisterCodeFixesAsync(context);
            foreach (var key in actions.SelectMany(Flatten).Select(a => (a.EquivalenceKey, a.Title)).DistinctBy(a => a.EquivalenceKey))
            {
                var index = found.FindIndex(f => f.Key == key.EquivalenceKey);
                if (index < 0) found.Add((key.EquivalenceKey, key.Title, diagnostic, 1));
                else found[index] = found[index] with { Offered = found[index].Offered + 1 };
            }
        }
        return found;

        static IEnumerable<CodeAction> Flatten(CodeAction action)
        {
            var nested = Nested(action);
            return nested.IsDefaultOrEmpty ? new[] { action } : nested.SelectMany(Flatten);
        }
    }

    /// <summary>Nested actions: public as NestedActions from Roslyn 4.9 on, internal NestedCodeActions in 4.8 (our floor).</summary>
    private static ImmutableArray<CodeAction> Nested(CodeAction action)
    {
        const System.Reflection.BindingFlags flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        var property = typeof(CodeAction).GetProperty("NestedActions", flags) ?? typeof(CodeAction).GetProperty("NestedCodeActions", flags);
        return property?.GetValue(action) is ImmutableArray<CodeAction> nested ? nested : ImmutableArray<CodeAction>.Empty;
    }

    private async Task<FixAllOutcome> FixAllAsync(Solution solution, ProjectId projectId, CodeFixProvider fixer, string id, string? key, string title, Diagnostic anchor, int before, int offered, ImmutableArray<string> beforeErrors, CancellationToken cancellationToken)
    {
        var name = fixer.GetType().Name;
        try
        {
            var provider = fixer.GetFixAllProvider();
            if (provider is null)
            {
                return new FixAllOutcome(name, id, key, title, before, offered, before, ImmutableArray<string>.Empty, "GetFixAllProvider() returned null");
            }
            var document = solution.GetDocument(anchor.Location.SourceTree)!;
            var context = new FixAllContext(document, fixer, FixAllScope.Solution, key, new[] { id }, new DiagnosticProvider(this), cancellationToken);
            var action = await provider.GetFixAsync(context);
            if (action is null)
            {
                return new FixAllOutcome(name, id, key, title, before, offered, before, ImmutableArray<string>.Empty, "the Fix All provider returned no action");
            }
            var changed = solution;
            foreach (var operation in await action.GetOperationsAsync(cancellationToken))
            {
                if (operation is ApplyChangesOperation apply) changed = apply.ChangedSolution;
            }
            if (changed == solution)
            {
                return new FixAllOutcome(name, id, key, title, before, offered, before, ImmutableArray<string>.Empty, "Fix All changed nothing");
            }

            var project = changed.GetProject(projectId)!;
            var afterErrors = await ErrorsAsync(project, cancellationToken);
            var remaining = (await AnalyzeAsync(project, cancellationToken)).Count(d => d.Id == id);
            return new FixAllOutcome(name, id, key, title, before, offered, remaining, NewItems(beforeErrors, afterErrors), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new FixAllOutcome(name, id, key, title, before, offered, before, ImmutableArray<string>.Empty, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>Errors as "id: message" (no location, since a fix moves code); the multiset difference is what the fix introduced.</summary>
    private static async Task<ImmutableArray<string>> ErrorsAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken);
        return compilation!.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToImmutableArray();
    }

    private static ImmutableArray<string> NewItems(ImmutableArray<string> before, ImmutableArray<string> after)
    {
        var counts = before.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        var added = ImmutableArray.CreateBuilder<string>();
        foreach (var error in after)
        {
            if (counts.TryGetValue(error, out var n) && n > 0) counts[error] = n - 1;
            else added.Add(error);
        }
        return added.ToImmutable();
    }

    private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken);
        var exceptions = new List<Exception>();
        var withAnalyzers = compilation!.WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions, (ex, _, _) => { lock (exceptions) exceptions.Add(ex); }, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
        if (exceptions.Count > 0) throw new AggregateException("analyzer exception while running the fixes", exceptions);
        return diagnostics;
    }

    /// <summary>Gives the Fix All provider the current diagnostics of the requested ids.</summary>
    private sealed class DiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly FixAllRunner _runner;

        public DiagnosticProvider(FixAllRunner runner) => _runner = runner;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return (await _runner.AnalyzeAsync(document.Project, cancellationToken)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            (await _runner.AnalyzeAsync(project, cancellationToken)).Where(d => !d.Location.IsInSource);

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await _runner.AnalyzeAsync(project, cancellationToken);
    }
}
