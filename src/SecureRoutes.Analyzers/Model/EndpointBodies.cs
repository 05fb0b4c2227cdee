using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureRoutes.Analyzers.Model;

/// <summary>An endpoint with its body operation and a lazily built flow graph, handed to rules by <see cref="EndpointActions"/>.</summary>
internal sealed class EndpointBody
{
    private readonly Lazy<ControlFlowGraph?> _graph;

    public EndpointBody(Endpoint endpoint, IOperation body, Func<ControlFlowGraph?> graph)
    {
        Endpoint = endpoint;
        Body = body;
        _graph = new Lazy<ControlFlowGraph?>(graph);
    }

    public Endpoint Endpoint { get; }

    /// <summary>The method body or the lambda body.</summary>
    public IOperation Body { get; }

    public ControlFlowGraph? Graph => _graph.Value;

    /// <summary>Code that does not compile yet (unresolved calls, invalid operations): rules do not report on it.</summary>
    public bool HasErrors => Body.DescendantsAndSelf().Any(o =>
        o is IInvalidOperation || (o is IInvocationOperation i && i.TargetMethod.ContainingType?.TypeKind == TypeKind.Error));
}

/// <summary>
/// Registers the two actions that find every endpoint (operation blocks of actions and page handlers; MapX invocations
/// for minimal APIs) and hands each one, with its body, to a rule. Rules never repeat endpoint discovery.
/// </summary>
internal static class EndpointActions
{
    public static void Register(CompilationStartAnalysisContext context, SecureRoutesModel model, Action<EndpointBody, Action<Diagnostic>, CancellationToken> analyze)
    {
        // The callbacks run for every method and every invocation of the compilation: the closures an endpoint body
        // needs are made in the helpers below, only for endpoints.
        context.RegisterOperationBlockAction(block =>
        {
            if (block.OwningSymbol is not IMethodSymbol method) return;
            var endpoint = model.Endpoints.TryGetMethodEndpoint(method);
            if (endpoint is null) return;
            AnalyzeMethodEndpoint(block, endpoint, analyze);
        });

        context.RegisterOperationAction(operation =>
        {
            var invocation = (IInvocationOperation)operation.Operation;
            var endpoint = model.Endpoints.TryGetMinimalApi(invocation);
            if (endpoint is null) return;
            AnalyzeMinimalApi(operation, invocation, endpoint, model, analyze);
        }, OperationKind.Invocation);
    }

    private static void AnalyzeMethodEndpoint(OperationBlockAnalysisContext block, Endpoint endpoint, Action<EndpointBody, Action<Diagnostic>, CancellationToken> analyze)
    {
        var root = block.OperationBlocks.FirstOrDefault(b => b is IMethodBodyOperation) ?? block.OperationBlocks.FirstOrDefault(b => b is IBlockOperation);
        if (root is null) return;
        var body = new EndpointBody(endpoint, root, () => SafeGraph(() => block.GetControlFlowGraph(root)));
        analyze(body, block.ReportDiagnostic, block.CancellationToken);
    }

    private static void AnalyzeMinimalApi(OperationAnalysisContext operation, IInvocationOperation invocation, Endpoint endpoint, SecureRoutesModel model,
        Action<EndpointBody, Action<Diagnostic>, CancellationToken> analyze)
    {
        EndpointBody? body = null;
        if (endpoint.Lambda is { } lambda)
        {
            body = new EndpointBody(endpoint, lambda.Body, () => SafeGraph(() => FindNested(operation.GetControlFlowGraph(), endpoint.Handler, 0)));
        }
        else if (endpoint.Handler.MethodKind == MethodKind.LocalFunction)
        {
            var local = FindLocalFunctionBody(invocation, endpoint.Handler);
            if (local is not null) body = new EndpointBody(endpoint, local, () => SafeGraph(() => FindNested(operation.GetControlFlowGraph(), endpoint.Handler, 0)));
        }
        else
        {
            var graph = model.GetGraph(endpoint.Handler, operation.CancellationToken);
            var root = graph?.OriginalOperation;
            if (root is not null) body = new EndpointBody(endpoint, root, () => graph);
        }
        if (body is not null) analyze(body, operation.ReportDiagnostic, operation.CancellationToken);
    }

    private static ControlFlowGraph? SafeGraph(Func<ControlFlowGraph?> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static IOperation? FindLocalFunctionBody(IOperation anchor, IMethodSymbol localFunction)
    {
        var root = anchor;
        while (root.Parent is not null) root = root.Parent;
        return root.DescendantsAndSelf().OfType<ILocalFunctionOperation>()
            .FirstOrDefault(l => SymbolEqualityComparer.Default.Equals(l.Symbol, localFunction))?.Body;
    }

    /// <summary>The flow graph of a lambda or local function nested (at any depth) in a graph.</summary>
    private static ControlFlowGraph? FindNested(ControlFlowGraph graph, IMethodSymbol target, int depth)
    {
        if (depth > 8) return null;
        foreach (var local in graph.LocalFunctions)
        {
            var nested = graph.GetLocalFunctionControlFlowGraph(local);
            if (SymbolEqualityComparer.Default.Equals(local, target)) return nested;
            var found = FindNested(nested, target, depth + 1);
            if (found is not null) return found;
        }
        foreach (var block in graph.Blocks)
        {
            var roots = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
            foreach (var op in roots.SelectMany(r => r.DescendantsAndSelf()).OfType<IFlowAnonymousFunctionOperation>())
            {
                var nested = graph.GetAnonymousFunctionControlFlowGraph(op);
                if (SymbolEqualityComparer.Default.Equals(op.Symbol, target)) return nested;
                var found = FindNested(nested, target, depth + 1);
                if (found is not null) return found;
            }
        }
        return null;
    }
}
