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
/// SR2002 "Introduce a request model": declares <c>public sealed record MemberRequest(string DisplayName, …)</c> next to
/// the endpoint with the entity's non-sensitive simple members, binds it instead of the entity, and maps it onto the
/// entity: a new one (<c>var member = new Member { DisplayName = request.DisplayName };</c>), or, when the handler set the
/// key and called <c>Update</c>/<c>Attach</c>, the loaded one (<c>var member = await db.Members.FindAsync(id) ?? throw …;</c>
/// then one assignment per member, and no <c>Update</c>). A record with the same name and members is reused, so Fix All
/// (sequential, see <see cref="FixAll"/>) declares one record per entity.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
public sealed class EntityBoundFromRequestCodeFixProvider : CodeFixProvider
{
    public const string IntroduceRequestModelKey = "SR2002_IntroduceRequestModel";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.EntityBoundFromRequest);

    /// <summary>Applies the fix one parameter at a time, each on the result of the previous one (records are shared and placed at the same spot).</summary>
    private static readonly SequentialFixAllProvider FixAll = new(IntroduceRequestModelKey,
        new Dictionary<string, string> { [IntroduceRequestModelKey] = "Introduce request models" },
        (root, diagnostic) => root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault(),
        fromEnd: true,
        (document, node, diagnostic, _, ct) => node is ParameterSyntax parameter ? ApplyAsync(document, parameter.Identifier.Span, diagnostic, ct) : Task.FromResult(document));

    public override FixAllProvider GetFixAllProvider() => FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PlanAsync(context.Document, diagnostic.Location.SourceSpan, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null) continue;
            context.RegisterCodeFix(CodeAction.Create($"Introduce a request model '{plan.RecordName}'",
                ct => ApplyAsync(context.Document, diagnostic.Location.SourceSpan, diagnostic, ct), IntroduceRequestModelKey), diagnostic);
        }
    }

    private sealed class Plan
    {
        public Plan(ParameterSyntax parameter, INamedTypeSymbol entity, List<IPropertySymbol> members, string recordName, bool reuseRecord,
            string requestName, SyntaxNode body, Load? load)
        {
            Parameter = parameter;
            Entity = entity;
            Members = members;
            RecordName = recordName;
            ReuseRecord = reuseRecord;
            RequestName = requestName;
            Body = body;
            Load = load;
        }

        public ParameterSyntax Parameter { get; }
        public INamedTypeSymbol Entity { get; }
        public List<IPropertySymbol> Members { get; }
        public string RecordName { get; }
        public bool ReuseRecord { get; }
        public string RequestName { get; }
        public SyntaxNode Body { get; }
        public Load? Load { get; }
    }

    /// <summary><c>member.Id = memberId; … db.Members.Update(member);</c>: load by the key instead.</summary>
    private sealed class Load
    {
        public Load(StatementSyntax keyAssignment, ExpressionSyntax key, StatementSyntax update, ExpressionSyntax receiver, bool receiverIsContext, bool isAsync)
        {
            KeyAssignment = keyAssignment;
            Key = key;
            Update = update;
            Receiver = receiver;
            ReceiverIsContext = receiverIsContext;
            IsAsync = isAsync;
        }

        public StatementSyntax KeyAssignment { get; }
        public ExpressionSyntax Key { get; }
        public StatementSyntax Update { get; }
        public ExpressionSyntax Receiver { get; }
        public bool ReceiverIsContext { get; }
        public bool IsAsync { get; }
    }

    private static async Task<Plan?> PlanAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(EntityBoundFromRequestAnalyzer.RequestMembersProperty, out var memberList) || string.IsNullOrEmpty(memberList)) return null;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null) return null;
        var parameter = root.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();
        if (parameter?.Type is null) return null;
        if (semanticModel.GetDeclaredSymbol(parameter, cancellationToken) is not IParameterSymbol symbol || symbol.Type is not INamedTypeSymbol entity) return null;

        var names = memberList!.Split(',');
        var members = names.Select(n => entity.GetMembers(n).OfType<IPropertySymbol>().FirstOrDefault()
                ?? AllProperties(entity).FirstOrDefault(p => p.Name == n))
            .Where(p => p is not null).Cast<IPropertySymbol>().ToList();
        if (members.Count == 0 || members.Count != names.Length) return null;

        // The handler's body.
        SyntaxNode? function = parameter.Parent?.Parent;
        if (parameter.Parent is SimpleLambdaExpressionSyntax simple) function = simple;
        var body = function switch
        {
            BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
            LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody?.Expression,
            AnonymousFunctionExpressionSyntax a => a.Body,
            _ => null,
        };
        if (body is null) return null;
        var isAsync = function switch
        {
            BaseMethodDeclarationSyntax m => m.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax l => l.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax a => a.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            _ => false,
        };
        if (body is ExpressionSyntax && !ReturnsValue(semanticModel, function!, cancellationToken)) return null;

        // Update / Attach of the bound entity: load it by the key the handler assigns, or give up.
        Load? load = null;
        var updates = body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Update" or "Attach" or "UpdateRange" or "AttachRange" }
                && i.ArgumentList.Arguments.Any(a => IsParameter(semanticModel, a.Expression, symbol, cancellationToken)))
            .ToList();
        if (updates.Count > 0)
        {
            if (updates.Count != 1 || updates[0].Parent is not ExpressionStatementSyntax updateStatement) return null;
            var receiver = ((MemberAccessExpressionSyntax)updates[0].Expression).Expression;
            var receiverType = semanticModel.GetTypeInfo(receiver, cancellationToken).Type;
            var isContext = InheritsFrom(receiverType, "Microsoft.EntityFrameworkCore.DbContext");
            if (!isContext && !InheritsFrom(receiverType, "Microsoft.EntityFrameworkCore.DbSet`1")) return null;
            var keyAssignment = body.DescendantNodes().OfType<ExpressionStatementSyntax>().FirstOrDefault(s =>
                s.Expression is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax left } assignment
                && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && IsParameter(semanticModel, left.Expression, symbol, cancellationToken)
                && IsKeyName(left.Name.Identifier.ValueText, entity.Name));
            if (keyAssignment is null || keyAssignment.Parent != updateStatement.Parent || keyAssignment.SpanStart > updateStatement.SpanStart) return null;
            load = new Load(keyAssignment, ((AssignmentExpressionSyntax)keyAssignment.Expression).Right, updateStatement, receiver, isContext, isAsync);
        }

        // The record: reuse one with the same name and members, else a free name.
        var baseName = entity.Name + "Request";
        var recordName = baseName;
        var reuse = false;
        for (var i = 2; i < 100; i++)
        {
            var existing = semanticModel.Compilation.GetSymbolsWithName(recordName, SymbolFilter.Type, cancellationToken).OfType<INamedTypeSymbol>().ToList();
            if (existing.Count == 0) break;
            if (existing.Count == 1 && Matches(existing[0], members))
            {
                reuse = true;
                break;
            }
            recordName = baseName + i;
        }

        // The parameter's new name: 'request' unless something in scope already has it.
        var requestName = "request";
        var taken = new HashSet<string>(semanticModel.LookupSymbols(body.SpanStart).Select(s => s.Name), StringComparer.Ordinal);
        foreach (var declared in body.DescendantNodes().OfType<VariableDeclaratorSyntax>()) taken.Add(declared.Identifier.ValueText);
        if (taken.Contains(requestName) && requestName != symbol.Name) requestName = symbol.Name + "Request";
        if (taken.Contains(requestName)) return null;

        return new Plan(parameter, entity, members, recordName, reuse, requestName, body, load);
    }

    private static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var p in t.GetMembers().OfType<IPropertySymbol>()) yield return p;
        }
    }

    private static bool Matches(INamedTypeSymbol record, List<IPropertySymbol> members)
    {
        if (!record.IsRecord) return false;
        var constructor = record.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == members.Count && c.Parameters.Length > 0
            && !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, record)));
        if (constructor is null) return false;
        for (var i = 0; i < members.Count; i++)
        {
            if (constructor.Parameters[i].Name != members[i].Name || !SymbolEqualityComparer.Default.Equals(constructor.Parameters[i].Type, members[i].Type)) return false;
        }
        return true;
    }

    private static bool IsKeyName(string name, string entityName) => name == "Id" || name == entityName + "Id";

    private static bool IsParameter(SemanticModel model, ExpressionSyntax expression, IParameterSymbol parameter, CancellationToken ct) =>
        SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, ct).Symbol, parameter);

    private static bool InheritsFrom(ITypeSymbol? type, string metadataName)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var definition = t.OriginalDefinition;
            var ns = definition.ContainingNamespace?.ToDisplayString();
            if (ns + "." + definition.MetadataName == metadataName) return true;
        }
        return false;
    }

    private static bool ReturnsValue(SemanticModel model, SyntaxNode function, CancellationToken ct)
    {
        var method = function switch
        {
            AnonymousFunctionExpressionSyntax a => model.GetSymbolInfo(a, ct).Symbol as IMethodSymbol,
            _ => model.GetDeclaredSymbol(function, ct) as IMethodSymbol,
        };
        return method is not null && !method.ReturnsVoid;
    }

    private static async Task<Document> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, span, diagnostic, cancellationToken).ConfigureAwait(false);
        if (plan is null) return document;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null) return document;

        var position = plan.Parameter.SpanStart;
        var entityType = ParseTypeName(plan.Entity.ToMinimalDisplayString(semanticModel, position));
        var variable = plan.Parameter.Identifier.ValueText;
        var request = IdentifierName(plan.RequestName);
        ExpressionSyntax Read(IPropertySymbol p) => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, request, IdentifierName(p.Name));

        var statements = new List<StatementSyntax>();
        if (plan.Load is { } load)
        {
            var find = plan.Load.ReceiverIsContext
                ? InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, load.Receiver.WithoutTrivia(),
                    GenericName(Identifier(load.IsAsync ? "FindAsync" : "Find"), TypeArgumentList(SingletonSeparatedList<TypeSyntax>(entityType)))),
                    ArgumentList(SingletonSeparatedList(Argument(load.Key.WithoutTrivia()))))
                : InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, load.Receiver.WithoutTrivia(), IdentifierName(load.IsAsync ? "FindAsync" : "Find")),
                    ArgumentList(SingletonSeparatedList(Argument(load.Key.WithoutTrivia()))));
            ExpressionSyntax loaded = load.IsAsync ? AwaitExpression(find) : find;
            var notFound = ThrowExpression(ObjectCreationExpression(ParseTypeName("System.Collections.Generic.KeyNotFoundException").WithAdditionalAnnotations(Simplifier.Annotation))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal($"{plan.Entity.Name} not found.")))))));
            statements.Add(LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"),
                SingletonSeparatedList(VariableDeclarator(variable).WithInitializer(EqualsValueClause(BinaryExpression(SyntaxKind.CoalesceExpression, loaded, notFound)))))));
            foreach (var member in plan.Members)
            {
                statements.Add(ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(variable), IdentifierName(member.Name)), Read(member))));
            }
        }
        else
        {
            var initializer = InitializerExpression(SyntaxKind.ObjectInitializerExpression, SeparatedList<ExpressionSyntax>(
                plan.Members.Select(m => AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(m.Name), Read(m)))));
            statements.Add(LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"),
                SingletonSeparatedList(VariableDeclarator(variable).WithInitializer(EqualsValueClause(
                    ObjectCreationExpression(entityType).WithArgumentList(ArgumentList()).WithInitializer(initializer)))))));
        }
        var mapping = statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();

        // Rewrite the body, then the parameter, then add the record.
        var newBody = plan.Body;
        SyntaxNode replacementBody;
        if (plan.Load is { } l)
        {
            newBody = newBody.TrackNodes(l.KeyAssignment, l.Update);
            newBody = newBody.InsertNodesBefore(newBody.GetCurrentNode(l.KeyAssignment)!, mapping);
            newBody = newBody.RemoveNode(newBody.GetCurrentNode(l.KeyAssignment)!, SyntaxRemoveOptions.KeepNoTrivia)!;
            newBody = newBody.RemoveNode(newBody.GetCurrentNode(l.Update)!, SyntaxRemoveOptions.KeepNoTrivia)!;
            replacementBody = newBody;
        }
        else if (newBody is BlockSyntax block)
        {
            replacementBody = block.WithStatements(block.Statements.InsertRange(0, mapping));
        }
        else
        {
            var expression = (ExpressionSyntax)newBody;
            replacementBody = Block(mapping.Concat(new[] { ReturnStatement(expression.WithoutTrivia()) })).WithAdditionalAnnotations(Formatter.Annotation);
        }

        var parameterAnnotation = new SyntaxAnnotation();
        var newParameter = plan.Parameter.WithType(IdentifierName(plan.RecordName).WithTriviaFrom(plan.Parameter.Type!))
            .WithIdentifier(Identifier(plan.RequestName).WithTriviaFrom(plan.Parameter.Identifier)).WithAdditionalAnnotations(parameterAnnotation);
        SyntaxNode newRoot;
        if (plan.Body.Parent is ArrowExpressionClauseSyntax && replacementBody is BlockSyntax newBlock)
        {
            // A method or local function with an expression body: the declaration itself gets the block.
            var tracked = root.TrackNodes(plan.Body, plan.Parameter);
            tracked = tracked.ReplaceNode(tracked.GetCurrentNode(plan.Parameter)!, newParameter);
            var owner = tracked.GetCurrentNode(plan.Body)!.Parent!.Parent!;
            SyntaxNode? newOwner = owner switch
            {
                MethodDeclarationSyntax m => m.WithExpressionBody(null).WithSemicolonToken(default).WithBody(newBlock),
                LocalFunctionStatementSyntax local => local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(newBlock),
                _ => null,
            };
            if (newOwner is null) return document;
            newRoot = tracked.ReplaceNode(owner, newOwner.WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            newRoot = root.ReplaceNodes(new SyntaxNode[] { plan.Body, plan.Parameter }, (original, _) =>
                original == plan.Body ? replacementBody : newParameter);
        }

        if (!plan.ReuseRecord)
        {
            var record = RecordDeclaration(Token(SyntaxKind.RecordKeyword), Identifier(plan.RecordName))
                .WithModifiers(TokenList(Token(SyntaxKind.PublicKeyword), Token(SyntaxKind.SealedKeyword)))
                .WithParameterList(ParameterList(SeparatedList(plan.Members.Select(m =>
                    Parameter(Identifier(m.Name)).WithType(ParseTypeName(m.Type.ToMinimalDisplayString(semanticModel, position)))))))
                .WithSemicolonToken(Token(SyntaxKind.SemicolonToken))
                .WithLeadingTrivia(ParseLeadingTrivia($"\n/// <summary>What a client may set on {plan.Entity.Name} (SR2002).</summary>\n"))
                .WithAdditionalAnnotations(Formatter.Annotation);
            newRoot = AddRecord(newRoot, newRoot.GetAnnotatedNodes(parameterAnnotation).First(), record);
        }
        var newDocument = document.WithSyntaxRoot(newRoot);
        newDocument = await Simplifier.ReduceAsync(newDocument, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(newDocument, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After the outermost type that holds the endpoint, or at the end of a file of top-level statements.</summary>
    private static SyntaxNode AddRecord(SyntaxNode root, SyntaxNode anchor, RecordDeclarationSyntax record)
    {
        var outer = anchor.Ancestors().OfType<BaseTypeDeclarationSyntax>().LastOrDefault();
        if (outer is not null) return root.InsertNodesAfter(outer, new[] { record });
        if (root is CompilationUnitSyntax unit) return unit.AddMembers(record);
        return root;
    }
}
