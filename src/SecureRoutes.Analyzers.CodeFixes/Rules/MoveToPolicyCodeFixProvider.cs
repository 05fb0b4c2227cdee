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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SecureRoutes.Analyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>
/// SR1002 "Move to policy": extracts an inline authorization condition into a static method of a
/// <c>[AuthorizationPolicy]</c> class named after the resource (created after the endpoint's type, or reused when the
/// document already has it), written as explicit deny guards followed by one allow. The endpoint calls the method and
/// keeps its own deny result. Fix All applies the fixes of a document one after the other, so endpoints of one resource
/// share one policy class.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveToPolicyCodeFixProvider)), Shared]
public sealed class MoveToPolicyCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SR1002_MoveToPolicy";

    private const string Title = "Move to policy";

    private static readonly string[] ModelSuffixes = { "Request", "Dto", "Command", "Model", "Input", "Query", "Response", "Form", "Options", "Settings" };

    private static readonly string[] ContainerSuffixes = { "Controller", "Endpoints", "Endpoint", "PageModel", "Model", "Page", "Handlers", "Handler", "Api", "Module" };

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.InlineAuthorization);

    /// <summary>
    /// Fix All in document, project or solution, one condition after the other: a policy class created in one document is
    /// seen by the next (which then picks another name instead of declaring the same type twice), and within a document
    /// later conditions join the class the first one created.
    /// </summary>
    private static readonly SequentialFixAllProvider FixAll = new(EquivalenceKey,
        new Dictionary<string, string> { [EquivalenceKey] = Title },
        FindCondition,
        fromEnd: false,
        async (document, condition, diagnostic, _, ct) => condition is ExpressionSyntax expression
            ? await ApplyAsync(document, expression, DenyWhenTrue(diagnostic), ct).ConfigureAwait(false) ?? document
            : document);

    public override FixAllProvider GetFixAllProvider() => FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var condition = FindCondition(root, diagnostic);
            if (condition is null) continue;
            var denyWhenTrue = DenyWhenTrue(diagnostic);
            // Every precondition is checked here, so a registered fix never returns the document unchanged.
            if (Plan(semanticModel, condition, denyWhenTrue, context.CancellationToken) is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, diagnostic.Location.SourceSpan, denyWhenTrue, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, bool denyWhenTrue, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var condition = root?.FindNode(span, getInnermostNodeForTie: true) as ExpressionSyntax;
        if (condition is null) return document;
        return await ApplyAsync(document, condition, denyWhenTrue, cancellationToken).ConfigureAwait(false) ?? document;
    }

    private static bool DenyWhenTrue(Diagnostic diagnostic) =>
        !diagnostic.Properties.TryGetValue(InlineAuthorizationAnalyzer.DenyWhenTrueProperty, out var value) || value != "false";

    private static ExpressionSyntax? FindCondition(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!root.FullSpan.Contains(diagnostic.Location.SourceSpan)) return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        while (node is not null && node.Span == diagnostic.Location.SourceSpan && node.Parent is not (IfStatementSyntax or ConditionalExpressionSyntax))
        {
            node = node.Parent;
        }
        return node switch
        {
            ExpressionSyntax e when e.Parent is IfStatementSyntax ifStatement && ifStatement.Condition == e => e,
            ExpressionSyntax e when e.Parent is ConditionalExpressionSyntax ternary && ternary.Condition == e => e,
            _ => null,
        };
    }

    // ------------------------------------------------------------------ planning

    private sealed class Input
    {
        public Input(ISymbol symbol, string parameterName, ITypeSymbol type, ExpressionSyntax argument, bool isMember)
        {
            Symbol = symbol;
            ParameterName = parameterName;
            Type = type;
            Argument = argument;
            IsMember = isMember;
        }

        public ISymbol Symbol { get; }
        public string ParameterName { get; }
        public ITypeSymbol Type { get; }
        public ExpressionSyntax Argument { get; }
        public bool IsMember { get; }
    }

    private sealed class MovePlan
    {
        public List<Input> Inputs { get; } = new();
        public Dictionary<IdentifierNameSyntax, string> Renames { get; } = new();
        public bool IsAsync { get; set; }
        public string Resource { get; set; } = "Resource";
        public string Operation { get; set; } = "Access";

        /// <summary>What follows the resource in the name (<c>CanUpdateMemberRole</c>): the route's last literal segment.</summary>
        public string Detail { get; set; } = "";
    }

    /// <summary>What the condition reads from outside itself; null when it cannot be moved (calls instance methods, declares variables, uses this/base).</summary>
    private static MovePlan? Plan(SemanticModel semanticModel, ExpressionSyntax condition, bool denyWhenTrue, CancellationToken cancellationToken)
    {
        var plan = new MovePlan();
        var principal = semanticModel.Compilation.GetTypeByMetadataName("System.Security.Claims.ClaimsPrincipal");
        foreach (var node in condition.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case ThisExpressionSyntax or BaseExpressionSyntax:
                case DeclarationExpressionSyntax:
                case SingleVariableDesignationSyntax:
                    return null;
                case AwaitExpressionSyntax when !node.Ancestors().TakeWhile(a => a != condition).Any(a => a is AnonymousFunctionExpressionSyntax):
                    plan.IsAsync = true;
                    break;
                case IdentifierNameSyntax identifier:
                    if (!AddInput(semanticModel, condition, identifier, principal, plan, cancellationToken)) return null;
                    break;
            }
        }
        if (DeniesNamedEnumValues(semanticModel, condition, denyWhenTrue, cancellationToken)) return null;

        plan.Resource = ResourceName(plan, condition, semanticModel, principal);
        (plan.Operation, plan.Detail) = OperationName(condition, semanticModel, cancellationToken);
        return plan;
    }

    private static bool AddInput(SemanticModel semanticModel, ExpressionSyntax condition, IdentifierNameSyntax identifier, INamedTypeSymbol? principal, MovePlan plan, CancellationToken cancellationToken)
    {
        if (identifier.Parent is NameColonSyntax or NameEqualsSyntax) return true;
        // Qualified names (x.Member, x?.Member, Type.Member) are reached through their left side.
        if (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier) return true;
        if (identifier.Parent is MemberBindingExpressionSyntax) return true;
        if (identifier.Parent is QualifiedNameSyntax qualified && qualified.Right == identifier) return true;

        var symbol = semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol;
        if (symbol is null) return identifier.IsVar || semanticModel.GetTypeInfo(identifier, cancellationToken).Type is not null;
        switch (symbol)
        {
            case ILocalSymbol or IParameterSymbol:
                if (DeclaredInside(symbol, condition)) return true;
                if (symbol is IParameterSymbol { IsThis: true }) return false;
                var type = symbol is ILocalSymbol local ? local.Type : ((IParameterSymbol)symbol).Type;
                if (symbol is ILocalSymbol { IsRef: true } || symbol is IParameterSymbol { RefKind: not RefKind.None }) return false;
                Add(plan, symbol, symbol.Name, FlowType(semanticModel, identifier, type, cancellationToken), identifier, isMember: false);
                return true;
            case IPropertySymbol { IsStatic: true } or IFieldSymbol { IsStatic: true, ContainingType.TypeKind: not TypeKind.Enum }:
                return false; // an unqualified static member of the endpoint's type does not resolve in the policy class
            case IPropertySymbol { IsStatic: false } property:
                Add(plan, symbol, MemberParameterName(property.Name, property.Type, principal), FlowType(semanticModel, identifier, property.Type, cancellationToken), identifier, isMember: true);
                return true;
            case IFieldSymbol { IsStatic: false } field:
                if (field.ContainingType.TypeKind == TypeKind.Enum) return true;
                Add(plan, symbol, MemberParameterName(field.Name, field.Type, principal), FlowType(semanticModel, identifier, field.Type, cancellationToken), identifier, isMember: true);
                return true;
            case IMethodSymbol:
            case IEventSymbol:
                return false; // an unqualified method of the endpoint's type (or a local function) stays behind
            case IRangeVariableSymbol:
            default:
                return true;
        }
    }

    /// <summary><c>var invite = …; if (invite is null) return NotFound();</c> — past the null check the value is not null: the parameter says so.</summary>
    private static ITypeSymbol FlowType(SemanticModel semanticModel, IdentifierNameSyntax identifier, ITypeSymbol declared, CancellationToken cancellationToken)
    {
        if (declared.NullableAnnotation != NullableAnnotation.Annotated || declared.IsValueType) return declared;
        var flow = semanticModel.GetTypeInfo(identifier, cancellationToken).Nullability.FlowState;
        return flow == NullableFlowState.NotNull ? declared.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : declared;
    }

    private static void Add(MovePlan plan, ISymbol symbol, string name, ITypeSymbol type, IdentifierNameSyntax identifier, bool isMember)
    {
        var existing = plan.Inputs.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.Symbol, symbol));
        if (existing is null)
        {
            var unique = name;
            for (var n = 2; plan.Inputs.Any(i => i.ParameterName == unique); n++) unique = name + n;
            existing = new Input(symbol, unique, type, IdentifierName(identifier.Identifier.ValueText), isMember);
            plan.Inputs.Add(existing);
        }
        if (existing.ParameterName != identifier.Identifier.ValueText) plan.Renames[identifier] = existing.ParameterName;
    }

    private static string MemberParameterName(string memberName, ITypeSymbol type, INamedTypeSymbol? principal)
    {
        if (principal is not null && SymbolEqualityComparer.Default.Equals(type, principal)) return "user";
        var trimmed = memberName.TrimStart('_');
        if (trimmed.Length == 0) return "value";
        var name = char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1);
        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }

    private static bool DeclaredInside(ISymbol symbol, SyntaxNode condition) =>
        symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == condition.SyntaxTree && condition.Span.Contains(r.Span));

    /// <summary>
    /// A deny that names enum values (<c>status == Suspended</c> denies) would become a deny-list followed by an
    /// unconditional allow: the policy SR1003 reports. The fix is not offered then; the decision needs a human.
    /// </summary>
    private static bool DeniesNamedEnumValues(SemanticModel semanticModel, ExpressionSyntax condition, bool denyWhenTrue, CancellationToken cancellationToken)
    {
        return Visit(condition, negated: !denyWhenTrue);

        bool Visit(ExpressionSyntax expression, bool negated)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Visit(parenthesized.Expression, negated);
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression):
                    return Visit(prefix.Operand, !negated);
                case BinaryExpressionSyntax logical when logical.IsKind(SyntaxKind.LogicalAndExpression) || logical.IsKind(SyntaxKind.LogicalOrExpression):
                    return Visit(logical.Left, negated) || Visit(logical.Right, negated);
                case BinaryExpressionSyntax equality when equality.IsKind(SyntaxKind.EqualsExpression) || equality.IsKind(SyntaxKind.NotEqualsExpression):
                    var positive = equality.IsKind(SyntaxKind.EqualsExpression) != negated;
                    return positive && (IsEnum(equality.Left) || IsEnum(equality.Right));
                case IsPatternExpressionSyntax pattern:
                    var negativePattern = pattern.Pattern is UnaryPatternSyntax;
                    return negativePattern == negated && IsEnum(pattern.Expression);
                default:
                    return false;
            }
        }

        bool IsEnum(ExpressionSyntax expression) => semanticModel.GetTypeInfo(expression, cancellationToken).Type?.TypeKind == TypeKind.Enum;
    }

    private static string ResourceName(MovePlan plan, ExpressionSyntax condition, SemanticModel semanticModel, INamedTypeSymbol? principal)
    {
        foreach (var input in plan.Inputs)
        {
            var type = input.Type;
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || !named.Locations.Any(l => l.IsInSource)) continue;
            if (principal is not null && SymbolEqualityComparer.Default.Equals(type, principal)) continue;
            if (ModelSuffixes.Any(s => named.Name.EndsWith(s, StringComparison.Ordinal)) || IsDbContext(named)) continue;
            return named.Name;
        }
        var container = condition.Ancestors().OfType<TypeDeclarationSyntax>().LastOrDefault()?.Identifier.ValueText ?? "Resource";
        foreach (var suffix in ContainerSuffixes)
        {
            if (container.Length > suffix.Length && container.EndsWith(suffix, StringComparison.Ordinal))
            {
                container = container.Substring(0, container.Length - suffix.Length);
                break;
            }
        }
        if (container.EndsWith("ies", StringComparison.Ordinal)) return container.Substring(0, container.Length - 3) + "y";
        if (container.EndsWith("s", StringComparison.Ordinal) && !container.EndsWith("ss", StringComparison.Ordinal)) return container.Substring(0, container.Length - 1);
        return container;
    }

    private static bool IsDbContext(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "DbContext") return true;
        }
        return false;
    }

    /// <summary>The endpoint method's name (<c>Resend</c>, <c>OnPostDelete</c> → <c>Delete</c>), or for a MapX lambda the verb and the last literal route segment (<c>MapPut("/{id}/role")</c> → <c>UpdateRole</c>).</summary>
    private static (string Operation, string Detail) OperationName(ExpressionSyntax condition, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var ancestor in condition.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda when lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax map } }
                    && semanticModel.GetSymbolInfo(map, cancellationToken).Symbol is IMethodSymbol { Name: var mapName } && mapName.StartsWith("Map", StringComparison.Ordinal):
                    var verb = mapName switch
                    {
                        "MapGet" => "Read",
                        "MapPost" => "Create",
                        "MapPut" or "MapPatch" => "Update",
                        "MapDelete" => "Delete",
                        _ => "Access",
                    };
                    var route = map.ArgumentList.Arguments.Select(a => a.Expression).OfType<LiteralExpressionSyntax>().FirstOrDefault()?.Token.ValueText ?? "";
                    var segment = route.Split('/').Where(s => s.Length > 0 && !s.StartsWith("{", StringComparison.Ordinal)).LastOrDefault();
                    return (verb, segment is null ? "" : Pascal(segment));
                case LocalFunctionStatementSyntax local:
                    return (Operation(local.Identifier.ValueText), "");
                case MethodDeclarationSyntax method:
                    return (Operation(method.Identifier.ValueText), "");
            }
        }
        return ("Access", "");
    }

    private static string Operation(string methodName)
    {
        var name = methodName.EndsWith("Async", StringComparison.Ordinal) ? methodName.Substring(0, methodName.Length - 5) : methodName;
        if (name.StartsWith("On", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[2]))
        {
            name = name.Substring(2);
            foreach (var verb in new[] { "Get", "Post", "Put", "Delete", "Patch" })
            {
                if (name.StartsWith(verb, StringComparison.Ordinal) && name.Length > verb.Length)
                {
                    name = name.Substring(verb.Length);
                    break;
                }
            }
        }
        return Pascal(name);
    }

    private static string Pascal(string text)
    {
        var parts = text.Split(new[] { '-', '_', '.', ' ' }, StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Where(p => p.All(c => char.IsLetterOrDigit(c))).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
    }

    // ------------------------------------------------------------------ applying

    private static async Task<Document?> ApplyAsync(Document document, ExpressionSyntax condition, bool denyWhenTrue, CancellationToken cancellationToken)
    {
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null || root is null) return null;
        var plan = Plan(semanticModel, condition, denyWhenTrue, cancellationToken);
        if (plan is null) return null;
        var compilation = semanticModel.Compilation;
        var generator = SyntaxGenerator.GetGenerator(document);

        // The policy class: reuse the one this fix created for the same resource in this document, else a new one.
        var outerType = condition.Ancestors().OfType<BaseTypeDeclarationSyntax>().LastOrDefault();
        var ns = outerType is null ? null : semanticModel.GetDeclaredSymbol(outerType, cancellationToken)?.ContainingNamespace;
        var className = plan.Resource + "Policy";
        ClassDeclarationSyntax? existing = null;
        for (var n = 1; ; n++)
        {
            existing = root.DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault(c =>
                c.Identifier.ValueText == className && c.Modifiers.Any(SyntaxKind.StaticKeyword));
            if (existing is not null || !TypeExists(compilation, ns, className)) break;
            className = plan.Resource + "Policy" + (n + 1);
        }

        var operation = plan.Operation.Length == 0 ? "Access" : plan.Operation;
        var methodName = "Can" + operation + (operation.Contains(plan.Resource) ? "" : plan.Resource) + plan.Detail;
        if (plan.IsAsync) methodName += "Async";
        if (existing is not null)
        {
            var taken = existing.Members.OfType<MethodDeclarationSyntax>().Select(m => m.Identifier.ValueText).ToList();
            var baseName = methodName;
            for (var n = 2; taken.Contains(methodName); n++) methodName = baseName + n;
        }

        // Inputs: the actor first, then the others in the order the condition reads them.
        var principal = compilation.GetTypeByMetadataName("System.Security.Claims.ClaimsPrincipal");
        var ordered = plan.Inputs
            .OrderBy(i => principal is not null && SymbolEqualityComparer.Default.Equals(i.Type, principal) ? 0 : 1)
            .ToList();

        var body = RenameInputs(condition, plan);
        var deny = denyWhenTrue ? body : Negate(body);
        var guards = SplitOr(deny)
            .Select(g => (StatementSyntax)IfStatement(g.WithoutTrivia(), Block(ReturnStatement(LiteralExpression(SyntaxKind.FalseLiteralExpression)))))
            .ToList();
        guards.Add(ReturnStatement(LiteralExpression(SyntaxKind.TrueLiteralExpression)));

        var boolType = compilation.GetSpecialType(SpecialType.System_Boolean);
        var returnType = plan.IsAsync && compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1") is { } task
            ? (TypeSyntax)generator.TypeExpression(task.Construct(boolType))
            : PredefinedType(Token(SyntaxKind.BoolKeyword));
        var modifiers = TokenList(Token(SyntaxKind.PublicKeyword), Token(SyntaxKind.StaticKeyword));
        if (plan.IsAsync) modifiers = modifiers.Add(Token(SyntaxKind.AsyncKeyword));
        var method = MethodDeclaration(returnType, Identifier(methodName))
            .WithModifiers(modifiers)
            .WithParameterList(ParameterList(SeparatedList(ordered.Select(i =>
                Parameter(Identifier(i.ParameterName)).WithType((TypeSyntax)generator.TypeExpression(i.Type))))))
            .WithBody(Block(guards))
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

        // The call that replaces the condition; the endpoint keeps its own deny result.
        ExpressionSyntax call = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(className), IdentifierName(methodName)),
            ArgumentList(SeparatedList(ordered.Select(i => Argument(i.Argument)))));
        if (plan.IsAsync) call = AwaitExpression(call);
        ExpressionSyntax replacement = denyWhenTrue ? PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, call) : call;
        replacement = replacement.WithTriviaFrom(condition);

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        editor.ReplaceNode(condition, replacement);
        if (existing is not null)
        {
            editor.AddMember(existing, method);
        }
        else
        {
            var policyClass = ClassDeclaration(className)
                .WithModifiers(TokenList(Token(SyntaxKind.PublicKeyword), Token(SyntaxKind.StaticKeyword)))
                .WithMembers(SingletonList<MemberDeclarationSyntax>(method));
            if (FindPolicyAttribute(compilation) is { } attribute)
            {
                var attributeName = attribute.ContainingNamespace is { IsGlobalNamespace: false } attributeNs
                    ? ParseName("global::" + attributeNs.ToDisplayString() + "." + StripAttribute(attribute.Name))
                    : IdentifierName(StripAttribute(attribute.Name));
                policyClass = policyClass.AddAttributeLists(AttributeList(SingletonSeparatedList(Attribute(attributeName.WithAdditionalAnnotations(Simplifier.Annotation)))));
            }
            policyClass = policyClass
                .WithLeadingTrivia(ElasticLineFeed, Comment("// Authorization decisions for " + plan.Resource + " moved out of the endpoints (SR1002): explicit denies, then one allow."), ElasticLineFeed)
                .WithTrailingTrivia(ElasticLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
            if (outerType is not null)
            {
                editor.InsertAfter(outerType, policyClass);
            }
            else if (root is CompilationUnitSyntax unit)
            {
                editor.ReplaceNode(unit, (node, _) => ((CompilationUnitSyntax)node).AddMembers(policyClass));
            }
            else
            {
                return null;
            }
        }

        var changed = document.WithSyntaxRoot(editor.GetChangedRoot());
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private static string StripAttribute(string name) =>
        name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "Attribute".Length ? name.Substring(0, name.Length - "Attribute".Length) : name;

    private static INamedTypeSymbol? FindPolicyAttribute(Compilation compilation) =>
        compilation.GetTypeByMetadataName("SecureRoutes.AuthorizationPolicyAttribute")
        ?? compilation.GetSymbolsWithName("AuthorizationPolicyAttribute", SymbolFilter.Type).OfType<INamedTypeSymbol>().FirstOrDefault();

    private static bool TypeExists(Compilation compilation, INamespaceSymbol? ns, string name)
    {
        if (ns is not null && ns.GetTypeMembers(name).Length > 0) return true;
        return compilation.GetSymbolsWithName(name, SymbolFilter.Type).Any();
    }

    private static ExpressionSyntax RenameInputs(ExpressionSyntax condition, MovePlan plan)
    {
        var renamed = condition.ReplaceNodes(
            condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Where(plan.Renames.ContainsKey),
            (original, _) => IdentifierName(plan.Renames[original]).WithTriviaFrom(original));
        return renamed.WithoutTrivia();
    }

    private static ExpressionSyntax Negate(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression):
                return not.Operand is ParenthesizedExpressionSyntax p ? p.Expression : not.Operand;
            case BinaryExpressionSyntax equals when equals.IsKind(SyntaxKind.EqualsExpression):
                return BinaryExpression(SyntaxKind.NotEqualsExpression, equals.Left, equals.Right);
            case BinaryExpressionSyntax notEquals when notEquals.IsKind(SyntaxKind.NotEqualsExpression):
                return BinaryExpression(SyntaxKind.EqualsExpression, notEquals.Left, notEquals.Right);
            case InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax or ParenthesizedExpressionSyntax:
                return PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, expression);
            default:
                return PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, ParenthesizedExpression(expression));
        }
    }

    /// <summary><c>a || b || c</c> → three guards; anything else is one guard.</summary>
    private static IEnumerable<ExpressionSyntax> SplitOr(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized && parenthesized.Expression is BinaryExpressionSyntax inner && inner.IsKind(SyntaxKind.LogicalOrExpression))
        {
            expression = parenthesized.Expression;
        }
        if (expression is BinaryExpressionSyntax or && or.IsKind(SyntaxKind.LogicalOrExpression))
        {
            foreach (var part in SplitOr(or.Left)) yield return part;
            foreach (var part in SplitOr(or.Right)) yield return part;
        }
        else
        {
            yield return expression;
        }
    }
}
