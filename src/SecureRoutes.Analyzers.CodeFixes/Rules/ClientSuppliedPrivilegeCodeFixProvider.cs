using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SecureRoutes.Analyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>
/// SR2001 "Check the requested value with the policy": before the statement that stores or grants the client value,
/// inserts <c>if (!await policy.CanGrantAsync(User, orgId, request.Role)) return Forbid();</c>. The method is one of the
/// central policy (<c>[AuthorizationPolicy]</c> types in the compilation) that returns a decision and takes a parameter
/// of the value's type; its other arguments are the caller (<c>User</c>, a <c>ClaimsPrincipal</c> parameter), and
/// values in scope of the parameter's type (the loaded entity, the route's id, the cancellation token). A minimal-API
/// handler that lacks the policy or the principal gets them as parameters; a controller with a primary constructor gets
/// the policy as a constructor parameter. Not offered when an argument has no unique value in scope, or for decisions
/// and mappers (their fix needs the persisted role, which only the team knows how to read).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
public sealed class ClientSuppliedPrivilegeCodeFixProvider : CodeFixProvider
{
    public const string CheckWithPolicyKey = "SR2001_CheckWithPolicy";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ClientSuppliedPrivilege);

    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PlanAsync(context.Document, diagnostic.Location.SourceSpan, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null) continue;
            context.RegisterCodeFix(CodeAction.Create($"Check the requested value with '{plan.Method.ContainingType.Name}.{plan.Method.Name}'",
                ct => ApplyAsync(context.Document, diagnostic.Location.SourceSpan, diagnostic, ct), CheckWithPolicyKey), diagnostic);
        }
    }

    private sealed class Plan
    {
        public StatementSyntax Statement { get; set; } = null!;
        public SyntaxNode Function { get; set; } = null!;
        public IMethodSymbol Method { get; set; } = null!;
        public ExpressionSyntax Receiver { get; set; } = null!;
        public List<ExpressionSyntax> Arguments { get; } = new();
        public bool Await { get; set; }
        public bool MinimalApi { get; set; }
        public List<ParameterSyntax> NewLambdaParameters { get; } = new();
        public ParameterSyntax? NewConstructorParameter { get; set; }
    }

    private static async Task<Plan?> PlanAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(ClientSuppliedPrivilegeAnalyzer.SinkKindProperty, out var kind)
            || kind is not (ClientSuppliedPrivilegeAnalyzer.StoreSink or ClientSuppliedPrivilegeAnalyzer.GrantSink)) return null;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return null;
        var value = root.FindNode(span, getInnermostNodeForTie: true) as ExpressionSyntax;
        if (value is null) return null;
        var statement = value.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax);
        if (statement is null) return null;
        var function = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
        if (function is null) return null;
        var functionSymbol = function is AnonymousFunctionExpressionSyntax lambda
            ? model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol
            : model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol;
        if (functionSymbol is null) return null;
        var isAsync = functionSymbol.IsAsync;
        var minimalApi = function is AnonymousFunctionExpressionSyntax || functionSymbol.IsStatic;

        // How to deny: Forbid() in controllers and pages, Results.Forbid() in minimal APIs.
        var returned = UnwrapTask(functionSymbol.ReturnType);
        var isMvc = InheritsFrom(functionSymbol.ContainingType, "Microsoft.AspNetCore.Mvc.ControllerBase")
            || InheritsFrom(functionSymbol.ContainingType, "Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        if (minimalApi && function is AnonymousFunctionExpressionSyntax)
        {
            if (!Implements(returned, "Microsoft.AspNetCore.Http.IResult")) return null;
        }
        else if (isMvc)
        {
            minimalApi = false;
            if (!Implements(returned, "Microsoft.AspNetCore.Mvc.IActionResult") && returned.Name != "ActionResult") return null;
        }
        else if (!Implements(returned, "Microsoft.AspNetCore.Http.IResult"))
        {
            return null;
        }

        var valueType = model.GetTypeInfo(value, cancellationToken).Type;
        if (valueType is null) return null;
        var position = statement.SpanStart;
        var inScope = InScope(model, function, position, cancellationToken);

        foreach (var method in Candidates(model.Compilation, valueType, cancellationToken))
        {
            var plan = new Plan { Statement = statement, Function = function, Method = method, MinimalApi = minimalApi };
            var returnsTask = method.ReturnType.SpecialType != SpecialType.System_Boolean;
            if (returnsTask && !isAsync) continue;
            plan.Await = returnsTask;
            var valueUsed = false;
            var ok = true;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.IsOptional) break;
                if (!valueUsed && SameType(parameter.Type, valueType))
                {
                    plan.Arguments.Add(value.WithoutTrivia());
                    valueUsed = true;
                    continue;
                }
                if (parameter.Type.ToDisplayString() == "System.Security.Claims.ClaimsPrincipal")
                {
                    var principal = inScope.FirstOrDefault(s => TypeOf(s)?.ToDisplayString() == "System.Security.Claims.ClaimsPrincipal");
                    if (principal is not null) plan.Arguments.Add(IdentifierName(principal.Name));
                    else if (function is ParenthesizedLambdaExpressionSyntax && !inScope.Any(s => s.Name == "user"))
                    {
                        plan.NewLambdaParameters.Add(Parameter(Identifier("user")).WithType(ParseTypeName("System.Security.Claims.ClaimsPrincipal").WithAdditionalAnnotations(Simplifier.Annotation)));
                        plan.Arguments.Add(IdentifierName("user"));
                    }
                    else { ok = false; break; }
                    continue;
                }
                var matches = inScope.Where(s => TypeOf(s) is { } t && SameType(parameter.Type, t)).ToList();
                var chosen = matches.Count == 1 ? matches[0] : matches.FirstOrDefault(s => string.Equals(s.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (chosen is null && parameter.Type.ToDisplayString() == "System.Threading.CancellationToken")
                {
                    plan.Arguments.Add(LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword)));
                    continue;
                }
                if (chosen is null) { ok = false; break; }
                plan.Arguments.Add(IdentifierName(chosen.Name));
            }
            if (!ok || !valueUsed) continue;

            // The policy instance: in scope, or injected.
            var policyType = method.ContainingType;
            if (method.IsStatic)
            {
                plan.Receiver = ParseTypeName(policyType.ToMinimalDisplayString(model, position));
            }
            else if (inScope.FirstOrDefault(s => TypeOf(s) is { } t && (SameType(t, policyType) || t.AllInterfaces.Contains(policyType, SymbolEqualityComparer.Default))) is { } instance)
            {
                plan.Receiver = IdentifierName(instance.Name);
            }
            else
            {
                var name = "policy";
                if (inScope.Any(s => s.Name == name)) continue;
                var parameter = Parameter(Identifier(name)).WithType(ParseTypeName(policyType.ToMinimalDisplayString(model, position)));
                if (function is ParenthesizedLambdaExpressionSyntax) plan.NewLambdaParameters.Add(parameter);
                else if (!minimalApi && function.Parent is TypeDeclarationSyntax { ParameterList: not null }) plan.NewConstructorParameter = parameter;
                else continue;
                plan.Receiver = IdentifierName(name);
            }
            return plan;
        }
        return null;
    }

    private static ITypeSymbol UnwrapTask(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask" } named ? named.TypeArguments[0] : type;

    private static bool InheritsFrom(ITypeSymbol? type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.OriginalDefinition.ToDisplayString() == name) return true;
        }
        return false;
    }

    private static bool Implements(ITypeSymbol type, string name) =>
        type.OriginalDefinition.ToDisplayString() == name || type.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() == name);

    private static bool SameType(ITypeSymbol a, ITypeSymbol b)
    {
        static ITypeSymbol Strip(ITypeSymbol t) =>
            t is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : t.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        return SymbolEqualityComparer.Default.Equals(Strip(a), Strip(b));
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol l => l.Type,
        IParameterSymbol p => p.Type,
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };

    /// <summary>Locals declared before the position, parameters, and fields / properties of the type (primary-constructor parameters too).</summary>
    private static List<ISymbol> InScope(SemanticModel model, SyntaxNode function, int position, CancellationToken cancellationToken)
    {
        var result = new List<ISymbol>();
        foreach (var symbol in model.LookupSymbols(position))
        {
            switch (symbol)
            {
                case ILocalSymbol local:
                    var declaration = local.DeclaringSyntaxReferences.FirstOrDefault();
                    if (declaration is not null && declaration.Span.End <= position) result.Add(local);
                    break;
                case IParameterSymbol:
                case IFieldSymbol { IsImplicitlyDeclared: false }:
                    result.Add(symbol);
                    break;
                case IPropertySymbol { IsIndexer: false } property when property.Name == "User" || property.ContainingType.Locations.Any(l => l.IsInSource):
                    result.Add(symbol);
                    break;
            }
        }
        return result;
    }

    /// <summary>Decision methods of <c>[AuthorizationPolicy]</c> types that take a parameter of the value's type, most specific first.</summary>
    private static IEnumerable<IMethodSymbol> Candidates(Compilation compilation, ITypeSymbol valueType, CancellationToken cancellationToken)
    {
        var list = new List<IMethodSymbol>();
        foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken).OfType<INamedTypeSymbol>())
        {
            if (!IsPolicyType(type)) continue;
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility != Accessibility.Public) continue;
                var returned = UnwrapTask(method.ReturnType);
                if (returned.SpecialType != SpecialType.System_Boolean) continue;
                if (!method.Parameters.Any(p => SameType(p.Type, valueType))) continue;
                list.Add(method);
            }
        }
        // Interfaces before implementations (inject the abstraction), fewer parameters first, then by name for stability.
        return list.OrderBy(m => m.ContainingType.TypeKind == TypeKind.Interface ? 0 : 1).ThenBy(m => m.Parameters.Length).ThenBy(m => m.Name, StringComparer.Ordinal);
    }

    private static bool IsPolicyType(INamedTypeSymbol type)
    {
        static bool Marked(ISymbol s) => s.GetAttributes().Any(a => a.AttributeClass?.Name is "AuthorizationPolicy" or "AuthorizationPolicyAttribute");
        return Marked(type) || type.AllInterfaces.Any(Marked);
    }

    private static async Task<Document> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, span, diagnostic, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null || root is null) return document;

        ExpressionSyntax call = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, plan.Receiver, IdentifierName(plan.Method.Name)),
            ArgumentList(SeparatedList(plan.Arguments.Select(Argument))));
        if (plan.Await) call = AwaitExpression(call);
        ExpressionSyntax forbid = plan.MinimalApi
            ? InvocationExpression(ParseExpression("Microsoft.AspNetCore.Http.Results.Forbid").WithAdditionalAnnotations(Simplifier.Annotation))
            : InvocationExpression(IdentifierName("Forbid"));
        var check = IfStatement(PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, call), Block(ReturnStatement(forbid)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        // Fix All on several sinks of one handler: one check is enough.
        if (plan.Function.DescendantNodes().OfType<IfStatementSyntax>().Any(i => i.Condition.IsEquivalentTo(check.Condition, topLevel: false))) return document;

        var newRoot = root.TrackNodes(plan.Statement, plan.Function);
        newRoot = newRoot.InsertNodesBefore(newRoot.GetCurrentNode(plan.Statement)!, new[] { check });
        if (plan.NewLambdaParameters.Count > 0 && newRoot.GetCurrentNode(plan.Function) is ParenthesizedLambdaExpressionSyntax lambda)
        {
            newRoot = newRoot.ReplaceNode(lambda, lambda.WithParameterList(lambda.ParameterList.AddParameters(plan.NewLambdaParameters.ToArray())));
        }
        if (plan.NewConstructorParameter is { } constructorParameter && newRoot.GetCurrentNode(plan.Function)?.Parent is TypeDeclarationSyntax { ParameterList: { } list } type)
        {
            newRoot = newRoot.ReplaceNode(type, type.WithParameterList(list.AddParameters(constructorParameter)));
        }
        var newDocument = document.WithSyntaxRoot(newRoot);
        newDocument = await Simplifier.ReduceAsync(newDocument, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(newDocument, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sequential: each fix sees the checks the previous ones inserted (several sinks of one handler get one check).</summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<(DocumentId Document, Diagnostic Diagnostic)>();
            var projects = fixAllContext.Scope switch
            {
                FixAllScope.Solution => fixAllContext.Solution.Projects.ToList(),
                _ => new List<Project> { fixAllContext.Project },
            };
            if (fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is not null)
            {
                foreach (var d in await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false)) diagnostics.Add((fixAllContext.Document.Id, d));
            }
            else
            {
                foreach (var project in projects)
                {
                    foreach (var d in await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
                    {
                        if (project.GetDocument(d.Location.SourceTree) is { } document && d.Id == RuleIds.ClientSuppliedPrivilege) diagnostics.Add((document.Id, d));
                    }
                }
            }
            if (diagnostics.Count == 0) return null;
            return CodeAction.Create("Check the requested values with the policy", ct => ApplyAllAsync(fixAllContext.Solution, diagnostics, ct), CheckWithPolicyKey);
        }

        private static async Task<Solution> ApplyAllAsync(Solution solution, List<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            foreach (var group in diagnostics.GroupBy(d => d.Document))
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (document is null || root is null) continue;
                var marks = new List<(SyntaxAnnotation Mark, Diagnostic Diagnostic)>();
                var nodes = new Dictionary<SyntaxNode, SyntaxAnnotation>();
                foreach (var (_, diagnostic) in group)
                {
                    var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (nodes.ContainsKey(node)) continue;
                    var mark = new SyntaxAnnotation();
                    nodes[node] = mark;
                    marks.Add((mark, diagnostic));
                }
                root = root.ReplaceNodes(nodes.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(nodes[original]));
                solution = solution.WithDocumentSyntaxRoot(group.Key, root);
                foreach (var (mark, diagnostic) in marks)
                {
                    document = solution.GetDocument(group.Key)!;
                    var current = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = current?.GetAnnotatedNodes(mark).FirstOrDefault();
                    if (node is null) continue;
                    var fixedDocument = await ApplyAsync(document, node.Span, diagnostic, cancellationToken).ConfigureAwait(false);
                    solution = fixedDocument.Project.Solution;
                }
            }
            return solution;
        }
    }
}
