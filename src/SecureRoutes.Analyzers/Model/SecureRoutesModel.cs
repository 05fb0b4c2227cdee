using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureRoutes.Analyzers.Model;

/// <summary>
/// The shared model every rule asks, created once per compilation in <c>RegisterCompilationStartAction</c>.
/// It holds the well-known types, reads options, and memoizes per-method facts (bodies, flow graphs, summaries) so a
/// method body is summarised once, whichever rule or endpoint asks first. Nothing here is static: the model lives and
/// dies with its compilation.
/// </summary>
internal sealed class SecureRoutesModel
{
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _semanticModels = new();
    private readonly ConcurrentDictionary<IMethodSymbol, ControlFlowGraph?> _graphs = new(SymbolEqualityComparer.Default);

    private SecureRoutesModel(Compilation compilation, AnalyzerOptions options, KnownTypes types)
    {
        Compilation = compilation;
        Options = options;
        Types = types;
        Endpoints = new Endpoints(this);
        Policies = new PolicyChecks(this);
        ClientInput = new ClientInput(this);
        DataAccess = new DataAccess(this);
        Decisions = new AuthorizationDecisions(this);
        Privileges = new Privileges(this);
        Entities = new Entities(this);
        Secrets = new Secrets(this);
        LogSinks = new LogSinks(this, Secrets.Flow);
    }

    public Compilation Compilation { get; }
    public AnalyzerOptions Options { get; }
    public KnownTypes Types { get; }
    public Endpoints Endpoints { get; }
    public PolicyChecks Policies { get; }
    public ClientInput ClientInput { get; }
    public DataAccess DataAccess { get; }
    public AuthorizationDecisions Decisions { get; }
    public Privileges Privileges { get; }
    public Entities Entities { get; }
    public Secrets Secrets { get; }
    public LogSinks LogSinks { get; }

    /// <summary>
    /// One model per compilation, shared by every rule of the package: a method body is bound, graphed and summarised
    /// once whichever rule asks first. The table holds the model only as long as the compilation lives.
    /// </summary>
    private static readonly ConditionalWeakTable<Compilation, SecureRoutesModel> Shared = new();

    /// <summary>Null when ASP.NET Core is not referenced: rules then register nothing.</summary>
    public static SecureRoutesModel? TryCreate(Compilation compilation, AnalyzerOptions options)
    {
        if (Shared.TryGetValue(compilation, out var existing) && ReferenceEquals(existing.Options, options)) return existing;
        var types = new KnownTypes(compilation);
        if (!types.IsAspNetCore) return null;
        var model = new SecureRoutesModel(compilation, options, types);
        if (existing is null)
        {
            // Another analyzer may have added one meanwhile: take whichever won, so all share it.
            model = Shared.GetValue(compilation, _ => model);
            if (!ReferenceEquals(model.Options, options)) model = new SecureRoutesModel(compilation, options, types);
        }
        return model;
    }

    public T Option<T>(SyntaxTree tree, OptionKey<T> key) => Options.Get(tree, key);

    public SemanticModel GetSemanticModel(SyntaxTree tree) =>
#pragma warning disable RS1030 // looking into callee bodies in other trees; cached per tree for the compilation's lifetime
        _semanticModels.GetOrAdd(tree, t => Compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    /// <summary>The flow graph of a source method's body (first declaration with a body), or null.</summary>
    public ControlFlowGraph? GetGraph(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        return _graphs.GetOrAdd(method, m => BuildGraph(m, cancellationToken));
    }

    private ControlFlowGraph? BuildGraph(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.MethodKind == MethodKind.LocalFunction || method.MethodKind == MethodKind.AnonymousFunction) return null;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!Compilation.ContainsSyntaxTree(syntax.SyntaxTree)) continue;
            var operation = GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax, cancellationToken);
            try
            {
                switch (operation)
                {
                    case IMethodBodyOperation body when body.BlockBody is not null || body.ExpressionBody is not null:
                        return ControlFlowGraph.Create(body, cancellationToken);
                    case IConstructorBodyOperation ctor:
                        return ControlFlowGraph.Create(ctor, cancellationToken);
                }
            }
            catch (System.ArgumentException)
            {
                // Operation trees of code that does not compile can be rejected by the flow-graph builder.
                return null;
            }
        }
        return null;
    }
}
