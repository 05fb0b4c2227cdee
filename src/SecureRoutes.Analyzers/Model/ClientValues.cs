using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

/// <summary>Where model binding takes a parameter's value from.</summary>
internal enum BindingSource
{
    /// <summary>Not from the client: a service, the principal, the HttpContext.</summary>
    None,
    Body,
    Form,
    Query,
    Route,
    Header,

    /// <summary>Model binding from route, query or form values together (MVC without [ApiController], [AsParameters], simple types).</summary>
    Request,
}

/// <summary>A value the client controls, as seen at one operation: <c>request.Role</c>, <c>role</c>, <c>Request.Form["role"]</c>.</summary>
internal sealed class ClientValue
{
    public ClientValue(string display, string origin, bool isPrivileged, IParameterSymbol? root = null)
    {
        Display = display;
        Origin = origin;
        IsPrivileged = isPrivileged;
        Root = root;
    }

    /// <summary>The parameter the value is read from (<c>request</c> for <c>request.Role</c>), when it comes from one.</summary>
    public IParameterSymbol? Root { get; }

    /// <summary>Source text of the value as the client supplied it (<c>request.Role</c>), also when read through a local.</summary>
    public string Display { get; }

    /// <summary>"request body", "form", "query string", "route", "request headers", "request".</summary>
    public string Origin { get; }

    /// <summary>The value is, or derives from, a privileged field (see <see cref="Privileges"/>).</summary>
    public bool IsPrivileged { get; }

    public ClientValue With(string display, bool isPrivileged) => new(display, Origin, isPrivileged, Root);
}

/// <summary>
/// Every value of one endpoint body that the client controls (not only identifiers, unlike <see cref="ClientIdTracker"/>):
/// client-bound parameters and member chains rooted at them, <c>[BindProperty]</c> properties, <c>Request.Form/Query/Headers[…]</c>,
/// framework conversions of those (<c>Enum.Parse</c>, <c>ToString</c>, <c>Contains</c>), and locals assigned from them.
/// </summary>
internal sealed class ClientValues
{
    private static readonly ImmutableHashSet<string> TransformNamespaces = ImmutableHashSet.Create(StringComparer.Ordinal,
        "System", "System.Linq", "System.Collections.Generic", "System.Collections.Immutable", "Microsoft.Extensions.Primitives");

    private readonly SecureRoutesModel _model;
    private readonly Endpoint? _endpoint;
    private readonly SyntaxTree? _tree;
    private readonly Dictionary<IParameterSymbol, string> _parameters = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, ClientValue> _locals = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Answers once the locals are known: a rule asks about the same operation several times (each check, each policy
    /// argument per sink, each prefix of a member chain), and every answer builds strings and asks <see cref="Privileges"/>.
    /// </summary>
    private readonly Dictionary<IOperation, ClientValue?> _answers = new();
    private bool _propagated;

    private ClientValues(SecureRoutesModel model, Endpoint? endpoint, SyntaxTree? tree)
    {
        _model = model;
        _endpoint = endpoint;
        _tree = tree;
    }

    public static ClientValues Track(SecureRoutesModel model, Endpoint endpoint, IOperation body)
    {
        var values = new ClientValues(model, endpoint, endpoint.Location.SourceTree);
        foreach (var parameter in endpoint.Handler.Parameters)
        {
            var source = model.ClientInput.BindingSourceOf(parameter, endpoint);
            if (source != BindingSource.None) values._parameters[parameter] = OriginText(source);
        }
        values.Propagate(body);
        return values;
    }

    /// <summary>
    /// For a method an endpoint calls (a service, a mapping helper): every parameter is a possible client value, so the
    /// method can be summarised once by which parameters reach a sink; the call site says which arguments the client sent.
    /// </summary>
    public static ClientValues ForParameters(SecureRoutesModel model, IMethodSymbol method, IOperation body, SyntaxTree? tree)
    {
        var values = new ClientValues(model, null, tree);
        foreach (var parameter in method.Parameters) values._parameters[parameter] = "parameter";
        values.Propagate(body);
        return values;
    }

    public static string OriginText(BindingSource source) => source switch
    {
        BindingSource.Body => "request body",
        BindingSource.Form => "form",
        BindingSource.Query => "query string",
        BindingSource.Route => "route",
        BindingSource.Header => "request headers",
        _ => "request",
    };

    private void Propagate(IOperation body)
    {
        var assignments = LocalAssignments.Of(body);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (local, value) in assignments)
            {
                if (_locals.ContainsKey(local)) continue;
                var source = ValueOf(value);
                if (source is null) continue;
                _locals[local] = source.With(source.Display, source.IsPrivileged || _model.Privileges.IsPrivilegedMember(local, _tree));
                changed = true;
            }
        }
        _propagated = true;
    }

    /// <summary>The client value an expression is or derives from, or null.</summary>
    public ClientValue? ValueOf(IOperation? operation)
    {
        if (operation is null) return null;
        if (!_propagated) return ValueOf(operation, 0);
        if (!_answers.TryGetValue(operation, out var value))
        {
            value = ValueOf(operation, 0);
            _answers[operation] = value;
        }
        return value;
    }

    private ClientValue? ValueOf(IOperation? operation, int depth)
    {
        if (operation is null || depth > 16) return null;
        var privileges = _model.Privileges;
        switch (operation)
        {
            case IConversionOperation conversion:
                return ValueOf(conversion.Operand, depth + 1);
            case IParenthesizedOperation parenthesized:
                return ValueOf(parenthesized.Operand, depth + 1);
            case IParameterReferenceOperation p when _parameters.TryGetValue(p.Parameter, out var origin):
                return new ClientValue(p.Parameter.Name, origin, privileges.IsPrivilegedMember(p.Parameter, _tree), p.Parameter);
            case ILocalReferenceOperation l:
                return _locals.TryGetValue(l.Local, out var local) ? local : null;
            case IPropertyReferenceOperation property:
                if (_model.ClientInput.IsRequestCollectionIndexer(property, out var key))
                {
                    var collection = property.Property.ContainingType?.Name switch
                    {
                        "IFormCollection" => "form",
                        "IQueryCollection" => "query string",
                        "IHeaderDictionary" => "request headers",
                        "IRequestCookieCollection" => "cookies",
                        _ => "route",
                    };
                    return new ClientValue(operation.Syntax.ToString(), collection, key is not null && privileges.IsPrivilegedName(LastSegment(key), null));
                }
                if (_endpoint is not null && property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                    && _model.ClientInput.IsBoundProperty(property.Property))
                {
                    var bindingOrigin = _endpoint.Kind == EndpointKind.RazorPageHandler ? "form" : "request";
                    return new ClientValue(property.Property.Name, bindingOrigin, privileges.IsPrivilegedMember(property.Property, _tree));
                }
                return Member(property.Instance, property.Property, depth);
            case IFieldReferenceOperation field when !field.ConstantValue.HasValue:
                return Member(field.Instance, field.Field, depth);
            case IInvocationOperation invocation when IsTransform(invocation.TargetMethod):
                var from = ValueOf(invocation.Instance, depth + 1)
                    ?? invocation.Arguments.Select(a => ValueOf(a.Value, depth + 1)).FirstOrDefault(v => v is not null);
                return from?.With(from.Display, from.IsPrivileged || privileges.IsPrivilegedType(invocation.Type));
            case ICoalesceOperation coalesce:
                return ValueOf(coalesce.Value, depth + 1) ?? ValueOf(coalesce.WhenNull, depth + 1);
            case IConditionalOperation { WhenFalse: not null } conditional:
                return ValueOf(conditional.WhenTrue, depth + 1) ?? ValueOf(conditional.WhenFalse, depth + 1);
            case IBinaryOperation binary:
                return ValueOf(binary.LeftOperand, depth + 1) ?? ValueOf(binary.RightOperand, depth + 1);
            case IUnaryOperation unary:
                return ValueOf(unary.Operand, depth + 1);
            case IIsPatternOperation pattern:
                return ValueOf(pattern.Value, depth + 1);
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.OfType<IInterpolationOperation>().Select(p => ValueOf(p.Expression, depth + 1)).FirstOrDefault(v => v is not null);
            default:
                return null;
        }
    }

    private ClientValue? Member(IOperation? instance, ISymbol member, int depth)
    {
        if (instance is null) return null;
        var inner = ValueOf(instance, depth + 1);
        if (inner is null) return null;
        return inner.With(inner.Display + "." + member.Name, inner.IsPrivileged || _model.Privileges.IsPrivilegedMember(member, _tree));
    }

    private static string LastSegment(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash >= 0 ? key.Substring(slash + 1) : key;
    }

    /// <summary>BCL methods that turn a value into another form of it (parse, convert, compare, search), not data access.</summary>
    private static bool IsTransform(IMethodSymbol method)
    {
        var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString();
        if (ns is null || !TransformNamespaces.Contains(ns)) return false;
        var returned = method.ReturnType;
        return returned.Name is not ("Task" or "ValueTask") || returned.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks";
    }
}
