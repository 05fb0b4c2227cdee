using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

/// <summary>How a call takes part in a central policy decision.</summary>
internal enum PolicyCallKind
{
    None,

    /// <summary>Returns the decision (bool, AuthorizationResult, a decision object): it guards only where the result is used to deny.</summary>
    ReturnsDecision,

    /// <summary>Returns normally only when allowed (void/Task policy methods, helpers that check on every path and throw otherwise).</summary>
    ThrowsOnDeny,
}

/// <summary>
/// What a central policy check is: <c>IAuthorizationService.AuthorizeAsync</c> (any overload), a method of a type or a
/// method marked <c>[AuthorizationPolicy]</c> (any namespace), or listed in <c>secure_routes.policy_types</c> /
/// <c>secure_routes.policy_methods</c>; and, through memoized summaries, source helpers and filters that perform one.
/// </summary>
internal sealed class PolicyChecks
{
    public const string PolicyAttributeName = "AuthorizationPolicy";
    private const int MaxDepth = 3;

    private static readonly string[] FilterMethodNames =
    {
        "OnAuthorization", "OnAuthorizationAsync", "OnActionExecuting", "OnActionExecutionAsync",
        "OnPageHandlerExecuting", "OnPageHandlerExecutionAsync", "OnPageHandlerSelected", "OnPageHandlerSelectionAsync", "InvokeAsync",
    };

    private readonly SecureRoutesModel _model;
    private readonly ConcurrentDictionary<IMethodSymbol, PolicyCallKind> _helperSummaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _mayCallPolicy = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _calleeChecks = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _filterSummaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, (ImmutableArray<string> Types, ImmutableArray<string> Methods)> _configured = new();
    private readonly Lazy<ImmutableArray<ITypeSymbol>> _globalFilters;
    private readonly Lazy<ImmutableHashSet<string>> _policyMethodNames;

    public PolicyChecks(SecureRoutesModel model)
    {
        _model = model;
        _globalFilters = new Lazy<ImmutableArray<ITypeSymbol>>(FindGlobalMvcFilters, LazyThreadSafetyMode.ExecutionAndPublication);
        _policyMethodNames = new Lazy<ImmutableHashSet<string>>(FindPolicyMethodNames, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private KnownTypes Types => _model.Types;

    /// <summary>Is the invocation itself a central policy check (not counting helpers)?</summary>
    public bool IsPolicyMethod(IMethodSymbol method, SyntaxTree tree)
    {
        if (IsAuthorizationService(method)) return true;
        if (method.HasAttributeNamed(PolicyAttributeName)) return true;
        for (var t = method.ContainingType; t is not null; t = t.BaseType)
        {
            if (t.HasAttributeNamed(PolicyAttributeName)) return true;
        }
        if (method.ContainingType is { } type && type.AllInterfaces.Any(i => i.HasAttributeNamed(PolicyAttributeName))) return true;
        // An implementation of a marked interface method.
        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            if (implemented.HasAttributeNamed(PolicyAttributeName)) return true;
        }
        return IsConfigured(method, tree);
    }

    private bool IsAuthorizationService(IMethodSymbol method)
    {
        if (method.Name != "AuthorizeAsync") return false;
        var type = method.ContainingType;
        return type.IsType(Types.AuthorizationServiceExtensions) || type.Implements(Types.IAuthorizationService);
    }

    private bool IsConfigured(IMethodSymbol method, SyntaxTree tree)
    {
        var (types, methods) = _configured.GetOrAdd(tree, t => (
            _model.Option(t, OptionKeys.PolicyTypes),
            _model.Option(t, OptionKeys.PolicyMethods)));
        if (types.IsEmpty && methods.IsEmpty) return false;
        var typeName = FullName(method.ContainingType);
        if (typeName is null) return false;
        if (types.Contains(typeName)) return true;
        foreach (var iface in method.ContainingType.AllInterfaces)
        {
            if (FullName(iface) is { } n && types.Contains(n)) return true;
        }
        return methods.Contains(typeName + "." + method.Name);
    }

    private static string? FullName(INamedTypeSymbol? type)
    {
        if (type is null) return null;
        var definition = type.OriginalDefinition;
        var ns = definition.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        var outer = "";
        for (var c = definition.ContainingType; c is not null; c = c.ContainingType) outer = c.Name + "." + outer;
        return ns + outer + definition.Name;
    }

    /// <summary>
    /// How a call takes part in a policy decision: a policy method itself, or a source helper (private method, base-class
    /// method, service method in this compilation) that performs one, summarised once and to a bounded depth.
    /// </summary>
    public PolicyCallKind Classify(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var kind = Classify(invocation.TargetMethod, invocation.Syntax.SyntaxTree, 0, cancellationToken);
        return kind != PolicyCallKind.None ? kind : ClassifyDispatch(invocation, cancellationToken);
    }

    /// <summary>
    /// <c>mediator.Send(new RevokeInvite(id))</c>: the request's handler in this compilation (a type implementing a
    /// generic interface over the request type, next to it) performs the check, so the dispatch acts as one.
    /// </summary>
    private PolicyCallKind ClassifyDispatch(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        if (invocation.TargetMethod.Name is not ("Send" or "SendAsync" or "Publish" or "Execute" or "ExecuteAsync" or "Dispatch" or "DispatchAsync")) return PolicyCallKind.None;
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value;
            while (value is IConversionOperation conversion) value = conversion.Operand;
            if (value is not IObjectCreationOperation { Type: INamedTypeSymbol request } || !request.IsInSource()) continue;
            foreach (var handler in HandlersOf(request))
            {
                if (Classify(handler, invocation.Syntax.SyntaxTree, 1, cancellationToken) != PolicyCallKind.None) return PolicyCallKind.ThrowsOnDeny;
            }
        }
        return PolicyCallKind.None;
    }

    /// <summary>Handle methods of the types next to a request type that implement a generic interface over it (MediatR-style).</summary>
    internal static IEnumerable<IMethodSymbol> HandlersOf(INamedTypeSymbol request)
    {
        var candidates = new List<INamedTypeSymbol>();
        if (request.ContainingType is { } outer) candidates.AddRange(outer.GetTypeMembers());
        if (request.ContainingNamespace is { } ns) candidates.AddRange(ns.GetTypeMembers());
        foreach (var type in candidates)
        {
            if (!type.AllInterfaces.Any(i => i.TypeArguments.Any(t => SymbolEqualityComparer.Default.Equals(t, request)))) continue;
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.Name is "Handle" or "HandleAsync" or "Consume" or "Execute" or "ExecuteAsync") yield return method;
            }
        }
    }

    private PolicyCallKind Classify(IMethodSymbol method, SyntaxTree tree, int depth, CancellationToken cancellationToken)
    {
        if (IsPolicyMethod(method, tree)) return ReturnsNothing(method) ? PolicyCallKind.ThrowsOnDeny : PolicyCallKind.ReturnsDecision;
        if (depth >= MaxDepth || !method.IsInSource() || method.IsFrameworkNamespace()) return PolicyCallKind.None;
        var key = method.OriginalDefinition;
        if (_helperSummaries.TryGetValue(key, out var known)) return known;
        if (!_mayCallPolicy.GetOrAdd(key, m => MayCallPolicy(m, 0))) return PolicyCallKind.None; // asked for every call to a source method
        // Recursion is bounded by depth. Only summaries computed from the top are cached: a nested one is cut short by
        // its caller's depth, and caching it would make results depend on which endpoint (thread) asked first.
        var summary = SummarizeHelper(key, depth, cancellationToken);
        if (depth == 0) _helperSummaries.TryAdd(key, summary);
        return summary;
    }

    /// <summary>
    /// Does a source method (a service, a helper, another action) perform a policy check anywhere in its body, 3 calls
    /// deep? A data access delegated to such a method is that method's responsibility, not the caller's.
    /// </summary>
    public bool CalleePerformsCheck(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!method.IsInSource() || method.IsFrameworkNamespace()) return false;
        return _calleeChecks.GetOrAdd(method.OriginalDefinition, m =>
        {
            if (!MayCallPolicy(m, 0)) return false;
            var graph = _model.GetGraph(m, cancellationToken);
            return graph is not null && new FlowGuards(graph, (inv, ct) => Classify(inv.TargetMethod, inv.Syntax.SyntaxTree, 1, ct), cancellationToken).HasAnyPolicyCall;
        });
    }

    /// <summary>Names a policy call can have: AuthorizeAsync, and every method of a marked type and every marked method in source.</summary>
    private ImmutableHashSet<string> PolicyMethodNames => _policyMethodNames.Value;

    private ImmutableHashSet<string> FindPolicyMethodNames()
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        names.Add("AuthorizeAsync");
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(_model.Compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns) { pending.Push(ns); continue; }
                if (member is not INamedTypeSymbol type) continue;
                pending.Push(type);
                var marked = type.HasAttributeNamed(PolicyAttributeName) || type.AllInterfaces.Any(i => i.HasAttributeNamed(PolicyAttributeName));
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    if (marked || method.HasAttributeNamed(PolicyAttributeName)) names.Add(method.Name);
                }
            }
        }
        return names.ToImmutable();
    }

    /// <summary>Verbs policy methods of referenced assemblies or configured types are usually named with.</summary>
    private static readonly ImmutableArray<string> PolicyVerbs = ImmutableArray.Create("Can", "Authorize", "Ensure", "Check", "Demand", "Assert", "Require", "Allow", "May", "Is", "Has", "Verify", "Evaluate", "Decide");

    /// <summary>
    /// Syntax-only test before a helper is bound and graphed: does its body call something that can be a policy check
    /// (a name of a policy method in source, a policy-like verb, a dispatch, a configured name), or a method of its
    /// own type that does? Binding every called method to summarise it was most of the analyzers' cost.
    /// </summary>
    private bool MayCallPolicy(IMethodSymbol method, int depth)
    {
        if (depth > MaxDepth) return false;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var configured = _configured.GetOrAdd(syntax.SyntaxTree, t => (_model.Option(t, OptionKeys.PolicyTypes), _model.Option(t, OptionKeys.PolicyMethods)));
            if (!configured.Types.IsEmpty) return true; // configured types: any member name can be a check
            foreach (var invocation in syntax.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
            {
                var name = invocation.Expression switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
                    Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax n => n.Identifier.ValueText,
                    Microsoft.CodeAnalysis.CSharp.Syntax.MemberBindingExpressionSyntax b => b.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name is null) continue;
                if (PolicyMethodNames.Contains(name) || PolicyVerbs.Any(v => name.StartsWith(v, StringComparison.Ordinal))
                    || name is "Send" or "SendAsync" or "Publish" or "Execute" or "ExecuteAsync" or "Dispatch" or "DispatchAsync"
                    || configured.Methods.Any(m => m.EndsWith("." + name, StringComparison.Ordinal)))
                {
                    return true;
                }
                foreach (var sibling in method.ContainingType.GetMembers(name).OfType<IMethodSymbol>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(sibling, method) && MayCallPolicy(sibling, depth + 1)) return true;
                }
            }
        }
        return false;
    }

    private PolicyCallKind SummarizeHelper(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        var graph = _model.GetGraph(method, cancellationToken);
        if (graph is null) return PolicyCallKind.None;
        var guards = new FlowGuards(graph, (inv, ct) => Classify(inv.TargetMethod, inv.Syntax.SyntaxTree, depth + 1, ct), cancellationToken);
        if (!guards.HasAnyPolicyCall) return PolicyCallKind.None;
        // A helper that returns the decision (bool / result) is a decision; one whose every normal exit is guarded
        // (it throws or returns early on deny) acts as a check at its call site.
        var returnType = method.ReturnType.UnwrapTask();
        if (returnType.SpecialType == SpecialType.System_Boolean || returnType.IsType(Types.AuthorizationResult))
        {
            return guards.ReturnsDecision ? PolicyCallKind.ReturnsDecision : PolicyCallKind.None;
        }
        return guards.ExitGuarded ? PolicyCallKind.ThrowsOnDeny : PolicyCallKind.None;
    }

    private bool ReturnsNothing(IMethodSymbol method) =>
        method.ReturnsVoid || method.ReturnType.IsType(Types.Task) || method.ReturnType.IsType(Types.ValueTask);

    /// <summary>Does a filter type (or endpoint-filter delegate) perform a policy check?</summary>
    public bool FilterPerformsCheck(ITypeSymbol filterType, CancellationToken cancellationToken) =>
        _filterSummaries.GetOrAdd(filterType.OriginalDefinition, t => ComputeFilter(t, cancellationToken));

    private bool ComputeFilter(ITypeSymbol filterType, CancellationToken cancellationToken)
    {
        for (var t = filterType as INamedTypeSymbol; t is not null && t.IsInSource(); t = t.BaseType)
        {
            foreach (var method in t.GetMembers().OfType<IMethodSymbol>())
            {
                if (!FilterMethodNames.Contains(method.Name)) continue;
                var graph = _model.GetGraph(method, cancellationToken);
                if (graph is null) continue;
                var guards = new FlowGuards(graph, (inv, ct) => Classify(inv, ct), cancellationToken);
                if (guards.HasAnyPolicyCall) return true;
            }
        }
        return false;
    }

    public bool DelegatePerformsCheck(IOperation filterDelegate, CancellationToken cancellationToken) =>
        filterDelegate.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => Classify(i, cancellationToken) != PolicyCallKind.None);

    /// <summary>Filters registered for every MVC action (<c>AddControllers(o =&gt; o.Filters.Add…)</c>), found once per compilation.</summary>
    public ImmutableArray<ITypeSymbol> GlobalMvcFilters => _globalFilters.Value;

    private ImmutableArray<ITypeSymbol> FindGlobalMvcFilters()
    {
        var result = ImmutableArray.CreateBuilder<ITypeSymbol>();
        foreach (var tree in _model.Compilation.SyntaxTrees)
        {
            // Cheap text filter first: only files that mention a filter collection are bound.
            if (!tree.TryGetText(out var text)) text = tree.GetText();
            if (text.ToString().IndexOf("Filters.Add", StringComparison.Ordinal) < 0) continue;
            var semanticModel = _model.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax) continue;
                if (semanticModel.GetOperation(node) is not IInvocationOperation invocation) continue;
                if (!invocation.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal)) continue;
                if (invocation.TargetMethod.ContainingType?.Name != "FilterCollection") continue;
                foreach (var typeArgument in invocation.TargetMethod.TypeArguments) result.Add(typeArgument);
                foreach (var argument in invocation.Arguments)
                {
                    switch (argument.Value)
                    {
                        case ITypeOfOperation typeOf: result.Add(typeOf.TypeOperand); break;
                        case IObjectCreationOperation { Type: { } created }: result.Add(created); break;
                        case IConversionOperation { Operand: IObjectCreationOperation { Type: { } converted } }: result.Add(converted); break;
                    }
                }
            }
        }
        return result.ToImmutable();
    }

    /// <summary>Does a filter that applies to the endpoint perform a policy check?</summary>
    public bool FiltersCover(Endpoint endpoint, CancellationToken cancellationToken)
    {
        foreach (var type in endpoint.FilterTypes)
        {
            if (FilterPerformsCheck(type, cancellationToken)) return true;
        }
        foreach (var filterDelegate in endpoint.FilterDelegates)
        {
            if (DelegatePerformsCheck(filterDelegate, cancellationToken)) return true;
        }
        if (endpoint.Kind != EndpointKind.MinimalApi)
        {
            foreach (var type in GlobalMvcFilters)
            {
                if (_model.Endpoints.IsFilterType(type) && FilterPerformsCheck(type, cancellationToken)) return true;
            }
        }
        return false;
    }
}
