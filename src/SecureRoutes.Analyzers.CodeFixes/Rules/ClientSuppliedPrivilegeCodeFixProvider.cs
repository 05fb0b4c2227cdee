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
using SecureRoutes.Analyzers.Infrastructure;
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
/// the policy as a constructor parameter. Not offered when an argument has no unique value in scope, or for mappers.
/// For a decision that denies (<c>if (request.ActorRole != OrgRole.Owner) return Forbid();</c>), "Use the persisted role"
/// replaces the condition with the policy's answer about the caller: a decision method that takes a
/// <c>ClaimsPrincipal</c>, the one best named for what the handler does (rules/SR2001.md, "Code fix").
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
public sealed class ClientSuppliedPrivilegeCodeFixProvider : CodeFixProvider
{
    public const string CheckWithPolicyKey = "SR2001_CheckWithPolicy";
    public const string UsePersistedRoleKey = "SR2001_UsePersistedRole";

    /// <summary>Words of a policy method's name that say nothing about the operation.</summary>
    private static readonly ImmutableHashSet<string> NeutralWords = ImmutableHashSet.Create(StringComparer.Ordinal,
        "can", "may", "is", "has", "have", "be", "to", "async", "allowed", "allow", "authorize", "authorized", "check", "ensure",
        "user", "actor", "caller", "principal", "permission", "permitted", "access");

    /// <summary>Words that name an operation: a policy method named for one the handler does not do never fits it.</summary>
    private static readonly ImmutableHashSet<string> OperationWords = ImmutableHashSet.Create(StringComparer.Ordinal,
        "read", "view", "get", "see", "show", "list", "update", "edit", "change", "modify", "set", "delete", "remove", "create", "add",
        "new", "revoke", "resend", "accept", "approve", "reject", "cancel", "grant", "assign", "transfer", "archive", "restore",
        "publish", "invite", "join", "leave", "promote", "demote", "suspend", "ban", "lock", "unlock", "send", "export", "import");

    /// <summary>What the HTTP method of an endpoint says about the operation, in the words policy methods use.</summary>
    private static readonly ImmutableDictionary<string, ImmutableArray<string>> VerbWords = new Dictionary<string, ImmutableArray<string>>
    {
        ["get"] = ImmutableArray.Create("read", "view", "get", "see", "show", "list"),
        ["put"] = ImmutableArray.Create("update", "edit", "change", "modify", "set"),
        ["patch"] = ImmutableArray.Create("update", "edit", "change", "modify", "set"),
        ["delete"] = ImmutableArray.Create("delete", "remove"),
        ["post"] = ImmutableArray.Create("create", "add", "new"),
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ClientSuppliedPrivilege);

    /// <summary>Sequential: each fix sees the checks the previous ones inserted (several sinks of one handler get one check).</summary>
    private static readonly SequentialFixAllProvider FixAll = new(CheckWithPolicyKey,
        new Dictionary<string, string>
        {
            [CheckWithPolicyKey] = "Check the requested values with the policy",
            [UsePersistedRoleKey] = "Use the persisted roles",
        },
        (root, diagnostic) => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true),
        fromEnd: false,
        (document, node, diagnostic, key, ct) => ApplyAsync(document, node.Span, diagnostic, key, ct));

    public override FixAllProvider GetFixAllProvider() => FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PlanAsync(context.Document, diagnostic.Location.SourceSpan, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null) continue;
            var method = $"'{plan.Method.ContainingType.Name}.{plan.Method.Name}'";
            var title = plan.Decision is null ? $"Check the requested value with {method}" : $"Use the persisted role: ask {method}";
            context.RegisterCodeFix(CodeAction.Create(title,
                ct => ApplyAsync(context.Document, diagnostic.Location.SourceSpan, diagnostic, plan.Key, ct), plan.Key), diagnostic);
        }
    }

    private sealed class Plan
    {
        public string Key => Decision is null ? CheckWithPolicyKey : UsePersistedRoleKey;

        /// <summary>"Use the persisted role": the condition to replace, and whether its true branch denies.</summary>
        public (ExpressionSyntax Condition, bool DeniesWhenTrue)? Decision { get; set; }

        /// <summary>Where a store's or grant's check goes; null for a decision (rewritten in place, perhaps in an expression body).</summary>
        public StatementSyntax? Statement { get; set; }
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
        if (!diagnostic.Properties.TryGetValue(ClientSuppliedPrivilegeAnalyzer.SinkKindProperty, out var kind)) return null;
        bool? deniesWhenTrue = null;
        if (kind == ClientSuppliedPrivilegeAnalyzer.DecisionSink
            && diagnostic.Properties.TryGetValue(ClientSuppliedPrivilegeAnalyzer.DeniesWhenProperty, out var deniesWhen))
        {
            deniesWhenTrue = deniesWhen == "True";
        }
        else if (kind is not (ClientSuppliedPrivilegeAnalyzer.StoreSink or ClientSuppliedPrivilegeAnalyzer.GrantSink))
        {
            return null;
        }
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return null;
        var value = root.FindNode(span, getInnermostNodeForTie: true) as ExpressionSyntax;
        if (value is null) return null;
        ExpressionSyntax? condition = null;
        if (deniesWhenTrue is not null)
        {
            // The whole condition of the if (or ?:) that reads the client's claim about itself.
            condition = value.Ancestors().Select(a => a switch
            {
                IfStatementSyntax i when i.Condition.Span.Contains(value.Span) => i.Condition,
                ConditionalExpressionSyntax c when c.Condition.Span.Contains(value.Span) => c.Condition,
                _ => null,
            }).FirstOrDefault(c => c is not null);
            if (condition is null) return null;
        }
        // Stores and grants get a check inserted before their statement; a decision is rewritten where it stands.
        var statement = value.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax);
        if (statement is null && condition is null) return null;
        var function = (condition ?? value).Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
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
        var position = (condition ?? (SyntaxNode)statement!).SpanStart;
        var inScope = InScope(model, function, position, cancellationToken);
        ExpressionSyntax? requested = null;
        if (condition is not null)
        {
            // The client's claim about itself is no argument; what it asks for (request.Role next to request.ActorRole) is.
            var forged = condition.DescendantNodesAndSelf().Select(n => model.GetSymbolInfo(n, cancellationToken).Symbol).Where(s => s is not null).ToList();
            inScope.RemoveAll(s => forged.Contains(s, SymbolEqualityComparer.Default));
            var claimed = value is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : value.ToString();
            requested = RequestedValue(functionSymbol, valueType, Names.LastWord(claimed), forged);
        }

        Plan? best = null;
        var bestScore = 0;
        var contextWords = condition is null ? null : ContextWords(function, functionSymbol, model, cancellationToken);
        var bestName = 0;
        // A store or grant: methods that take the value. A decision: methods that ask about the caller; only those read the persisted role.
        Func<IParameterSymbol, bool> takes = condition is null
            ? p => SameType(p.Type, valueType)
            : p => p.Type.ToDisplayString() == "System.Security.Claims.ClaimsPrincipal";
        foreach (var method in Candidates(model.Compilation, takes, cancellationToken))
        {
            if (condition is not null) bestName = Math.Max(bestName, Score(method, contextWords!));
            var plan = new Plan { Statement = statement, Function = function, Method = method, MinimalApi = minimalApi };
            if (condition is not null) plan.Decision = (condition, deniesWhenTrue!.Value);
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
                    if (condition is not null && requested is null) { ok = false; break; }
                    plan.Arguments.Add((requested ?? value).WithoutTrivia());
                    valueUsed = true;
                    continue;
                }
                if (condition is not null && parameter.Type.SpecialType == SpecialType.System_Boolean) { ok = false; break; }
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
            if (!ok || (!valueUsed && condition is null)) continue;

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
            if (condition is null) return plan;

            // A decision: the method named for what this handler does, and one that sees what the client asks for.
            var score = Score(method, contextWords!) + (valueUsed ? 2 : 0);
            if (score > bestScore) (best, bestScore) = (plan, score);
        }
        // The method best named for the operation, or nothing: when it cannot be called here, a weaker match is a guess.
        return best is not null && Score(best.Method, contextWords!) == bestName ? best : null;
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

    /// <summary>
    /// Decision methods (<c>bool</c>, <c>Task&lt;bool&gt;</c>) of <c>[AuthorizationPolicy]</c> types that pass the filter: interfaces
    /// before implementations (inject the abstraction), fewer parameters first, then by name for stability.
    /// </summary>
    private static IEnumerable<IMethodSymbol> Candidates(Compilation compilation, Func<IParameterSymbol, bool> takes, CancellationToken cancellationToken)
    {
        var list = new List<IMethodSymbol>();
        foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken).OfType<INamedTypeSymbol>())
        {
            if (!IsPolicyType(type)) continue;
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility != Accessibility.Public) continue;
                if (UnwrapTask(method.ReturnType).SpecialType != SpecialType.System_Boolean || !method.Parameters.Any(takes)) continue;
                list.Add(method);
            }
        }
        return list.OrderBy(m => m.ContainingType.TypeKind == TypeKind.Interface ? 0 : 1).ThenBy(m => m.Parameters.Length).ThenBy(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// What the client asks for, next to its claim about itself: the one member of a handler parameter with the claimed
    /// value's type and last word that the condition does not read (<c>request.Role</c> beside <c>request.ActorRole</c>).
    /// Null when none or several.
    /// </summary>
    private static ExpressionSyntax? RequestedValue(IMethodSymbol handler, ITypeSymbol valueType, string lastWord, List<ISymbol?> forged)
    {
        var found = new List<ExpressionSyntax>();
        foreach (var parameter in handler.Parameters)
        {
            if (parameter.Type.SpecialType != SpecialType.None || parameter.Type.TypeKind is not (TypeKind.Class or TypeKind.Struct)) continue;
            foreach (var property in parameter.Type.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.GetMethod is null || !SameType(property.Type, valueType)) continue;
                if (forged.Contains(property, SymbolEqualityComparer.Default) || Names.LastWord(property.Name) != lastWord) continue;
                found.Add(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(parameter.Name), IdentifierName(property.Name)));
            }
        }
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>
    /// Words that say what the handler does: its name, its route and HTTP method, and the names it uses
    /// (<c>member.Role</c>, <c>db.Members.Remove</c>), compared without a plural s.
    /// </summary>
    private static HashSet<string> ContextWords(SyntaxNode function, IMethodSymbol functionSymbol, SemanticModel model, CancellationToken cancellationToken)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        void AddText(string text)
        {
            foreach (var part in System.Text.RegularExpressions.Regex.Split(text, "[^A-Za-z]+"))
            {
                foreach (var word in Names.Words(part)) words.Add(Singular(word));
            }
        }
        if (function is not AnonymousFunctionExpressionSyntax) AddText(functionSymbol.Name);
        IEnumerable<SyntaxNode> declaration = function is AnonymousFunctionExpressionSyntax && function.Parent?.Parent?.Parent is InvocationExpressionSyntax map
            ? new SyntaxNode[] { map.Expression }.Concat(map.ArgumentList.Arguments.Where(a => a.Expression is LiteralExpressionSyntax))
            : function.ChildNodes().OfType<AttributeListSyntax>();
        foreach (var node in declaration)
        {
            foreach (var token in node.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) || token.IsKind(SyntaxKind.StringLiteralToken)) AddText(token.ValueText);
            }
        }
        // Names the team wrote (member.Role, db.Members), not the framework's (SaveChangesAsync says nothing about the operation).
        foreach (var identifier in function.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol && symbol.Locations.Any(l => l.IsInSource)) AddText(identifier.Identifier.ValueText);
        }
        foreach (var verb in VerbWords.Keys.Where(words.Contains).ToList())
        {
            foreach (var word in VerbWords[verb]) words.Add(word);
        }
        return words;
    }

    private static string Singular(string word) => word.Length > 3 && word.EndsWith("s", StringComparison.Ordinal) && !word.EndsWith("ss", StringComparison.Ordinal)
        ? word.Substring(0, word.Length - 1)
        : word;

    /// <summary>
    /// Two points for each word of the method's name the handler shares, minus one for each it does not; 0 when none is
    /// shared, or when the name says an operation the handler does not do (<c>CanListMembers</c> for a DELETE).
    /// </summary>
    private static int Score(IMethodSymbol method, HashSet<string> contextWords)
    {
        var matched = 0;
        var unmatched = 0;
        foreach (var word in Names.Words(method.Name).Select(Singular).Distinct())
        {
            if (NeutralWords.Contains(word)) continue;
            if (contextWords.Contains(word)) matched++;
            else if (OperationWords.Contains(word)) return 0;
            else unmatched++;
        }
        return matched == 0 ? 0 : Math.Max(0, 2 * matched - unmatched);
    }

    private static bool IsPolicyType(INamedTypeSymbol type)
    {
        static bool Marked(ISymbol s) => s.GetAttributes().Any(a => a.AttributeClass?.Name is "AuthorizationPolicy" or "AuthorizationPolicyAttribute");
        return Marked(type) || type.AllInterfaces.Any(Marked);
    }

    private static async Task<Document> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, span, diagnostic, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null || root is null || plan.Key != key) return document;

        ExpressionSyntax call = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, plan.Receiver, IdentifierName(plan.Method.Name)),
            ArgumentList(SeparatedList(plan.Arguments.Select(Argument))));
        if (plan.Await) call = AwaitExpression(call);
        if (plan.Decision is { } decision)
        {
            // The client's claim gives way to the policy's answer about the caller; the deny branch stays where it was.
            var asked = decision.DeniesWhenTrue ? PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, call) : call;
            var rewritten = root.TrackNodes(decision.Condition, plan.Function);
            rewritten = rewritten.ReplaceNode(rewritten.GetCurrentNode(decision.Condition)!, asked.WithTriviaFrom(decision.Condition));
            return await FinishAsync(document, rewritten, plan, cancellationToken).ConfigureAwait(false);
        }
        ExpressionSyntax forbid = plan.MinimalApi
            ? InvocationExpression(ParseExpression("Microsoft.AspNetCore.Http.Results.Forbid").WithAdditionalAnnotations(Simplifier.Annotation))
            : InvocationExpression(IdentifierName("Forbid"));
        var check = IfStatement(PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, call), Block(ReturnStatement(forbid)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        // Fix All on several sinks of one handler: one check is enough.
        if (plan.Function.DescendantNodes().OfType<IfStatementSyntax>().Any(i => i.Condition.IsEquivalentTo(check.Condition, topLevel: false))) return document;

        var statement = plan.Statement!; // planned with a statement whenever it is not a decision
        var newRoot = root.TrackNodes(statement, plan.Function);
        newRoot = newRoot.InsertNodesBefore(newRoot.GetCurrentNode(statement)!, new[] { check });
        return await FinishAsync(document, newRoot, plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds what the call needs (lambda parameters, a constructor parameter), then simplifies and formats. <paramref name="newRoot"/> tracks the function.</summary>
    private static async Task<Document> FinishAsync(Document document, SyntaxNode newRoot, Plan plan, CancellationToken cancellationToken)
    {
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
}
