using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

internal enum EndpointKind
{
    ControllerAction,
    RazorPageHandler,
    MinimalApi,
}

/// <summary>One endpoint: its handler, where to report, and the authorization metadata that applies to it.</summary>
internal sealed class Endpoint
{
    public Endpoint(EndpointKind kind, IMethodSymbol handler, string displayName, Location location, string? httpMethod)
    {
        Kind = kind;
        Handler = handler;
        DisplayName = displayName;
        Location = location;
        HttpMethod = httpMethod;
    }

    public EndpointKind Kind { get; }

    /// <summary>The action, page handler, or the lambda / local function / method passed to MapX.</summary>
    public IMethodSymbol Handler { get; }

    /// <summary><c>InvitesController.Get</c>, <c>IndexModel.OnPostDeleteAsync</c>, or <c>GET /invites/{id}</c>.</summary>
    public string DisplayName { get; set; }

    public Location Location { get; }

    /// <summary>GET, POST, … when known.</summary>
    public string? HttpMethod { get; }

    /// <summary><c>[AllowAnonymous]</c> / <c>.AllowAnonymous()</c> applies.</summary>
    public bool IsAnonymous { get; set; }

    /// <summary>A role or policy restriction applies (<c>[Authorize(Roles/Policy)]</c>, <c>RequireAuthorization("x")</c>): function-level authorization.</summary>
    public bool HasRoleOrPolicyRestriction { get; set; }

    /// <summary>Filter types (MVC attributes, <c>AddEndpointFilter&lt;T&gt;</c>) that apply.</summary>
    public List<ITypeSymbol> FilterTypes { get; } = new();

    /// <summary>Inline endpoint-filter lambdas (<c>AddEndpointFilter((ctx, next) =&gt; …)</c>).</summary>
    public List<IOperation> FilterDelegates { get; } = new();

    /// <summary>For minimal APIs: the handler lambda's operation (null for methods, whose body comes from the model).</summary>
    public IAnonymousFunctionOperation? Lambda { get; set; }
}

/// <summary>What an endpoint is: controller actions, Razor Pages handlers, minimal-API handlers (also through MapGroup chains).</summary>
internal sealed class Endpoints
{
    private static readonly ImmutableHashSet<string> MapMethods = ImmutableHashSet.Create(
        "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "Map");

    private static readonly string[] PageVerbs = { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" };

    private readonly SecureRoutesModel _model;

    /// <summary>Minimal-API endpoints by their MapX call: four rules ask for each one, and the conventions walk is not cheap.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, Endpoint?> _minimalApis = new();

    public Endpoints(SecureRoutesModel model) => _model = model;

    private KnownTypes Types => _model.Types;

    // ---------------------------------------------------------------- controllers

    /// <summary>
    /// A class is a controller when it derives from ControllerBase, or it or a base carries [ApiController]/[Controller],
    /// and neither it nor a base carries [NonController]. Abstract base controllers count: their public methods become
    /// actions of every derived controller (generic base controllers included).
    /// </summary>
    public bool IsController(INamedTypeSymbol? type)
    {
        if (type is null || type.TypeKind != TypeKind.Class) return false;
        if (type.TypeOrBaseHasAttribute(Types.NonControllerAttribute)) return false;
        return type.InheritsFromOrEquals(Types.ControllerBase)
            || type.TypeOrBaseHasAttribute(Types.ApiControllerAttribute)
            || type.TypeOrBaseHasAttribute(Types.ControllerAttribute);
    }

    public Endpoint? TryGetAction(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility != Accessibility.Public) return null;
        if (method.IsStatic || method.IsAbstract || method.IsGenericMethod) return null;
        if (method.HasAttribute(Types.NonActionAttribute)) return null;
        var type = method.ContainingType;
        if (!IsController(type)) return null;
        // Members declared by the framework base classes are not actions.
        if (method.ContainingType.IsType(Types.ControllerBase) || method.ContainingType.IsType(Types.Controller)) return null;
        if (method.IsOverride && IsFrameworkOverride(method)) return null;
        if (method.Locations.Length == 0 || !method.Locations[0].IsInSource) return null;

        var endpoint = new Endpoint(EndpointKind.ControllerAction, method, method.ShortName(), method.Locations[0], HttpMethodOf(method));
        ApplyMvcMetadata(endpoint, method);
        return endpoint;
    }

    private static bool IsFrameworkOverride(IMethodSymbol method)
    {
        for (var m = method.OverriddenMethod; m is not null; m = m.OverriddenMethod)
        {
            if (m.IsFrameworkNamespace()) return true;
        }
        return false;
    }

    private string? HttpMethodOf(IMethodSymbol method)
    {
        foreach (var a in method.GetAttributes())
        {
            if (a.AttributeClass is null || !a.AttributeClass.InheritsFromOrEquals(Types.HttpMethodAttribute)) continue;
            var name = a.AttributeClass.Name;
            if (name.StartsWith("Http", StringComparison.Ordinal) && name.EndsWith("Attribute", StringComparison.Ordinal))
            {
                return name.Substring(4, name.Length - 4 - "Attribute".Length).ToUpperInvariant();
            }
        }
        foreach (var verb in PageVerbs)
        {
            if (method.Name.StartsWith(verb, StringComparison.Ordinal)) return verb.ToUpperInvariant();
        }
        return null;
    }

    // ---------------------------------------------------------------- Razor Pages

    public Endpoint? TryGetPageHandler(IMethodSymbol method)
    {
        if (Types.PageModel is null) return null;
        if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility != Accessibility.Public || method.IsStatic) return null;
        if (!method.ContainingType.InheritsFromOrEquals(Types.PageModel) || method.ContainingType.IsType(Types.PageModel)) return null;
        if (method.HasAttribute(Types.NonActionAttribute) || method.HasAttributeNamed("NonHandler")) return null;
        if (!method.Name.StartsWith("On", StringComparison.Ordinal)) return null;
        var rest = method.Name.Substring(2);
        var verb = PageVerbs.FirstOrDefault(v => rest.StartsWith(v, StringComparison.Ordinal));
        if (verb is null) return null;
        if (method.Locations.Length == 0 || !method.Locations[0].IsInSource) return null;
        var endpoint = new Endpoint(EndpointKind.RazorPageHandler, method, method.ShortName(), method.Locations[0], verb.ToUpperInvariant());
        ApplyMvcMetadata(endpoint, method);
        return endpoint;
    }

    /// <summary>An action or a page handler.</summary>
    public Endpoint? TryGetMethodEndpoint(IMethodSymbol method) => TryGetAction(method) ?? TryGetPageHandler(method);

    private void ApplyMvcMetadata(Endpoint endpoint, IMethodSymbol method)
    {
        foreach (var attribute in method.AttributesOnMethodAndTypes())
        {
            var cls = attribute.AttributeClass;
            if (cls is null) continue;
            if (cls.InheritsFromOrEquals(Types.AllowAnonymousAttribute)) endpoint.IsAnonymous = true;
            else if (cls.InheritsFromOrEquals(Types.AuthorizeAttribute) && IsRestrictingAuthorize(attribute)) endpoint.HasRoleOrPolicyRestriction = true;

            if (cls.InheritsFromOrEquals(Types.ServiceFilterAttribute) || cls.InheritsFromOrEquals(Types.TypeFilterAttribute))
            {
                if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is ITypeSymbol filterType)
                {
                    endpoint.FilterTypes.Add(filterType);
                }
            }
            else if (IsFilterType(cls))
            {
                endpoint.FilterTypes.Add(cls);
            }
        }
    }

    private static bool IsRestrictingAuthorize(AttributeData attribute)
    {
        // [Authorize(Policy = Policies.X)] whose constant does not resolve (code that does not compile yet) still restricts.
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax &&
            syntax.ArgumentList.Arguments.Any(a => a.NameEquals is null || a.NameEquals.Name.Identifier.Text is "Roles" or "Policy"))
        {
            var bound = attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.Value)).ToList();
            if (bound.Count < syntax.ArgumentList.Arguments.Count || bound.Any(c => c.Kind == TypedConstantKind.Error || c.Value is null)) return true;
        }
        if (attribute.ConstructorArguments.Any(a => a.Value is string s && s.Length > 0)) return true;
        return attribute.NamedArguments.Any(a => (a.Key is "Roles" or "Policy") && a.Value.Value is string s && s.Length > 0);
    }

    public bool IsFilterType(ITypeSymbol type) =>
        type.Implements(Types.IAuthorizationFilter) || type.Implements(Types.IAsyncAuthorizationFilter)
        || type.Implements(Types.IActionFilter) || type.Implements(Types.IAsyncActionFilter)
        || type.Implements(Types.IPageFilter) || type.Implements(Types.IAsyncPageFilter)
        || type.Implements(Types.IEndpointFilter);

    // ---------------------------------------------------------------- minimal APIs

    /// <summary>True for <c>MapGet/MapPost/…/Map</c> calls of ASP.NET Core's route-builder extensions that take a Delegate handler.</summary>
    public bool IsMapCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!MapMethods.Contains(method.Name) || Types.EndpointRouteBuilderExtensions is null) return false;
        if (!method.ContainingType.IsType(Types.EndpointRouteBuilderExtensions)) return false;
        return HandlerArgument(invocation) is not null;
    }

    private static IArgumentOperation? HandlerArgument(IInvocationOperation invocation) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter is { Name: "handler" } p && p.Type.Name == "Delegate");

    /// <summary>The endpoint of a MapX call whose handler is a lambda, a local function or a method in source.</summary>
    public Endpoint? TryGetMinimalApi(IInvocationOperation invocation)
    {
        if (!IsMapCall(invocation)) return null;
        // Built once per call site and shared: an Endpoint is not changed after it is built.
        return _minimalApis.GetOrAdd(invocation.Syntax, _ => CreateMinimalApi(invocation));
    }

    private Endpoint? CreateMinimalApi(IInvocationOperation invocation)
    {
        var handlerValue = HandlerArgument(invocation)!.Value.WithoutConversions();
        IMethodSymbol? handler = null;
        IAnonymousFunctionOperation? lambda = null;
        Location? location = null;
        switch (handlerValue)
        {
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation anonymous }:
                lambda = anonymous;
                handler = anonymous.Symbol;
                location = LambdaLocation(anonymous.Syntax);
                break;
            case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                handler = reference.Method;
                location = reference.Syntax.GetLocation();
                break;
            case IAnonymousFunctionOperation anonymous:
                lambda = anonymous;
                handler = anonymous.Symbol;
                location = LambdaLocation(anonymous.Syntax);
                break;
            case IMethodReferenceOperation reference:
                handler = reference.Method;
                location = reference.Syntax.GetLocation();
                break;
        }
        if (handler is null || location is null) return null;
        if (lambda is null && !handler.IsInSource()) return null;

        var verb = HttpVerbOfMap(invocation);
        var endpoint = new Endpoint(EndpointKind.MinimalApi, handler, "", location, verb) { Lambda = lambda };

        foreach (var attribute in handler.GetAttributes())
        {
            if (attribute.AttributeClass.InheritsFromOrEquals(Types.AllowAnonymousAttribute)) endpoint.IsAnonymous = true;
            else if (attribute.AttributeClass.InheritsFromOrEquals(Types.AuthorizeAttribute) && IsRestrictingAuthorize(attribute)) endpoint.HasRoleOrPolicyRestriction = true;
        }
        var prefixes = new List<string>();
        ApplyConventions(endpoint, invocation, prefixes);
        prefixes.Reverse();
        prefixes.Add(PatternOf(invocation) ?? "?");
        var route = "/" + string.Join("/", prefixes.Select(p => p.Trim('/')).Where(p => p.Length > 0));
        endpoint.DisplayName = (verb ?? "MAP") + " " + route;
        return endpoint;
    }

    private static string? PatternOf(IInvocationOperation invocation) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "pattern" or "prefix")?.Value.ConstantValue is { HasValue: true, Value: string p } ? p : null;

    private static Location LambdaLocation(SyntaxNode syntax) => syntax switch
    {
        ParenthesizedLambdaExpressionSyntax p => p.ParameterList.GetLocation(),
        SimpleLambdaExpressionSyntax s => s.Parameter.GetLocation(),
        AnonymousMethodExpressionSyntax a when a.ParameterList is not null => a.ParameterList.GetLocation(),
        _ => syntax.GetLocation(),
    };

    private static string? HttpVerbOfMap(IInvocationOperation invocation) => invocation.TargetMethod.Name switch
    {
        "MapGet" => "GET",
        "MapPost" => "POST",
        "MapPut" => "PUT",
        "MapDelete" => "DELETE",
        "MapPatch" => "PATCH",
        "MapMethods" => MethodsArgument(invocation),
        _ => null,
    };

    private static string? MethodsArgument(IInvocationOperation invocation)
    {
        var arg = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "httpMethods");
        foreach (var d in arg?.Value.DescendantsAndSelf() ?? Enumerable.Empty<IOperation>())
        {
            if (d.ConstantValue is { HasValue: true, Value: string s }) return s.ToUpperInvariant();
        }
        return null;
    }


    /// <summary>
    /// Applies conventions chained on the MapX result (<c>.AllowAnonymous()</c>, <c>.RequireAuthorization("x")</c>,
    /// <c>.AddEndpointFilter…</c>) and on the route-group builder it was called on, through MapGroup chains and locals.
    /// </summary>
    private void ApplyConventions(Endpoint endpoint, IInvocationOperation map, List<string> prefixes)
    {
        // Conventions chained on the result: map.Parent is the argument 'this' of the next extension call.
        IOperation current = map;
        for (var depth = 0; depth < 32; depth++)
        {
            var next = NextInChain(current);
            if (next is null) break;
            ApplyConvention(endpoint, next);
            current = next;
        }

        // The builder the MapX was called on.
        var builder = map.Arguments.Length > 0 && map.TargetMethod.IsExtensionMethod ? map.Arguments[0].Value : map.Instance;
        ApplyBuilderConventions(endpoint, builder, prefixes, depth: 0, visited: new HashSet<ISymbol>(SymbolEqualityComparer.Default));
    }

    private static IInvocationOperation? NextInChain(IOperation current)
    {
        var parent = current.Parent;
        while (parent is IConversionOperation) { current = parent; parent = parent.Parent; }
        if (parent is IArgumentOperation { Parent: IInvocationOperation next } argument &&
            next.TargetMethod.IsExtensionMethod && next.Arguments.Length > 0 && next.Arguments[0] == argument)
        {
            return next;
        }
        if (parent is IInvocationOperation instanceCall && instanceCall.Instance == current) return instanceCall;
        return null;
    }

    private void ApplyBuilderConventions(Endpoint endpoint, IOperation? builder, List<string> prefixes, int depth, HashSet<ISymbol> visited)
    {
        if (builder is null || depth > 16) return;
        builder = builder.WithoutConversions();
        switch (builder)
        {
            case IInvocationOperation invocation:
                ApplyConvention(endpoint, invocation);
                if (invocation.TargetMethod.Name == "MapGroup" && PatternOf(invocation) is { } prefix) prefixes.Add(prefix);
                var inner = invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                    ? invocation.Arguments[0].Value
                    : invocation.Instance;
                ApplyBuilderConventions(endpoint, inner, prefixes, depth + 1, visited);
                break;
            case ILocalReferenceOperation local when visited.Add(local.Local):
                foreach (var use in UsesOfLocal(local))
                {
                    ApplyBuilderConventions(endpoint, use, prefixes, depth + 1, visited);
                }
                break;
        }
    }

    /// <summary>The local's initializer, its assignments, and statement calls made on it (<c>group.RequireAuthorization()</c>).</summary>
    private static IEnumerable<IOperation> UsesOfLocal(ILocalReferenceOperation reference)
    {
        var root = reference as IOperation;
        while (root.Parent is not null) root = root.Parent;
        foreach (var op in root.DescendantsAndSelf())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (init is not null) yield return init;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    yield return assignment.Value;
                    break;
                case IInvocationOperation { Parent: IExpressionStatementOperation } call
                    when ReceiverIsLocal(call, reference.Local):
                    yield return call;
                    break;
            }
        }
    }

    private static bool ReceiverIsLocal(IInvocationOperation call, ILocalSymbol local)
    {
        // Walk down a statement chain group.A().B() to its root receiver.
        IOperation? receiver = call;
        for (var i = 0; i < 32 && receiver is IInvocationOperation inv; i++)
        {
            // group.MapGet(...).AllowAnonymous() configures that one endpoint, not the group.
            if (inv.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal)) return false;
            receiver = inv.TargetMethod.IsExtensionMethod && inv.Arguments.Length > 0 ? inv.Arguments[0].Value : inv.Instance;
            if (receiver is not null) receiver = receiver.WithoutConversions();
        }
        return receiver is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local);
    }

    private void ApplyConvention(Endpoint endpoint, IInvocationOperation call)
    {
        switch (call.TargetMethod.Name)
        {
            case "AllowAnonymous":
                endpoint.IsAnonymous = true;
                break;
            case "RequireAuthorization":
                // RequireAuthorization() alone only requires an authenticated user; names, policies or builders restrict.
                if (call.Arguments.Skip(call.TargetMethod.IsExtensionMethod ? 1 : 0).Any(HasRestrictingValue))
                {
                    endpoint.HasRoleOrPolicyRestriction = true;
                }
                break;
            case "AddEndpointFilter":
            case "AddEndpointFilterFactory":
                foreach (var typeArgument in call.TargetMethod.TypeArguments.Skip(call.TargetMethod.TypeArguments.Length > 1 ? 1 : 0))
                {
                    endpoint.FilterTypes.Add(typeArgument);
                }
                foreach (var argument in call.Arguments.Skip(call.TargetMethod.IsExtensionMethod ? 1 : 0))
                {
                    var value = argument.Value.WithoutConversions();
                    if (value is IObjectCreationOperation creation && creation.Type is not null) endpoint.FilterTypes.Add(creation.Type);
                    else endpoint.FilterDelegates.Add(value);
                }
                break;
        }
    }

    private static bool HasRestrictingValue(IArgumentOperation argument)
    {
        if (argument.ArgumentKind == ArgumentKind.ParamArray || argument.Value is IArrayCreationOperation)
        {
            return argument.Value.DescendantsAndSelf().Any(d => d.ConstantValue is { HasValue: true, Value: string s } && s.Length > 0)
                || argument.Value.DescendantsAndSelf().Any(d => d is IObjectCreationOperation or IAnonymousFunctionOperation);
        }
        return argument.Value is not ILiteralOperation { ConstantValue.Value: null };
    }
}
