using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;
using SecureRoutes.Analyzers.Model;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>
/// Re-runs the SR1001 model on the reported endpoint (the analyzer's own endpoint, client-id and data-access code, so the
/// fix acts on what the rule saw), and decides where the check goes, what it calls, what it injects, and how it denies.
/// Every precondition is checked here: no plan, no registered fix.
/// </summary>
internal static class PolicyCheckPlanner
{
    private static readonly Regex MessagePattern = new(
        "^'(?<endpoint>.*)' (?<verb>loads|changes|deletes|creates) (?<resource>.+) by '(?<id>.*)' without a central policy check$",
        RegexOptions.CultureInvariant);

    private static readonly ImmutableDictionary<string, ImmutableArray<string>> VerbWords = new Dictionary<string, ImmutableArray<string>>
    {
        ["Read"] = ImmutableArray.Create("read", "view", "get", "see", "show", "load", "fetch"),
        ["Update"] = ImmutableArray.Create("update", "edit", "change", "modify", "write", "save", "patch"),
        ["Delete"] = ImmutableArray.Create("delete", "remove", "destroy", "purge"),
        ["Create"] = ImmutableArray.Create("create", "add", "insert", "new"),
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Verbs that name a different operation: a method named for one of them never fits another verb.</summary>
    private static readonly ImmutableHashSet<string> OtherVerbs = ImmutableHashSet.Create(StringComparer.Ordinal,
        "revoke", "resend", "accept", "approve", "reject", "cancel", "grant", "assign", "transfer", "archive", "restore",
        "publish", "invite", "join", "leave", "list", "promote", "demote", "suspend", "ban", "lock", "unlock", "send");

    private static readonly string[] ActorWords = { "user", "member", "actor", "principal", "caller", "account", "identity" };

    public static async Task<PolicyCheckPlan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var match = MessagePattern.Match(diagnostic.GetMessage(CultureInfo.InvariantCulture));
        if (!match.Success || !diagnostic.Location.IsInSource) return null;
        var verb = match.Groups["verb"].Value switch
        {
            "changes" => "Update",
            "deletes" => "Delete",
            "creates" => "Create",
            _ => "Read",
        };
        var resourceName = match.Groups["resource"].Value;
        var idText = match.Groups["id"].Value;

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null) return null;
        var compilation = semanticModel.Compilation;
        var model = SecureRoutesModel.TryCreate(compilation, document.Project.AnalyzerOptions);
        if (model is null) return null;

        var located = Locate(root, semanticModel, model, document, diagnostic.Location.SourceSpan, cancellationToken);
        if (located is null) return null;
        var (endpoint, handlerSyntax, handlerDocument) = located.Value;
        var handlerModel = handlerDocument == document
            ? semanticModel
            : await handlerDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (handlerModel is null) return null;
        var body = BodyOperation(handlerModel, endpoint, handlerSyntax, cancellationToken);
        if (body is null || body.DescendantsAndSelf().Any(o => o is IInvalidOperation)) return null;

        var ids = model.ClientInput.Track(endpoint, body);
        var caller = new CallerIdentity(model.Types, body);
        var access = model.DataAccess.FindAccesses(body, ids, caller)
            .Where(a => !a.CallerScoped && (a.ResourceName ?? "a resource") == resourceName && a.Id == idText)
            .OrderBy(a => a.Operation.Syntax.SpanStart)
            .FirstOrDefault();
        if (access is null) return null;

        var context = new PlanContext(model, handlerModel, handlerDocument, endpoint, handlerSyntax, verb,
            resourceName == "a resource" ? "Resource" : resourceName, cancellationToken);
        return await context.BuildAsync(access).ConfigureAwait(false);
    }

    private static (Endpoint Endpoint, SyntaxNode Handler, Document Document)? Locate(
        SyntaxNode root, SemanticModel semanticModel, SecureRoutesModel model, Document document, Microsoft.CodeAnalysis.Text.TextSpan span,
        CancellationToken cancellationToken)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method && method.Identifier.Span == span)
        {
            if (semanticModel.GetDeclaredSymbol(method, cancellationToken) is not { } symbol) return null;
            var endpoint = model.Endpoints.TryGetMethodEndpoint(symbol);
            return endpoint is null ? null : (endpoint, method, document);
        }

        foreach (var invocation in node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>())
        {
            if (semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation) continue;
            var endpoint = model.Endpoints.TryGetMinimalApi(operation);
            if (endpoint is null || endpoint.Location.SourceSpan != span) continue;
            if (endpoint.Lambda is { } lambda)
            {
                return lambda.Syntax is ParenthesizedLambdaExpressionSyntax parenthesized ? (endpoint, parenthesized, document) : null;
            }
            var declaration = endpoint.Handler.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            if (declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)) return null;
            var handlerDocument = document.Project.Solution.GetDocument(declaration.SyntaxTree);
            return handlerDocument is null ? null : (endpoint, declaration, handlerDocument);
        }
        return null;
    }

    private static IOperation? BodyOperation(SemanticModel model, Endpoint endpoint, SyntaxNode handler, CancellationToken cancellationToken)
    {
        if (endpoint.Lambda is { } lambda) return lambda.Body;
        return model.GetOperation(handler, cancellationToken) switch
        {
            IMethodBodyOperation body => body,
            ILocalFunctionOperation local => local.Body,
            _ => null,
        };
    }

    /// <summary>The check to insert, with its receiver, actor, and what it injects.</summary>
    private sealed class PlanContext
    {
        private readonly SecureRoutesModel _model;
        private readonly SemanticModel _semanticModel;
        private readonly Document _document;
        private readonly Endpoint _endpoint;
        private readonly SyntaxNode _handler;
        private readonly string _verb;
        private readonly string _resourceName;
        private readonly CancellationToken _cancellationToken;
        private readonly SyntaxGenerator _generator;
        private readonly HashSet<string> _takenNames = new(StringComparer.Ordinal);
        private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);

        public PlanContext(SecureRoutesModel model, SemanticModel semanticModel, Document document, Endpoint endpoint, SyntaxNode handler,
            string verb, string resourceName, CancellationToken cancellationToken)
        {
            _model = model;
            _semanticModel = semanticModel;
            _document = document;
            _endpoint = endpoint;
            _handler = handler;
            _verb = verb;
            _resourceName = resourceName;
            _cancellationToken = cancellationToken;
            _generator = SyntaxGenerator.GetGenerator(document);
        }

        private KnownTypes Types => _model.Types;

        private Compilation Compilation => _semanticModel.Compilation;

        private bool IsMvc => _endpoint.Kind != EndpointKind.MinimalApi;

        private IMethodSymbol Handler => _endpoint.Handler;

        private string OperationName => _resourceName + "." + _verb;

        public async Task<PolicyCheckPlan?> BuildAsync(ResourceAccess access)
        {
            var blockBody = BlockOf(_handler);
            var expressionBody = ExpressionOf(_handler);
            if (blockBody is null && expressionBody is null) return null;
            foreach (var name in DeclaredNames(_handler)) _takenNames.Add(name);

            // MVC handlers need ControllerBase/PageModel for User and Forbid().
            if (IsMvc && !(Handler.ContainingType.InheritsFromOrEquals(Types.ControllerBase) || Handler.ContainingType.InheritsFromOrEquals(Types.PageModel)))
            {
                return null;
            }

            // Where: right after the statement that loads the resource into a local (and its not-found exit), or first.
            StatementSyntax? insertAfter = null;
            ExpressionSyntax resource;
            ITypeSymbol? resourceType;
            var loaded = access.Kind == AccessKind.Load ? LoadStatement(access.Operation) : null;
            if (loaded is { } load)
            {
                insertAfter = SkipNotFoundExit(load.Statement, load.Local);
                resource = SyntaxFactory.IdentifierName(load.Local.Name);
                resourceType = load.Local.Type;
            }
            else
            {
                resource = SyntaxFactory.ParseExpression(access.Id);
                var position = blockBody is not null
                    ? (blockBody.Statements.FirstOrDefault()?.SpanStart ?? blockBody.CloseBraceToken.SpanStart)
                    : expressionBody!.SpanStart;
                var info = _semanticModel.GetSpeculativeTypeInfo(position, resource, SpeculativeBindingOption.BindAsExpression);
                resourceType = info.Type;
                if (resourceType is null || resourceType.TypeKind == TypeKind.Error || resource.ContainsDiagnostics) return null;
            }
            var insertionPosition = insertAfter?.Span.End
                ?? blockBody?.OpenBraceToken.Span.End
                ?? expressionBody!.SpanStart;

            var plan = new PolicyCheckPlan("", "", _document.Id, _handler) { InsertAfter = insertAfter };
            var deny = DenyStatement();
            if (deny is null) return null;

            var policy = loaded is not null ? FindPolicyMethod(resourceType, insertionPosition) : null;
            bool needsAwait;
            string title;
            string key;
            if (policy is not null)
            {
                var receiver = policy.Method.IsStatic
                    ? TypeSyntaxFor(policy.Method.ContainingType)
                    : await ServiceReceiverAsync(policy.Method.ContainingType, plan, insertionPosition).ConfigureAwait(false);
                if (receiver is null) return null;
                var actor = policy.Actor ?? ActorExpression(plan);
                var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(actor), SyntaxFactory.Argument(resource) };
                arguments.AddRange(policy.Trailing);
                if (_cancellationParameter is not null && Types.CancellationToken is not null
                    && policy.Trailing.Any(a => a.Expression is IdentifierNameSyntax { Identifier.ValueText: var n } && n == _cancellationParameter))
                {
                    plan.NewParameters.Add(Parameter(Types.CancellationToken, _cancellationParameter));
                }
                ExpressionSyntax call = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(policy.Method.Name)),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
                needsAwait = !policy.Method.ReturnType.Equals(Compilation.GetSpecialType(SpecialType.System_Boolean), SymbolEqualityComparer.Default);
                if (needsAwait) call = SyntaxFactory.AwaitExpression(call);
                plan.Statements.Add(IfNot(call, deny));
                title = $"Add policy check ({policy.Method.ContainingType.Name}.{policy.Method.Name})";
                key = MissingPolicyCheckCodeFixProvider.CallPolicyKey;
            }
            else
            {
                if (Types.IAuthorizationService is null) return null;
                var receiver = await ServiceReceiverAsync(Types.IAuthorizationService, plan, insertionPosition).ConfigureAwait(false);
                if (receiver is null) return null;
                var actor = ActorExpression(plan);
                var local = UniqueName("authorization");
                var authorize = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("AuthorizeAsync")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                    {
                        SyntaxFactory.Argument(actor),
                        SyntaxFactory.Argument(resource),
                        SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(OperationName))),
                    })));
                plan.Statements.Add(SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(local)
                            .WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.AwaitExpression(authorize)))))));
                plan.Statements.Add(IfNot(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(local), SyntaxFactory.IdentifierName("Succeeded")),
                    deny));
                needsAwait = true;
                title = "Add policy check (IAuthorizationService)";
                key = MissingPolicyCheckCodeFixProvider.AddAuthorizationServiceCheckKey;
            }

            // A handler that returns a value returns its expression body (whose own type can be missing: `c ? Ok(x) : NotFound()`).
            plan.ExpressionBodyReturnsValue = expressionBody is not null && !ReturnsNothing();

            if (needsAwait && !Handler.IsAsync)
            {
                if (!MakeAsync(plan)) return null;
                if (InsideLock(insertAfter)) return null;
            }
            if ((plan.MakeAsync || plan.NewParameters.Count > 0) && !await SignatureMayChangeAsync().ConfigureAwait(false)) return null;

            plan.Namespaces.UnionWith(_namespaces);
            plan.Title = title;
            plan.EquivalenceKey = key;
            return plan;
        }

        // ------------------------------------------------------------ where

        private (StatementSyntax Statement, ILocalSymbol Local)? LoadStatement(IOperation access)
        {
            var current = access;
            for (var i = 0; i < 8 && current.Parent is not null; i++)
            {
                switch (current.Parent)
                {
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return Accept(declarator.Syntax.FirstAncestorOrSelf<StatementSyntax>(), declarator.Symbol);
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Parent is IExpressionStatementOperation statement:
                        return Accept(statement.Syntax as StatementSyntax, local.Local);
                    case IConversionOperation or IAwaitOperation or IParenthesizedOperation:
                    case ICoalesceOperation coalesce when coalesce.Value == current:
                        current = current.Parent;
                        continue;
                    default:
                        return null;
                }
            }
            return null;

            (StatementSyntax, ILocalSymbol)? Accept(StatementSyntax? statement, ILocalSymbol local)
            {
                if (statement?.Parent is not BlockSyntax block) return null;
                // The statement must belong to the handler itself, not a nested lambda or local function.
                var owner = block.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);
                if (owner != _handler) return null;
                if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }) return null;
                return (statement, local);
            }
        }

        /// <summary><c>if (invite is null) return NotFound();</c> right after the load stays first: not-found keeps its answer.</summary>
        private static StatementSyntax SkipNotFoundExit(StatementSyntax load, ILocalSymbol local)
        {
            if (load.Parent is not BlockSyntax block) return load;
            var index = block.Statements.IndexOf(load);
            if (index < 0 || index + 1 >= block.Statements.Count) return load;
            if (block.Statements[index + 1] is not IfStatementSyntax { Else: null } check) return load;
            if (!IsNullTest(check.Condition, local.Name)) return load;
            var exit = check.Statement is BlockSyntax b ? b.Statements.LastOrDefault() : check.Statement;
            return exit is ReturnStatementSyntax or ThrowStatementSyntax ? check : load;
        }

        private static bool IsNullTest(ExpressionSyntax condition, string name)
        {
            condition = Unparenthesize(condition);
            return condition switch
            {
                IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax literal } } pattern =>
                    literal.IsKind(SyntaxKind.NullLiteralExpression) && IsName(pattern.Expression, name),
                BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) =>
                    (IsName(binary.Left, name) && binary.Right.IsKind(SyntaxKind.NullLiteralExpression))
                    || (IsName(binary.Right, name) && binary.Left.IsKind(SyntaxKind.NullLiteralExpression)),
                _ => false,
            };
        }

        private static bool IsName(ExpressionSyntax expression, string name) =>
            Unparenthesize(expression) is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

        private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax p) expression = p.Expression;
            return expression;
        }

        private static bool InsideLock(StatementSyntax? anchor) => anchor is not null && anchor.Ancestors().Any(a => a is LockStatementSyntax);

        // ------------------------------------------------------------ deny

        /// <summary><c>return Forbid();</c>, <c>return Results.Forbid();</c> or <c>throw new UnauthorizedAccessException();</c>.</summary>
        private StatementSyntax? DenyStatement()
        {
            var result = ResultType();
            if (IsMvc && result is not null && IsForbidCompatible(result))
            {
                return SyntaxFactory.ParseStatement("return Forbid();");
            }
            if (!IsMvc && result is not null && Types.IResult is not null && Types.Results is not null
                && (result.IsType(Types.IResult) || (_handler is ParenthesizedLambdaExpressionSyntax { ReturnType: null } && result.Implements(Types.IResult))))
            {
                return SyntaxFactory.ReturnStatement(SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        TypeSyntaxFor(Types.Results), SyntaxFactory.IdentifierName("Forbid"))));
            }
            var exception = Compilation.GetTypeByMetadataName("System.UnauthorizedAccessException");
            if (exception is null) return null;
            return SyntaxFactory.ThrowStatement(SyntaxFactory.ObjectCreationExpression(
                TypeSyntaxFor(exception), SyntaxFactory.ArgumentList(), null));
        }

        /// <summary>The handler's result type without Task/ValueTask; null for void and Task.</summary>
        private ITypeSymbol? ResultType()
        {
            var returnType = Handler.ReturnType;
            if (returnType.SpecialType == SpecialType.System_Void || ReturnsNothing()) return null;
            return returnType.UnwrapTask();
        }

        private bool ReturnsNothing()
        {
            var returnType = Handler.ReturnType;
            return returnType.SpecialType == SpecialType.System_Void || returnType.IsType(Types.Task) || returnType.IsType(Types.ValueTask);
        }

        private bool IsForbidCompatible(ITypeSymbol result)
        {
            if (result.IsType(Types.IActionResult)) return true;
            if (result is INamedTypeSymbol named && named.OriginalDefinition.IsType(Types.ActionResultOfT)) return true;
            var forbid = Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ForbidResult");
            if (forbid is null || result.SpecialType == SpecialType.System_Object) return false;
            var conversion = Compilation.ClassifyConversion(forbid, result);
            return conversion.Exists && conversion.IsImplicit;
        }

        // ------------------------------------------------------------ async

        private bool MakeAsync(PolicyCheckPlan plan)
        {
            if (Handler.IsIterator() || Handler.Parameters.Any(p => p.RefKind != RefKind.None)) return false;
            if (Handler.IsOverride || Handler.IsVirtual || Handler.IsAbstract || Handler.PartialDefinitionPart is not null || Handler.PartialImplementationPart is not null) return false;
            if (Handler.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterfaceMember()) return false;
            if (_handler.DescendantNodes().Any(n => n is StackAllocArrayCreationExpressionSyntax or RefTypeSyntax or UnsafeStatementSyntax or FixedStatementSyntax)) return false;
            if (_handler is BaseMethodDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.UnsafeKeyword)) return false;
            if (HasRefLikeLocals()) return false;

            var returnType = Handler.ReturnType;
            var returnTypeSyntax = ReturnTypeSyntax(_handler);
            var taskLike = returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } g
                && g.Name is "Task" or "ValueTask" && g.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
            if (returnType.IsType(Types.Task) || returnType.IsType(Types.ValueTask))
            {
                // `=> SaveAsync()` becomes `await SaveAsync();`; a block returning tasks would need each return split in two: no fix.
                if (ExpressionOf(_handler) is null) return false;
                plan.AwaitReturns = true;
                plan.MakeAsync = true;
                return true;
            }
            if (taskLike)
            {
                plan.AwaitReturns = true;
            }
            else if (returnTypeSyntax is not null)
            {
                var task = returnType.SpecialType == SpecialType.System_Void
                    ? SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
                    : SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task<" + returnTypeSyntax.WithoutTrivia().ToString() + ">");
                _namespaces.Add("System.Threading.Tasks");
                plan.NewReturnType = task
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation)
                    .WithTriviaFrom(returnTypeSyntax);
            }
            else if (_handler is not ParenthesizedLambdaExpressionSyntax)
            {
                return false;
            }
            plan.MakeAsync = true;
            return true;
        }

        private bool ImplementsInterfaceMember()
        {
            var type = Handler.ContainingType;
            if (type is null) return false;
            foreach (var iface in type.AllInterfaces)
            {
                foreach (var member in iface.GetMembers(Handler.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), Handler)) return true;
                }
            }
            return false;
        }

        private bool HasRefLikeLocals()
        {
            foreach (var declarator in _handler.DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                if (_semanticModel.GetDeclaredSymbol(declarator, _cancellationToken) is ILocalSymbol { Type.IsRefLikeType: true } or ILocalSymbol { IsRef: true }) return true;
            }
            return false;
        }

        /// <summary>Changing the signature (async, new parameters) must not break a caller: only nameof and the MapX method group may refer to it.</summary>
        private async Task<bool> SignatureMayChangeAsync()
        {
            if (_handler is ParenthesizedLambdaExpressionSyntax) return true;
            if (_handler is LocalFunctionStatementSyntax local)
            {
                var container = local.Parent?.Parent ?? local.Parent;
                if (container is null) return false;
                foreach (var identifier in container.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (identifier.Identifier.ValueText != local.Identifier.ValueText) continue;
                    if (!SymbolEqualityComparer.Default.Equals(_semanticModel.GetSymbolInfo(identifier, _cancellationToken).Symbol, Handler)) continue;
                    if (identifier.Span != _endpoint.Location.SourceSpan && !InNameOf(identifier)) return false;
                }
                return true;
            }
            var references = await SymbolFinder.FindReferencesAsync(Handler, _document.Project.Solution, _cancellationToken).ConfigureAwait(false);
            foreach (var reference in references)
            {
                foreach (var location in reference.Locations)
                {
                    if (location.Location.SourceTree is not { } tree) return false;
                    var node = (await tree.GetRootAsync(_cancellationToken).ConfigureAwait(false)).FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (InNameOf(node)) continue;
                    if (_endpoint.Kind == EndpointKind.MinimalApi && tree == _endpoint.Location.SourceTree
                        && _endpoint.Location.SourceSpan.Contains(location.Location.SourceSpan)) continue;
                    return false;
                }
            }
            return true;
        }

        private static bool InNameOf(SyntaxNode node) => node.Ancestors().OfType<InvocationExpressionSyntax>()
            .Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

        // ------------------------------------------------------------ who and what

        /// <summary><c>User</c> in controllers and pages; the handler's ClaimsPrincipal (or HttpContext's User) in minimal APIs, added when missing.</summary>
        private ExpressionSyntax ActorExpression(PolicyCheckPlan plan)
        {
            if (IsMvc) return SyntaxFactory.IdentifierName("User");
            foreach (var parameter in Handler.Parameters)
            {
                if (parameter.Type.InheritsFromOrEquals(Types.ClaimsPrincipal)) return SyntaxFactory.IdentifierName(parameter.Name);
            }
            foreach (var parameter in Handler.Parameters)
            {
                if (parameter.Type.InheritsFromOrEquals(Types.HttpContext))
                {
                    return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(parameter.Name), SyntaxFactory.IdentifierName("User"));
                }
            }
            foreach (var added in plan.NewParameters)
            {
                if (added.Identifier.ValueText == _addedUser) return SyntaxFactory.IdentifierName(_addedUser);
            }
            _addedUser = UniqueName("user");
            plan.NewParameters.Add(Parameter(Types.ClaimsPrincipal!, _addedUser));
            return SyntaxFactory.IdentifierName(_addedUser);
        }

        private string? _addedUser;

        /// <summary>An expression for an instance of the service: an existing member or parameter, or one this fix injects.</summary>
        private async Task<ExpressionSyntax?> ServiceReceiverAsync(ITypeSymbol serviceType, PolicyCheckPlan plan, int position)
        {
            var baseName = ServiceName(serviceType);
            if (!IsMvc)
            {
                foreach (var parameter in Handler.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, serviceType)) return SyntaxFactory.IdentifierName(parameter.Name);
                }
                var name = UniqueName(baseName);
                plan.NewParameters.Add(Parameter(serviceType, name));
                return SyntaxFactory.IdentifierName(name);
            }

            foreach (var symbol in _semanticModel.LookupSymbols(position))
            {
                var type = symbol switch
                {
                    IFieldSymbol f when !f.IsImplicitlyDeclared => f.Type,
                    IPropertySymbol p => p.Type,
                    IParameterSymbol p when SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, Handler)
                        || (p.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } c && SymbolEqualityComparer.Default.Equals(c.ContainingType, Handler.ContainingType)) => p.Type,
                    _ => null,
                };
                if (type is not null && SymbolEqualityComparer.Default.Equals(type, serviceType) && !(symbol.IsStatic && !Handler.IsStatic && symbol is IParameterSymbol))
                {
                    return SyntaxFactory.IdentifierName(symbol.Name);
                }
            }

            var injection = await InjectAsync(serviceType, baseName).ConfigureAwait(false);
            if (injection is null) return null;
            plan.Injections.Add(injection);
            if (_takenNames.Contains(injection.MemberName))
            {
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(), SyntaxFactory.IdentifierName(injection.MemberName));
            }
            return SyntaxFactory.IdentifierName(injection.MemberName);
        }

        private async Task<ClassInjection?> InjectAsync(ITypeSymbol serviceType, string baseName)
        {
            var type = Handler.ContainingType;
            if (type is null || type.TypeKind != TypeKind.Class || type.IsStatic) return null;
            var tree = _handler.SyntaxTree;
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
            var primary = declarations.FirstOrDefault(d => d.ParameterList is not null);
            var explicitConstructors = type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();

            // Derived classes would have to pass the new argument.
            var derived = await SymbolFinder.FindDerivedClassesAsync(type, _document.Project.Solution, transitive: false, cancellationToken: _cancellationToken).ConfigureAwait(false);
            if (derived.Any()) return null;
            foreach (var constructor in explicitConstructors)
            {
                var references = await SymbolFinder.FindReferencesAsync(constructor, _document.Project.Solution, _cancellationToken).ConfigureAwait(false);
                if (references.Any(r => r.Locations.Any())) return null;
            }

            var memberNames = new HashSet<string>(type.GetMembers().Select(m => m.Name), StringComparer.Ordinal);
            if (primary is not null)
            {
                if (primary.SyntaxTree != tree || explicitConstructors.Count != 1) return null;
                var names = new HashSet<string>(primary.ParameterList!.Parameters.Select(p => p.Identifier.ValueText), StringComparer.Ordinal);
                var parameterName = Unique(baseName, n => names.Contains(n) || memberNames.Contains(n));
                return new ClassInjection(InjectionStyle.PrimaryConstructor, primary, null, serviceType, parameterName, parameterName, qualifyWithThis: false);
            }

            var fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsImplicitlyDeclared && !f.IsStatic && !f.IsConst).ToList();
            var underscore = fields.Count == 0 || fields.Any(f => f.Name.StartsWith("_", StringComparison.Ordinal));
            if (explicitConstructors.Count == 1)
            {
                var constructor = explicitConstructors[0].DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) as ConstructorDeclarationSyntax;
                if (constructor is null || constructor.SyntaxTree != tree) return null;
                if (constructor.Body is null && constructor.ExpressionBody is null) return null;
                if (constructor.Initializer is { } init && init.IsKind(SyntaxKind.ThisConstructorInitializer)) return null;
                var parameterNames = new HashSet<string>(constructor.ParameterList.Parameters.Select(p => p.Identifier.ValueText), StringComparer.Ordinal);
                var fieldName = Unique(underscore ? "_" + baseName : baseName, memberNames.Contains);
                var parameterName = Unique(baseName, parameterNames.Contains);
                var declaration = constructor.FirstAncestorOrSelf<TypeDeclarationSyntax>()!;
                return new ClassInjection(InjectionStyle.ExistingConstructor, declaration, constructor, serviceType, fieldName, parameterName,
                    qualifyWithThis: fieldName == parameterName);
            }
            if (explicitConstructors.Count == 0)
            {
                // A partial class spread over files would get one constructor per file from a per-document Fix All.
                if (declarations.Any(d => d.SyntaxTree != tree)) return null;
                // Always the first declaration, so every plan of the class targets the same one.
                var declaration = declarations.OrderBy(d => d.SpanStart).FirstOrDefault();
                if (declaration is null) return null;
                var fieldName = Unique(underscore ? "_" + baseName : baseName, memberNames.Contains);
                var parameterName = baseName;
                return new ClassInjection(InjectionStyle.NewConstructor, declaration, null, serviceType, fieldName, parameterName,
                    qualifyWithThis: fieldName == parameterName);
            }
            return null;
        }

        private static string ServiceName(ITypeSymbol type)
        {
            var name = type.Name;
            if (type.TypeKind == TypeKind.Interface && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1])) name = name.Substring(1);
            return char.ToLowerInvariant(name[0]) + name.Substring(1);
        }

        private ParameterSyntax Parameter(ITypeSymbol type, string name) =>
            SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)).WithType(TypeSyntaxFor(type));

        private string UniqueName(string baseName)
        {
            var name = Unique(baseName, n => _takenNames.Contains(n) || _semanticModel.LookupSymbols(_handler.SpanStart, name: n).Any(s => s is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol));
            _takenNames.Add(name);
            return name;
        }

        private static string Unique(string baseName, Func<string, bool> taken)
        {
            if (!taken(baseName)) return baseName;
            for (var i = 2; ; i++)
            {
                if (!taken(baseName + i.ToString(CultureInfo.InvariantCulture))) return baseName + i.ToString(CultureInfo.InvariantCulture);
            }
        }

        // ------------------------------------------------------------ central policy

        private sealed class PolicyCall
        {
            public PolicyCall(IMethodSymbol method, ExpressionSyntax? actor, List<ArgumentSyntax> trailing, int score)
            {
                Method = method;
                Actor = actor;
                Trailing = trailing;
                Score = score;
            }

            public IMethodSymbol Method { get; }
            public ExpressionSyntax? Actor { get; }
            public List<ArgumentSyntax> Trailing { get; }
            public int Score { get; }
        }

        /// <summary>
        /// A method of a marked or configured policy that fits: (actor, resource[, operation][, CancellationToken]) returning
        /// bool / Task&lt;bool&gt;, named for this verb (or for no verb at all, or taking the operation).
        /// </summary>
        private PolicyCall? FindPolicyMethod(ITypeSymbol? resourceType, int position)
        {
            if (resourceType is null) return null;
            if (resourceType.NullableAnnotation == NullableAnnotation.Annotated) resourceType = resourceType.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            PolicyCall? best = null;
            foreach (var method in PolicyMethods())
            {
                var call = Fit(method, resourceType, position);
                if (call is not null && (best is null || call.Score > best.Score)) best = call;
            }
            return best;
        }

        private IEnumerable<IMethodSymbol> PolicyMethods()
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var types = new List<INamedTypeSymbol>();
            var methods = new List<IMethodSymbol>();
            CollectMarked(Compilation.Assembly.GlobalNamespace, types, methods);
            var tree = _handler.SyntaxTree;
            foreach (var name in _model.Option(tree, OptionKeys.PolicyTypes))
            {
                if (Compilation.GetTypeByMetadataName(name) is { } configured) types.Add(configured);
            }
            foreach (var name in _model.Option(tree, OptionKeys.PolicyMethods))
            {
                var dot = name.LastIndexOf('.');
                if (dot <= 0) continue;
                if (Compilation.GetTypeByMetadataName(name.Substring(0, dot)) is { } owner)
                {
                    methods.AddRange(owner.GetMembers(name.Substring(dot + 1)).OfType<IMethodSymbol>());
                }
            }
            // Interfaces first: that is what the container hands out.
            foreach (var type in types.OrderBy(t => t.TypeKind == TypeKind.Interface ? 0 : 1))
            {
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    if (seen.Add(method)) yield return method;
                }
            }
            foreach (var method in methods)
            {
                if (seen.Add(method)) yield return method;
            }
        }

        private static void CollectMarked(INamespaceSymbol ns, List<INamedTypeSymbol> types, List<IMethodSymbol> methods)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    CollectMarked(child, types, methods);
                }
                else if (member is INamedTypeSymbol type)
                {
                    CollectMarked(type, types, methods);
                }
            }
        }

        private static void CollectMarked(INamedTypeSymbol type, List<INamedTypeSymbol> types, List<IMethodSymbol> methods)
        {
            if (type.HasAttributeNamed(PolicyChecks.PolicyAttributeName)) types.Add(type);
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && method.HasAttributeNamed(PolicyChecks.PolicyAttributeName)) methods.Add(method);
                else if (member is INamedTypeSymbol nested) CollectMarked(nested, types, methods);
            }
        }

        private PolicyCall? Fit(IMethodSymbol method, ITypeSymbol resourceType, int position)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsGenericMethod || method.Parameters.Length < 2) return null;
            if (!Compilation.IsSymbolAccessibleWithin(method, Handler.ContainingType ?? (ISymbol)Compilation.Assembly)) return null;
            var returnType = method.ReturnType;
            var boolean = Compilation.GetSpecialType(SpecialType.System_Boolean);
            if (!SymbolEqualityComparer.Default.Equals(returnType, boolean)
                && !(returnType.UnwrapTask() is { } inner && !SymbolEqualityComparer.Default.Equals(inner, returnType) && SymbolEqualityComparer.Default.Equals(inner, boolean)))
            {
                return null;
            }
            if (method.Parameters.Any(p => p.RefKind != RefKind.None)) return null;

            // Actor.
            var actorParameter = method.Parameters[0];
            ExpressionSyntax? actor = null;
            if (!actorParameter.Type.InheritsFromOrEquals(Types.ClaimsPrincipal) && !Types.ClaimsPrincipal.InheritsFromOrEquals(actorParameter.Type as INamedTypeSymbol))
            {
                if (!ActorWords.Contains(Names.LastWord(actorParameter.Type.Name))) return null;
                var inScope = _semanticModel.LookupSymbols(position).FirstOrDefault(s => s switch
                {
                    ILocalSymbol l => Converts(l.Type, actorParameter.Type),
                    IParameterSymbol p => Converts(p.Type, actorParameter.Type),
                    IFieldSymbol f => !f.IsImplicitlyDeclared && Converts(f.Type, actorParameter.Type),
                    IPropertySymbol p => Converts(p.Type, actorParameter.Type),
                    _ => false,
                });
                if (inScope is null) return null;
                actor = SyntaxFactory.IdentifierName(inScope.Name);
            }
            else if (actorParameter.Type.SpecialType == SpecialType.System_Object)
            {
                return null;
            }

            // Resource.
            var resourceParameter = method.Parameters[1];
            if (resourceParameter.Type.SpecialType == SpecialType.System_Object || !Converts(resourceType, resourceParameter.Type)) return null;

            // Operation, cancellation, optional rest.
            var trailing = new List<ArgumentSyntax>();
            var hasOperation = false;
            var skipped = false;
            for (var i = 2; i < method.Parameters.Length; i++)
            {
                var parameter = method.Parameters[i];
                ExpressionSyntax? value = null;
                if (i == 2 && parameter.Type.SpecialType == SpecialType.System_String && !parameter.HasExplicitDefaultValue)
                {
                    value = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(OperationName));
                    hasOperation = true;
                }
                else if (i == 2 && parameter.Type.TypeKind == TypeKind.Enum && EnumMember(parameter.Type) is { } member)
                {
                    value = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        TypeSyntaxFor(parameter.Type), SyntaxFactory.IdentifierName(member));
                    hasOperation = true;
                }
                else if (parameter.Type.IsType(Types.CancellationToken))
                {
                    value = CancellationExpression(parameter.HasExplicitDefaultValue);
                }
                else if (!parameter.HasExplicitDefaultValue && !parameter.IsParams)
                {
                    return null;
                }
                if (value is null)
                {
                    skipped = true;
                    continue;
                }
                var argument = SyntaxFactory.Argument(value);
                if (skipped) argument = argument.WithNameColon(SyntaxFactory.NameColon(parameter.Name));
                trailing.Add(argument);
            }

            // Name: this verb wins; a verb-less name is generic; a name for another operation never fits.
            var words = Names.Words(method.Name);
            var own = VerbWords[_verb];
            var score = 0;
            if (words.Any(own.Contains)) score += 4;
            else if (words.Any(w => OtherVerbs.Contains(w) || VerbWords.Values.Any(v => v.Contains(w)))) { if (!hasOperation) return null; }
            else score += 1;
            if (hasOperation) score += 2;
            if (words.Contains(_resourceName.ToLowerInvariant())) score += 1;
            return new PolicyCall(method, actor, trailing, score);
        }

        private bool Converts(ITypeSymbol from, ITypeSymbol to)
        {
            var conversion = Compilation.ClassifyConversion(from, to);
            return conversion.Exists && conversion.IsImplicit && !conversion.IsUserDefined;
        }

        private string? EnumMember(ITypeSymbol enumType)
        {
            var own = VerbWords[_verb];
            foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && (field.Name == _verb || Names.Words(field.Name).Any(own.Contains))) return field.Name;
            }
            return null;
        }

        /// <summary>The handler's CancellationToken, the request's (MVC, HttpContext parameter), nothing when optional, or a new handler parameter.</summary>
        private ExpressionSyntax? CancellationExpression(bool optional)
        {
            foreach (var parameter in Handler.Parameters)
            {
                if (parameter.Type.IsType(Types.CancellationToken)) return SyntaxFactory.IdentifierName(parameter.Name);
            }
            if (optional) return null;
            if (IsMvc)
            {
                return SyntaxFactory.ParseExpression("HttpContext.RequestAborted");
            }
            foreach (var parameter in Handler.Parameters)
            {
                if (parameter.Type.InheritsFromOrEquals(Types.HttpContext)) return SyntaxFactory.ParseExpression(parameter.Name + ".RequestAborted");
            }
            // Minimal APIs bind a CancellationToken parameter to the request's: the writer adds it when the call is chosen.
            _cancellationParameter ??= UniqueName("cancellationToken");
            return SyntaxFactory.IdentifierName(_cancellationParameter);
        }

        private string? _cancellationParameter;

        // ------------------------------------------------------------ syntax helpers

        /// <summary>A fully qualified type name the Simplifier reduces once the writer has added its namespace's using.</summary>
        private TypeSyntax TypeSyntaxFor(ITypeSymbol type)
        {
            if (type.ContainingNamespace is { IsGlobalNamespace: false } ns) _namespaces.Add(ns.ToDisplayString());
            return (TypeSyntax)_generator.TypeExpression(type, addImport: true);
        }

        /// <summary><c>if (!condition) deny</c> on one line: the space before the statement is not elastic, so the formatter keeps it.</summary>
        private static IfStatementSyntax IfNot(ExpressionSyntax condition, StatementSyntax deny)
        {
            return SyntaxFactory.IfStatement(SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, condition), deny.WithoutLeadingTrivia())
                .WithCloseParenToken(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseParenToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        }

        private static IEnumerable<string> DeclaredNames(SyntaxNode handler)
        {
            foreach (var node in handler.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax v: yield return v.Identifier.ValueText; break;
                    case SingleVariableDesignationSyntax s: yield return s.Identifier.ValueText; break;
                    case ParameterSyntax p: yield return p.Identifier.ValueText; break;
                    case ForEachStatementSyntax f: yield return f.Identifier.ValueText; break;
                    case CatchDeclarationSyntax c when c.Identifier.RawKind != 0: yield return c.Identifier.ValueText; break;
                    case LocalFunctionStatementSyntax l: yield return l.Identifier.ValueText; break;
                    case QueryClauseSyntax q when q is FromClauseSyntax from: yield return from.Identifier.ValueText; break;
                    case LetClauseSyntax let: yield return let.Identifier.ValueText; break;
                }
            }
        }

        public static BlockSyntax? BlockOf(SyntaxNode handler) => handler switch
        {
            BaseMethodDeclarationSyntax m => m.Body,
            LocalFunctionStatementSyntax l => l.Body,
            AnonymousFunctionExpressionSyntax a => a.Block,
            _ => null,
        };

        public static ExpressionSyntax? ExpressionOf(SyntaxNode handler) => handler switch
        {
            BaseMethodDeclarationSyntax m => m.ExpressionBody?.Expression,
            LocalFunctionStatementSyntax l => l.ExpressionBody?.Expression,
            AnonymousFunctionExpressionSyntax a => a.ExpressionBody,
            _ => null,
        };

        private static TypeSyntax? ReturnTypeSyntax(SyntaxNode handler) => handler switch
        {
            MethodDeclarationSyntax m => m.ReturnType,
            LocalFunctionStatementSyntax l => l.ReturnType,
            ParenthesizedLambdaExpressionSyntax p => p.ReturnType,
            _ => null,
        };
    }
}

internal static class MethodSymbolExtensions
{
    /// <summary>Iterator methods (yield) cannot become async.</summary>
    public static bool IsIterator(this IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.Any(r => r.GetSyntax().DescendantNodes().Any(n => n is YieldStatementSyntax));
}
