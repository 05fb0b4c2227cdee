using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>
/// Applies plans of one document with one editor: handlers first (each rewritten from its original node), then
/// constructor and parameter-list changes, then new members; an injection shared by several plans is added once.
/// Types are written fully qualified with Simplifier and add-import annotations, new nodes carry the Formatter annotation.
/// </summary>
internal static class PolicyCheckWriter
{
    public static async Task<Document> ApplyAsync(Document document, IReadOnlyList<PolicyCheckPlan> plans, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var generator = editor.Generator;
        var text = root.ToFullString();
        var newline = text.IndexOf('\n');
        var eol = SyntaxFactory.ElasticEndOfLine(newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n");

        foreach (var plan in plans)
        {
            editor.ReplaceNode(plan.Handler, RewriteHandler(plan, eol));
        }

        var injected = new HashSet<string>();
        var injections = plans.SelectMany(p => p.Injections).Where(i => injected.Add(i.Key)).ToList();
        foreach (var injection in injections)
        {
            var parameter = Parameter(generator, injection.ServiceType, injection.ParameterName);
            switch (injection.Style)
            {
                case InjectionStyle.PrimaryConstructor:
                    editor.ReplaceNode(injection.Declaration.ParameterList!, (current, _) => AddParameters((ParameterListSyntax)current, new[] { parameter }));
                    break;
                case InjectionStyle.ExistingConstructor:
                    editor.ReplaceNode(injection.Constructor!, (current, _) => AddToConstructor((ConstructorDeclarationSyntax)current, parameter, injection, eol));
                    break;
            }
        }
        foreach (var injection in injections)
        {
            if (injection.Style == InjectionStyle.PrimaryConstructor) continue;
            editor.ReplaceNode(injection.Declaration, (current, _) => AddMembers((TypeDeclarationSyntax)current, generator, injection, eol));
        }

        var namespaces = new SortedSet<string>(plans.SelectMany(p => p.Namespaces), System.StringComparer.Ordinal);
        foreach (var injection in injections)
        {
            if (injection.ServiceType.ContainingNamespace is { IsGlobalNamespace: false } ns) namespaces.Add(ns.ToDisplayString());
        }
        var imported = await ImportedNamespacesAsync(document, root, plans, cancellationToken).ConfigureAwait(false);
        var newRoot = AddUsings(editor.GetChangedRoot(), namespaces.Where(n => !imported.Contains(n)));
        var changed = document.WithSyntaxRoot(newRoot);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, null, cancellationToken).ConfigureAwait(false);
        changed = await Formatter.FormatAsync(changed, Formatter.Annotation, null, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    // ------------------------------------------------------------ usings

    /// <summary>Namespaces already in scope at the handlers: file usings, enclosing namespaces and their usings, global usings of the project.</summary>
    private static async Task<HashSet<string>> ImportedNamespacesAsync(Document document, SyntaxNode root, IReadOnlyList<PolicyCheckPlan> plans, CancellationToken cancellationToken)
    {
        var result = new HashSet<string>(System.StringComparer.Ordinal);
        if (root is CompilationUnitSyntax unit) AddPlain(unit.Usings, result);
        var first = plans[0].Handler;
        foreach (var ns in first.Ancestors().OfType<BaseNamespaceDeclarationSyntax>())
        {
            AddPlain(ns.Usings, result);
            var prefix = "";
            foreach (var part in ns.Name.ToString().Split('.'))
            {
                prefix = prefix.Length == 0 ? part : prefix + "." + part;
                result.Add(prefix);
            }
        }
        foreach (var other in document.Project.Documents)
        {
            if (!other.SupportsSyntaxTree) continue;
            var otherRoot = await other.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (otherRoot is CompilationUnitSyntax otherUnit)
            {
                AddPlain(otherUnit.Usings.Where(u => u.GlobalKeyword.RawKind != 0), result);
            }
        }
        return result;
    }

    private static void AddPlain(IEnumerable<UsingDirectiveSyntax> usings, HashSet<string> into)
    {
        foreach (var u in usings)
        {
            if (u.Alias is null && u.StaticKeyword.RawKind == 0 && u.Name is not null) into.Add(u.Name.ToString().Replace("global::", ""));
        }
    }

    /// <summary>Adds <c>using</c> directives in System-first, then alphabetical position (after the first existing one that sorts later).</summary>
    private static SyntaxNode AddUsings(SyntaxNode root, IEnumerable<string> namespaces)
    {
        if (root is not CompilationUnitSyntax unit) return root;
        foreach (var ns in namespaces)
        {
            var usings = unit.Usings;
            var index = usings.Count;
            for (var i = 0; i < usings.Count; i++)
            {
                if (usings[i].GlobalKeyword.RawKind == 0 && usings[i].Name is { } name && Compare(ns, name.ToString()) < 0)
                {
                    index = i;
                    break;
                }
            }
            var endOfLine = usings.Count > 0 ? usings[0].GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.ElasticLineFeed);
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).NormalizeWhitespace().WithTrailingTrivia(endOfLine);
            if (index == 0 && usings.Count > 0)
            {
                // Keep a file header on the first line.
                directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
                usings = usings.Replace(usings[0], usings[0].WithoutLeadingTrivia());
            }
            unit = unit.WithUsings(usings.Insert(index, directive));
        }
        return unit;
    }

    private static int Compare(string x, string y)
    {
        var systemX = x == "System" || x.StartsWith("System.", System.StringComparison.Ordinal);
        var systemY = y == "System" || y.StartsWith("System.", System.StringComparison.Ordinal);
        if (systemX != systemY) return systemX ? -1 : 1;
        return string.Compare(x, y, System.StringComparison.OrdinalIgnoreCase);
    }

    // ------------------------------------------------------------ the handler

    private static SyntaxNode RewriteHandler(PolicyCheckPlan plan, SyntaxTrivia eol)
    {
        var handler = plan.Handler;
        var statements = plan.Statements.Select(s => s
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(eol)
            .WithAdditionalAnnotations(Formatter.Annotation)).ToList();

        BlockSyntax body;
        SyntaxTriviaList expressionBodyTrailing = default;
        var block = BlockOf(handler);
        if (block is not null)
        {
            var anchor = plan.InsertAfter;
            var tracked = anchor is null ? block : block.TrackNodes(anchor);
            if (plan.AwaitReturns) tracked = AwaitReturns(tracked);
            if (anchor is not null && tracked.GetCurrentNode(anchor) is { Parent: BlockSyntax parent } current)
            {
                var index = parent.Statements.IndexOf(current);
                tracked = tracked.ReplaceNode(parent, parent.WithStatements(parent.Statements.InsertRange(index + 1, statements)));
            }
            else
            {
                tracked = tracked.WithStatements(tracked.Statements.InsertRange(0, statements));
            }
            body = tracked;
        }
        else
        {
            var expression = ExpressionOf(handler)!;
            var value = plan.AwaitReturns ? Await(expression) : expression.WithoutTrivia();
            StatementSyntax last = plan.ExpressionBodyReturnsValue
                ? SyntaxFactory.ReturnStatement(value)
                : SyntaxFactory.ExpressionStatement(value);
            statements.Add(last.WithAdditionalAnnotations(Formatter.Annotation));
            body = SyntaxFactory.Block(statements).WithAdditionalAnnotations(Formatter.Annotation);
            expressionBodyTrailing = handler switch
            {
                BaseMethodDeclarationSyntax m => m.SemicolonToken.TrailingTrivia,
                LocalFunctionStatementSyntax l => l.SemicolonToken.TrailingTrivia,
                _ => default,
            };
        }

        switch (handler)
        {
            case MethodDeclarationSyntax method:
            {
                var result = block is not null
                    ? method.WithBody(body)
                    : method.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                        .WithBody(body.WithTrailingTrivia(expressionBodyTrailing));
                if (plan.NewReturnType is not null) result = result.WithReturnType(plan.NewReturnType);
                if (plan.MakeAsync) result = AddAsync(result);
                if (plan.NewParameters.Count > 0) result = result.WithParameterList(AddParameters(result.ParameterList, plan.NewParameters));
                return result;
            }
            case LocalFunctionStatementSyntax local:
            {
                var result = block is not null
                    ? local.WithBody(body)
                    : local.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithParameterList(local.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                        .WithBody(body.WithTrailingTrivia(expressionBodyTrailing));
                if (plan.NewReturnType is not null) result = result.WithReturnType(plan.NewReturnType);
                if (plan.MakeAsync) result = AddAsync(result);
                if (plan.NewParameters.Count > 0) result = result.WithParameterList(AddParameters(result.ParameterList, plan.NewParameters));
                return result;
            }
            case ParenthesizedLambdaExpressionSyntax lambda:
            {
                var result = block is not null
                    ? lambda.WithBlock(body)
                    : lambda.WithExpressionBody(null).WithBlock(body)
                        .WithArrowToken(lambda.ArrowToken.WithTrailingTrivia(SyntaxFactory.ElasticSpace));
                if (plan.NewReturnType is not null) result = result.WithReturnType(plan.NewReturnType);
                if (plan.NewParameters.Count > 0) result = result.WithParameterList(AddParameters(result.ParameterList, plan.NewParameters));
                if (plan.MakeAsync)
                {
                    var leading = result.GetLeadingTrivia();
                    result = result.WithoutLeadingTrivia();
                    result = result.WithModifiers(result.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)))
                        .WithLeadingTrivia(leading);
                }
                return result;
            }
            default:
                return handler;
        }
    }

    private static MethodDeclarationSyntax AddAsync(MethodDeclarationSyntax method)
    {
        if (method.Modifiers.Count == 0)
        {
            var leading = method.ReturnType.GetLeadingTrivia();
            return method.WithReturnType(method.ReturnType.WithoutLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space)));
        }
        return method.WithModifiers(method.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }

    private static LocalFunctionStatementSyntax AddAsync(LocalFunctionStatementSyntax local)
    {
        if (local.Modifiers.Count == 0)
        {
            var leading = local.ReturnType.GetLeadingTrivia();
            return local.WithReturnType(local.ReturnType.WithoutLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space)));
        }
        return local.WithModifiers(local.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }

    /// <summary>Non-async Task&lt;T&gt; handler made async: <c>return x;</c> becomes <c>return await x;</c> (not inside nested functions).</summary>
    private static BlockSyntax AwaitReturns(BlockSyntax block)
    {
        var returns = block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<ReturnStatementSyntax>()
            .Where(r => r.Expression is not null)
            .ToList();
        return block.ReplaceNodes(returns, (_, rewritten) => rewritten.WithExpression(Await(rewritten.Expression!)));
    }

    private static ExpressionSyntax Await(ExpressionSyntax expression)
    {
        var operand = expression.WithoutTrivia();
        if (operand is not (InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax or ElementAccessExpressionSyntax
            or ObjectCreationExpressionSyntax or ParenthesizedExpressionSyntax or GenericNameSyntax))
        {
            operand = SyntaxFactory.ParenthesizedExpression(operand);
        }
        return SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space), operand)
            .WithTriviaFrom(expression);
    }

    private static ParameterListSyntax AddParameters(ParameterListSyntax list, IEnumerable<ParameterSyntax> parameters)
    {
        var result = list.Parameters;
        foreach (var parameter in parameters)
        {
            // Before optional and params parameters, which must stay last.
            var index = result.IndexOf(p => p.Default is not null || p.Modifiers.Any(SyntaxKind.ParamsKeyword));
            result = index < 0 ? result.Add(parameter) : result.Insert(index, parameter);
        }
        return list.WithParameters(result).WithAdditionalAnnotations(Formatter.Annotation);
    }

    // ------------------------------------------------------------ injection

    private static ParameterSyntax Parameter(SyntaxGenerator generator, ITypeSymbol type, string name) =>
        SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)).WithType((TypeSyntax)generator.TypeExpression(type, addImport: true));

    private static StatementSyntax Assignment(ClassInjection injection, SyntaxTrivia eol)
    {
        ExpressionSyntax target = injection.QualifyWithThis
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(), SyntaxFactory.IdentifierName(injection.MemberName))
            : SyntaxFactory.IdentifierName(injection.MemberName);
        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, target, SyntaxFactory.IdentifierName(injection.ParameterName)))
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(eol)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static ConstructorDeclarationSyntax AddToConstructor(ConstructorDeclarationSyntax constructor, ParameterSyntax parameter, ClassInjection injection, SyntaxTrivia eol)
    {
        constructor = constructor.WithParameterList(AddParameters(constructor.ParameterList, new[] { parameter }));
        var assignment = Assignment(injection, eol);
        if (constructor.Body is { } body)
        {
            return constructor.WithBody(body.AddStatements(assignment));
        }
        var expression = constructor.ExpressionBody!.Expression;
        var trailing = constructor.SemicolonToken.TrailingTrivia;
        var block = SyntaxFactory.Block(
                SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()).WithAdditionalAnnotations(Formatter.Annotation),
                assignment)
            .WithAdditionalAnnotations(Formatter.Annotation)
            .WithTrailingTrivia(trailing);
        return constructor.WithExpressionBody(null).WithSemicolonToken(default)
            .WithParameterList(constructor.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
            .WithBody(block);
    }

    private static TypeDeclarationSyntax AddMembers(TypeDeclarationSyntax type, SyntaxGenerator generator, ClassInjection injection, SyntaxTrivia eol)
    {
        var typeSyntax = (TypeSyntax)generator.TypeExpression(injection.ServiceType, addImport: true);
        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(typeSyntax, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(injection.MemberName))))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var members = type.Members;
        var lastField = members.LastOrDefault(m => m is FieldDeclarationSyntax);
        var index = lastField is null ? 0 : members.IndexOf(lastField) + 1;
        members = members.Insert(index, field);
        if (injection.Style == InjectionStyle.NewConstructor)
        {
            var constructor = SyntaxFactory.ConstructorDeclaration(type.Identifier.WithoutTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(Parameter(generator, injection.ServiceType, injection.ParameterName))))
                .WithBody(SyntaxFactory.Block(Assignment(injection, eol)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            members = members.Insert(index + 1, constructor);
        }
        return type.WithMembers(members);
    }

    private static BlockSyntax? BlockOf(SyntaxNode handler) => handler switch
    {
        BaseMethodDeclarationSyntax m => m.Body,
        LocalFunctionStatementSyntax l => l.Body,
        AnonymousFunctionExpressionSyntax a => a.Block,
        _ => null,
    };

    private static ExpressionSyntax? ExpressionOf(SyntaxNode handler) => handler switch
    {
        BaseMethodDeclarationSyntax m => m.ExpressionBody?.Expression,
        LocalFunctionStatementSyntax l => l.ExpressionBody?.Expression,
        AnonymousFunctionExpressionSyntax a => a.ExpressionBody,
        _ => null,
    };
}
