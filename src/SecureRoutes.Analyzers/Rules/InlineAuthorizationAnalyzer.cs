using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Model;

namespace SecureRoutes.Analyzers.Rules;

/// <summary>
/// SR1002: an endpoint decides authorization in its own body (a role or claim check, a persisted role or status
/// comparison, an ownership comparison against the caller, a lookup scoped to the caller) and denies on the spot.
/// Reported at the condition; endpoints that consult the central policy in that condition, and policy methods, are not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InlineAuthorizationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property for the code fix: <c>"true"</c> when the condition being true leads to the deny.</summary>
    public const string DenyWhenTrueProperty = "DenyWhenTrue";

    private static readonly ImmutableDictionary<string, string?> DenyWhenTrueProperties =
        ImmutableDictionary<string, string?>.Empty.Add(DenyWhenTrueProperty, "true");

    private static readonly ImmutableDictionary<string, string?> DenyWhenFalseProperties =
        ImmutableDictionary<string, string?>.Empty.Add(DenyWhenTrueProperty, "false");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SR1002InlineAuthorization);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: analyze and report in generated code too (NetAnalyzers' choice), see rules/SR1002.md.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var model = SecureRoutesModel.TryCreate(start.Compilation, start.Options);
            if (model is null) return;
            EndpointActions.Register(start, model, (body, report, ct) => Analyze(model, body, report, ct));
        });
    }

    private static void Analyze(SecureRoutesModel model, EndpointBody endpointBody, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var endpoint = endpointBody.Endpoint;
        var tree = endpointBody.Body.Syntax.SyntaxTree;
        if (model.Policies.IsPolicyMethod(endpoint.Handler, tree)) return;

        DecisionScope? scope = null;
        ClientValues? clientValues = null;
        foreach (var conditional in Conditionals(endpointBody.Body))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var deny = DenyOf(model.Decisions, conditional, out var denySite, out var denyWhenTrue);
            if (deny == DenyKind.None || denySite is null) continue;

            if (endpointBody.HasErrors) return;
            scope ??= new DecisionScope(model.Types, endpointBody.Body, invocation => model.Policies.Classify(invocation, cancellationToken) != PolicyCallKind.None);
            var facts = model.Decisions.FactsOf(conditional.Condition, scope);
            // NotFound() hides a resource; it is an authorization decision only when the condition is about who the
            // caller is (a role, a claim, an ownership comparison). A lookup scoped to the caller followed by NotFound()
            // is the idiomatic filtered query, and a status check followed by NotFound() is business logic.
            if (deny == DenyKind.NotFound) facts = facts.Where(f => f.Kind is DecisionKind.RoleOrClaim or DecisionKind.Ownership).ToList();
            // A role, status or flag the client sent (request.ActorRole, request.IsAdmin) is no persisted state to move
            // into a policy: SR2001 reports it, and a policy fed the client's claim would only launder it.
            if (facts.Any(f => f.Subject is not null))
            {
                clientValues ??= ClientValues.Track(model, endpoint, endpointBody.Body);
                facts = facts.Where(f => f.Subject is null || clientValues.ValueOf(f.Subject) is null).ToList();
            }
            if (facts.Count == 0) continue;

            report(Diagnostic.Create(
                Descriptors.SR1002InlineAuthorization,
                conditional.Condition.Syntax.GetLocation(),
                denyWhenTrue ? DenyWhenTrueProperties : DenyWhenFalseProperties,
                endpoint.DisplayName,
                string.Join(" and ", facts.Select(f => f.Description)),
                Describe(denySite)));
        }
    }

    /// <summary>Every <c>if</c> and ternary of the body, outside nested lambdas (which are not this endpoint's decision).</summary>
    private static IEnumerable<IConditionalOperation> Conditionals(IOperation body)
    {
        var stack = new Stack<IOperation>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current is IConditionalOperation conditional) yield return conditional;
            foreach (var child in current.ChildOperations.Reverse())
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation) continue;
                stack.Push(child);
            }
        }
    }

    /// <summary>
    /// The deny a conditional leads to: in either branch, or (for <c>if (allowed) { …; return; }</c> without an else) in
    /// the statement right after it.
    /// </summary>
    private static DenyKind DenyOf(AuthorizationDecisions decisions, IConditionalOperation conditional, out IOperation? site, out bool denyWhenTrue)
    {
        var whenTrue = decisions.DenyOfBranch(conditional.WhenTrue, out var trueSite);
        var whenFalse = decisions.DenyOfBranch(conditional.WhenFalse, out var falseSite);
        denyWhenTrue = true;
        if (whenTrue >= whenFalse && whenTrue != DenyKind.None)
        {
            site = trueSite;
            return whenTrue;
        }
        denyWhenTrue = false;
        if (whenFalse != DenyKind.None)
        {
            site = falseSite;
            return whenFalse;
        }
        site = null;
        if (conditional.WhenFalse is null && AlwaysExits(conditional.WhenTrue) && conditional.Parent is IBlockOperation block)
        {
            var index = block.Operations.IndexOf(conditional);
            if (index >= 0 && index + 1 < block.Operations.Length)
            {
                return decisions.DenyOfStatement(block.Operations[index + 1], out site);
            }
        }
        return DenyKind.None;
    }

    private static bool AlwaysExits(IOperation branch)
    {
        var last = branch is IBlockOperation block ? block.Operations.LastOrDefault() : branch;
        if (last is IExpressionStatementOperation expression) last = expression.Operation;
        return last is IReturnOperation or IThrowOperation;
    }

    private static string Describe(IOperation site)
    {
        if (site is IThrowOperation throwOperation)
        {
            var exception = AuthorizationDecisions.Unwrap(throwOperation.Exception ?? throwOperation);
            return "throws '" + (exception.Type?.Name ?? "an access exception") + "'";
        }
        var text = string.Join(" ", site.Syntax.ToString().Split(new[] { '\r', '\n', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > 60) text = text.Substring(0, 57) + "...";
        return site.Parent is IExpressionStatementOperation ? "denies with '" + text + "'" : "returns '" + text + "'";
    }
}
