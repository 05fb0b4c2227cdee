using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

/// <summary>Which values of an endpoint the client controls, and which of them name an identifier.</summary>
internal sealed class ClientInput
{
    private static readonly string[] IdentifierWords = { "id", "ids", "key", "keys", "slug", "uuid", "guid", "code" };

    /// <summary>Names ending in an id word that are not resource identifiers (secrets, idempotency and cache keys, country codes…).</summary>
    private static readonly string[] NotIdentifierNames =
    {
        "apikey", "privatekey", "publickey", "secretkey", "idempotencykey", "cachekey", "sortkey", "partitionkey",
        "hashkey", "signingkey", "encryptionkey", "licensekey", "code", "statuscode", "countrycode", "languagecode",
        "currencycode", "culturecode", "errorcode", "zipcode", "postalcode", "areacode", "verificationcode", "authcode",
        "authorizationcode", "resetcode", "promocode", "couponcode", "discountcode", "returncode", "exitcode", "hashcode",
        "correlationid", "requestid", "traceid", "activityid", "spanid", "sessionid", "idempotencyid", "clientid",
    };

    private static readonly string[] ServiceSuffixes =
    {
        "Service", "Repository", "Repo", "Context", "Manager", "Store", "Provider", "Factory", "Logger", "Policy",
        "Client", "Handler", "Options", "Mediator", "Sender", "Publisher", "Bus", "Cache", "Settings", "Configuration",
        "Accessor", "Validator", "Mapper", "Environment", "Clock", "TimeProvider", "Queue", "Dispatcher",
    };

    private readonly SecureRoutesModel _model;

    public ClientInput(SecureRoutesModel model) => _model = model;

    private KnownTypes Types => _model.Types;

    /// <summary><c>id</c>, <c>inviteId</c>, <c>OrgId</c>, <c>key</c>, <c>slug</c>, <c>order_id</c>, <c>ids</c>… but not <c>apiKey</c>, <c>statusCode</c>, <c>requestId</c>.</summary>
    public static bool IsIdentifierName(string name)
    {
        var lower = name.Replace("_", "").Replace("-", "").ToLowerInvariant();
        if (NotIdentifierNames.Contains(lower) || lower.EndsWith("apikey", StringComparison.Ordinal)) return false;
        var last = Names.LastWord(name);
        if (last == "code") return false; // only whole "code" words that name a resource are too ambiguous
        return IdentifierWords.Contains(last) || lower == "id";
    }

    /// <summary>Types a client id is carried in: text, integers, Guid, and sequences of them.</summary>
    public static bool IsIdentifierType(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Int16:
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt16:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64:
                return true;
        }
        if (type.Name is "Guid" or "StringValues" or "Ulid" && type.ContainingNamespace?.ToDisplayString() is "System" or "Microsoft.Extensions.Primitives") return true;
        if (type is IArrayTypeSymbol array) return IsIdentifierType(array.ElementType);
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic && generic.AllInterfaces.Any(i => i.Name == "IEnumerable"))
        {
            return IsIdentifierType(generic.TypeArguments[0]);
        }
        // Strongly-typed ids (record struct InviteId(Guid Value)).
        return type.TypeKind is TypeKind.Struct && type.Name.EndsWith("Id", StringComparison.Ordinal) && type.IsInSource();
    }

    /// <summary>
    /// A handler parameter whose value the client supplies: not a service ([FromServices], DbContext, interfaces and
    /// *Service-like types in minimal APIs), not a framework value (HttpContext, ClaimsPrincipal, CancellationToken).
    /// </summary>
    public bool IsClientBound(IParameterSymbol parameter, EndpointKind kind)
    {
        if (parameter.HasAttribute(Types.FromServicesAttribute) || parameter.HasAttribute(Types.FromKeyedServicesAttribute)) return false;
        if (HasBindingSourceAttribute(parameter)) return true;
        var type = parameter.Type;
        if (type.TypeKind == TypeKind.Error) return false;
        if (type.IsType(Types.CancellationToken) || type.InheritsFromOrEquals(Types.HttpContext) || type.InheritsFromOrEquals(Types.HttpRequest)
            || type.InheritsFromOrEquals(Types.HttpResponse) || type.InheritsFromOrEquals(Types.ClaimsPrincipal) || type.InheritsFromOrEquals(Types.DbContext))
        {
            return false;
        }
        if (IsIdentifierType(type) || type.IsValueType || type.SpecialType != SpecialType.None) return true;
        if (kind == EndpointKind.MinimalApi)
        {
            if (type.TypeKind == TypeKind.Interface || type.IsAbstract) return false;
            if (ServiceSuffixes.Any(s => type.Name.EndsWith(s, StringComparison.Ordinal))) return false;
        }
        return type.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Array;
    }

    /// <summary>
    /// Where model binding takes a client-bound parameter from: the explicit [From*] attribute, otherwise the body for
    /// complex types of minimal APIs and [ApiController] actions, the form for Razor Pages handlers and complex types of
    /// other MVC actions, and route/query ("request") for simple types. <see cref="BindingSource.None"/> when not client-bound.
    /// </summary>
    public BindingSource BindingSourceOf(IParameterSymbol parameter, Endpoint endpoint)
    {
        if (!IsClientBound(parameter, endpoint.Kind)) return BindingSource.None;
        if (parameter.HasAttribute(Types.FromBodyAttribute)) return BindingSource.Body;
        if (parameter.HasAttribute(Types.FromFormAttribute)) return BindingSource.Form;
        if (parameter.HasAttribute(Types.FromQueryAttribute)) return BindingSource.Query;
        if (parameter.HasAttribute(Types.FromRouteAttribute)) return BindingSource.Route;
        if (parameter.HasAttribute(Types.FromHeaderAttribute)) return BindingSource.Header;
        if (parameter.HasAttribute(Types.AsParametersAttribute)) return BindingSource.Request;
        var type = parameter.Type;
        var complex = type.SpecialType == SpecialType.None && !IsIdentifierType(type) && type.TypeKind is TypeKind.Class or TypeKind.Array
            || (type.TypeKind == TypeKind.Struct && type.IsRecord);
        if (!complex || type.IsType(Types.IFormFile) || type.IsType(Types.IFormFileCollection)) return BindingSource.Request;
        return endpoint.Kind switch
        {
            EndpointKind.MinimalApi => BindingSource.Body,
            EndpointKind.RazorPageHandler => BindingSource.Form,
            _ => endpoint.Handler.ContainingType.TypeOrBaseHasAttribute(Types.ApiControllerAttribute) ? BindingSource.Body : BindingSource.Form,
        };
    }

    private bool HasBindingSourceAttribute(IParameterSymbol parameter) =>
        parameter.HasAttribute(Types.FromBodyAttribute) || parameter.HasAttribute(Types.FromFormAttribute)
        || parameter.HasAttribute(Types.FromRouteAttribute) || parameter.HasAttribute(Types.FromQueryAttribute)
        || parameter.HasAttribute(Types.FromHeaderAttribute) || parameter.HasAttribute(Types.AsParametersAttribute);

    /// <summary>Properties of a controller or page model bound from the request (<c>[BindProperty]</c>, <c>[BindProperties]</c>).</summary>
    public bool IsBoundProperty(IPropertySymbol property)
    {
        if (property.HasAttribute(Types.BindPropertyAttribute)) return true;
        return property.ContainingType.HasAttributeNamed("BindProperties") && property.SetMethod is not null
            && property.DeclaredAccessibility == Accessibility.Public;
    }

    /// <summary>Builds the tracker of client-supplied identifier values for one endpoint body.</summary>
    public ClientIdTracker Track(Endpoint endpoint, IOperation body)
    {
        var tracker = new ClientIdTracker(this);
        foreach (var parameter in endpoint.Handler.Parameters)
        {
            if (!IsClientBound(parameter, endpoint.Kind)) continue;
            if (IsIdentifierType(parameter.Type))
            {
                if (IsIdentifierName(parameter.Name)) tracker.AddSource(parameter);
            }
            else
            {
                tracker.AddModel(parameter);
            }
        }
        tracker.Propagate(body);
        return tracker;
    }

    internal bool IsRequestCollectionIndexer(IPropertyReferenceOperation reference, out string? key)
    {
        key = null;
        if (!reference.Property.IsIndexer || reference.Arguments.Length != 1) return false;
        var containing = reference.Property.ContainingType?.Name;
        if (containing is not ("IQueryCollection" or "IFormCollection" or "IHeaderDictionary" or "RouteValueDictionary" or "IRequestCookieCollection")) return false;
        if (reference.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string k })
        {
            key = k;
            return true;
        }
        return false;
    }
}

/// <summary>Client-supplied identifier values inside one endpoint body: sources, and locals derived from them.</summary>
internal sealed class ClientIdTracker
{
    private readonly ClientInput _input;
    private readonly HashSet<ISymbol> _sources = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _models = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, string> _display = new(SymbolEqualityComparer.Default);

    public ClientIdTracker(ClientInput input) => _input = input;

    public bool HasAnySource => _sources.Count > 0 || _models.Count > 0;

    public void AddSource(ISymbol symbol, string? display = null)
    {
        _sources.Add(symbol);
        _display[symbol] = display ?? symbol.Name;
    }

    public void AddModel(IParameterSymbol parameter) => _models.Add(parameter);

    /// <summary>Locals assigned from client ids (also through parsing, conversion, interpolation), to a fixed point.</summary>
    public void Propagate(IOperation body)
    {
        var assignments = LocalAssignments.Of(body);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (local, value) in assignments)
            {
                if (_sources.Contains(local)) continue;
                var source = SourceOf(value);
                if (source is null) continue;
                _sources.Add(local);
                _display[local] = source;
                changed = true;
            }
        }
    }

    /// <summary>The client id an expression carries (its display text, e.g. <c>inviteId</c> or <c>command.OrderId</c>), or null.</summary>
    public string? SourceOf(IOperation? operation)
    {
        for (var depth = 0; operation is not null && depth < 16; depth++)
        {
            switch (operation)
            {
                case IParameterReferenceOperation p when _sources.Contains(p.Parameter):
                    return _display[p.Parameter];
                case ILocalReferenceOperation l when _sources.Contains(l.Local):
                    return _display[l.Local];
                case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } nullable }
                    when nullable.Type?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                    operation = nullable; // id.Value of an int? / Guid? id
                    continue;
                case IPropertyReferenceOperation property:
                    return SourceOfMember(property, property.Property.Name, property.Property.Type, property.Instance);
                case IFieldReferenceOperation field:
                    return SourceOfMember(field, field.Field.Name, field.Field.Type, field.Instance);
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IAwaitOperation:
                    return null;
                case ICoalesceOperation coalesce:
                    return SourceOf(coalesce.Value) ?? SourceOf(coalesce.WhenNull);
                case IInterpolatedStringOperation interpolated:
                    return interpolated.Parts.OfType<IInterpolationOperation>().Select(p => SourceOf(p.Expression)).FirstOrDefault(s => s is not null);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                    return SourceOf(add.LeftOperand) ?? SourceOf(add.RightOperand);
                case IObjectCreationOperation creation when ClientInput.IsIdentifierType(creation.Type):
                    return creation.Arguments.Select(a => SourceOf(a.Value)).FirstOrDefault(s => s is not null);
                case IInvocationOperation invocation when ClientInput.IsIdentifierType(invocation.Type) && invocation.TargetMethod.IsFrameworkNamespace():
                    // Guid.Parse(id), int.Parse(id), id.Trim(), Convert.ToInt32(id), id.ToString()
                    return SourceOf(invocation.Instance) ?? invocation.Arguments.Select(a => SourceOf(a.Value)).FirstOrDefault(s => s is not null);
                default:
                    return null;
            }
        }
        return null;
    }

    private string? SourceOfMember(IOperation reference, string name, ITypeSymbol type, IOperation? instance)
    {
        if (reference is IPropertyReferenceOperation indexer && _input.IsRequestCollectionIndexer(indexer, out var key))
        {
            return key is not null && ClientInput.IsIdentifierName(key) ? reference.Syntax.ToString() : null;
        }
        if (!ClientInput.IsIdentifierName(name) || !ClientInput.IsIdentifierType(type)) return null;
        if (instance is IInstanceReferenceOperation && reference is IPropertyReferenceOperation p && _input.IsBoundProperty(p.Property))
        {
            return name;
        }
        return IsModelRooted(instance) ? reference.Syntax.ToString() : null;
    }

    /// <summary>True when the instance is a bound request model, or a member chain rooted at one (<c>command.Invite.OrgId</c>).</summary>
    private bool IsModelRooted(IOperation? instance)
    {
        for (var depth = 0; instance is not null && depth < 8; depth++)
        {
            switch (instance)
            {
                case IParameterReferenceOperation p:
                    return _models.Contains(p.Parameter);
                case IPropertyReferenceOperation p when p.Instance is IInstanceReferenceOperation:
                    return _input.IsBoundProperty(p.Property);
                case IPropertyReferenceOperation p:
                    instance = p.Instance;
                    continue;
                case IFieldReferenceOperation f:
                    instance = f.Instance;
                    continue;
                case IConversionOperation c:
                    instance = c.Operand;
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>
    /// The client id an argument carries to a callee: the value itself, a lambda that reads it
    /// (<c>i =&gt; i.Id == id</c>), or an object built from it (<c>new GetOrder(id)</c>, <c>new { id }</c>).
    /// </summary>
    public string? CarriedBy(IOperation value, int depth = 0)
    {
        if (depth > 4) return null;
        var direct = SourceOf(value);
        if (direct is not null) return direct;
        switch (value)
        {
            case IConversionOperation conversion:
                return CarriedBy(conversion.Operand, depth + 1);
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                return CarriedBy(lambda, depth + 1);
            case IAnonymousFunctionOperation lambda:
                foreach (var d in lambda.Body.Descendants())
                {
                    var s = d is IParameterReferenceOperation or ILocalReferenceOperation or IPropertyReferenceOperation ? SourceOf(d) : null;
                    if (s is not null) return s;
                }
                return null;
            case IObjectCreationOperation creation:
                return creation.Arguments.Select(a => CarriedBy(a.Value, depth + 1)).FirstOrDefault(s => s is not null)
                    ?? (creation.Initializer is null ? null : CarriedBy(creation.Initializer, depth + 1));
            case IAnonymousObjectCreationOperation anonymous:
                return anonymous.Initializers.Select(i => CarriedBy(i, depth + 1)).FirstOrDefault(s => s is not null);
            case IObjectOrCollectionInitializerOperation initializer:
                return initializer.Initializers.Select(i => CarriedBy(i, depth + 1)).FirstOrDefault(s => s is not null);
            case ISimpleAssignmentOperation assignment:
                return CarriedBy(assignment.Value, depth + 1);
            case IArrayCreationOperation array when array.Initializer is not null:
                return array.Initializer.ElementValues.Select(e => CarriedBy(e, depth + 1)).FirstOrDefault(s => s is not null);
            case { Kind: OperationKind.None }:
            case var _ when value.Kind.ToString() == "CollectionExpression":
                // Constructs this Roslyn version has no operation kind for, e.g. collection expressions ([inviteId]).
                return value.ChildOperations.Select(c => CarriedBy(c, depth + 1)).FirstOrDefault(s => s is not null);
            default:
                return null;
        }
    }
}
