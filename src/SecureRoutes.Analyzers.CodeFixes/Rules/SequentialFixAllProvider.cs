using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fix All in document, project or solution that applies the fixes one after the other, each on the solution the
/// previous ones left, instead of merging independent fixes as BatchFixer does (which drops edits of the same text as
/// conflicts, and cannot let a later fix reuse what an earlier one declared). Documents are fixed in the order of their
/// projects, so what one creates (a policy class, a request record) is seen by the next.
/// </summary>
internal sealed class SequentialFixAllProvider : FixAllProvider
{
    /// <summary>Fixes one diagnostic in <paramref name="document"/>; <paramref name="node"/> is its marked node as it stands now.</summary>
    public delegate Task<Document> FixOneAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken);

    /// <summary>Fixes all the diagnostics in scope, given document by document.</summary>
    public delegate Task<Solution> FixTogetherAsync(Solution solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> diagnostics, string equivalenceKey, CancellationToken cancellationToken);

    private readonly string? _defaultKey;
    private readonly IReadOnlyDictionary<string, string> _titles;
    private readonly FixTogetherAsync _fix;

    /// <summary>
    /// In each document: marks the node <paramref name="find"/> returns for each diagnostic on the original tree (one
    /// fix per node), then fixes the marks one by one, in source order or, with <paramref name="fromEnd"/>, from the end
    /// of the file backwards, each on the document the previous fixes left.
    /// </summary>
    /// <param name="defaultKey">The equivalence key when the context has none.</param>
    /// <param name="titles">The Fix All title of each equivalence key; no Fix All for another key.</param>
    public SequentialFixAllProvider(string? defaultKey, IReadOnlyDictionary<string, string> titles,
        Func<SyntaxNode, Diagnostic, SyntaxNode?> find, bool fromEnd, FixOneAsync fix)
        : this(defaultKey, titles, (solution, diagnostics, key, ct) => FixEachAsync(solution, diagnostics, key, find, fromEnd, fix, ct))
    {
    }

    /// <summary>For fixers that apply all their fixes themselves: this provider only gathers the diagnostics of the scope.</summary>
    public SequentialFixAllProvider(string? defaultKey, IReadOnlyDictionary<string, string> titles, FixTogetherAsync fix)
    {
        _defaultKey = defaultKey;
        _titles = titles;
        _fix = fix;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var key = fixAllContext.CodeActionEquivalenceKey ?? _defaultKey;
        if (key is null || !_titles.TryGetValue(key, out var title)) return null;
        var diagnostics = await DiagnosticsAsync(fixAllContext).ConfigureAwait(false);
        if (diagnostics.Count == 0) return null;
        return CodeAction.Create(title, ct => _fix(fixAllContext.Solution, diagnostics, key, ct), key);
    }

    /// <summary>The diagnostics of the scope, by document, in the order of the projects' documents.</summary>
    private static async Task<List<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)>> DiagnosticsAsync(FixAllContext context)
    {
        var result = new List<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)>();
        if (context.Scope == FixAllScope.Document)
        {
            if (context.Document is { } document)
            {
                var diagnostics = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (!diagnostics.IsEmpty) result.Add((document.Id, diagnostics));
            }
            return result;
        }
        var projects = context.Scope == FixAllScope.Solution ? context.Solution.Projects : new[] { context.Project };
        foreach (var project in projects)
        {
            var all = await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            var byDocument = all.ToLookup(d => project.GetDocument(d.Location.SourceTree)?.Id);
            foreach (var id in project.DocumentIds)
            {
                if (byDocument.Contains(id)) result.Add((id, byDocument[id].ToImmutableArray()));
            }
        }
        return result;
    }

    private static async Task<Solution> FixEachAsync(Solution solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> diagnostics,
        string key, Func<SyntaxNode, Diagnostic, SyntaxNode?> find, bool fromEnd, FixOneAsync fix, CancellationToken cancellationToken)
    {
        foreach (var (id, ofDocument) in diagnostics)
        {
            var root = solution.GetDocument(id) is { } document ? await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) : null;
            if (root is null) continue;
            var marks = new List<(SyntaxAnnotation Mark, Diagnostic Diagnostic)>();
            var nodes = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            var ordered = fromEnd
                ? ofDocument.OrderByDescending(d => d.Location.SourceSpan.Start)
                : ofDocument.OrderBy(d => d.Location.SourceSpan.Start);
            foreach (var diagnostic in ordered)
            {
                var node = find(root, diagnostic);
                if (node is null || nodes.ContainsKey(node)) continue;
                var mark = new SyntaxAnnotation();
                nodes[node] = mark;
                marks.Add((mark, diagnostic));
            }
            solution = solution.WithDocumentSyntaxRoot(id, root.ReplaceNodes(nodes.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(nodes[original])));
            foreach (var (mark, diagnostic) in marks)
            {
                var current = solution.GetDocument(id)!;
                var node = (await current.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))?.GetAnnotatedNodes(mark).FirstOrDefault();
                if (node is null) continue;
                solution = (await fix(current, node, diagnostic, key, cancellationToken).ConfigureAwait(false)).Project.Solution;
            }
        }
        return solution;
    }
}
