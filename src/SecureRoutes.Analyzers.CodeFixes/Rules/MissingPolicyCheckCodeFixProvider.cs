using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>
/// SR1001 "Add policy check": rewrites the endpoint into the policy-function pattern. It calls the project's central
/// policy (a type or method marked <c>[AuthorizationPolicy]</c> or configured in <c>secure_routes.policy_types</c>) when
/// one has a method that fits the resource, and <c>IAuthorizationService.AuthorizeAsync</c> otherwise, right after the
/// resource is loaded (or first, with the id as resource), denying with <c>Forbid()</c> / <c>Results.Forbid()</c> or a
/// throw. Fix All uses a custom provider: fixes in one class share the injected field or parameter.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingPolicyCheckCodeFixProvider)), Shared]
public sealed class MissingPolicyCheckCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key of the fix that injects <c>IAuthorizationService</c> and checks its result.</summary>
    public const string AddAuthorizationServiceCheckKey = "SR1001_AddAuthorizationServiceCheck";

    /// <summary>Equivalence key of the fix that calls a method of the project's central policy.</summary>
    public const string CallPolicyKey = "SR1001_CallPolicy";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingPolicyCheck);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PolicyCheckPlanner.PlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null) continue;
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    plan.Title,
                    ct => ApplyAsync(document, plan, ct),
                    plan.EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Solution> ApplyAsync(Document diagnosticDocument, PolicyCheckPlan plan, CancellationToken cancellationToken)
    {
        var solution = diagnosticDocument.Project.Solution;
        var document = solution.GetDocument(plan.DocumentId);
        if (document is null) return solution;
        var fixedDocument = await PolicyCheckWriter.ApplyAsync(document, new[] { plan }, cancellationToken).ConfigureAwait(false);
        return fixedDocument.Project.Solution;
    }

    /// <summary>
    /// Plans every diagnostic of the document against the original tree, then applies them in one editor: two actions of
    /// one class share one injected member (the first plan adds it, the others reuse it).
    /// </summary>
    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var plans = new List<PolicyCheckPlan>();
        var handlers = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var plan = await PolicyCheckPlanner.PlanAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null || plan.EquivalenceKey != context.CodeActionEquivalenceKey) continue;
            // Per document: a method-group handler declared in another file is left to the single fix.
            if (plan.DocumentId != document.Id || !handlers.Add(plan.Handler)) continue;
            plans.Add(plan);
        }
        if (plans.Count == 0) return document;
        return await PolicyCheckWriter.ApplyAsync(document, plans, context.CancellationToken).ConfigureAwait(false);
    }
}
