using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

internal enum AccessKind
{
    Load,
    Change,
    Delete,
    Create,
}

/// <summary>A load or change of persisted data selected by a client-supplied identifier.</summary>
internal sealed class ResourceAccess
{
    public ResourceAccess(IOperation operation, AccessKind kind, ITypeSymbol? resource, string? resourceName, string id, bool callerScoped)
    {
        Operation = operation;
        Kind = kind;
        Resource = resource;
        ResourceName = resourceName;
        Id = id;
        CallerScoped = callerScoped;
    }

    /// <summary>The whole access expression (query chain, awaited).</summary>
    public IOperation Operation { get; }

    public AccessKind Kind { get; }

    /// <summary>The resource type, when known (entity, Identity user, service result).</summary>
    public ITypeSymbol? Resource { get; }

    /// <summary>The resource type's name, or a noun taken from the called method (<c>DeleteInviteAsync</c> → Invite).</summary>
    public string? ResourceName { get; }

    /// <summary>Display text of the client id, e.g. <c>inviteId</c> or <c>command.OrderId</c>.</summary>
    public string Id { get; }

    /// <summary>The query or call is also scoped to the caller (<c>o.BuyerId == currentUserId</c>, or the caller is passed along).</summary>
    public bool CallerScoped { get; }
}

/// <summary>Loads and mutations of persisted resources (EF Core, repositories and services, Identity managers), and resource ownership.</summary>
internal sealed class DataAccess
{
    private static readonly ImmutableHashSet<string> LoadVerbs = ImmutableHashSet.Create(StringComparer.Ordinal,
        "get", "find", "load", "read", "fetch", "list", "query", "search", "retrieve", "select", "lookup", "download",
        "export", "view", "show", "single", "first");

    private static readonly ImmutableHashSet<string> DeleteVerbs = ImmutableHashSet.Create(StringComparer.Ordinal, "delete", "remove", "destroy", "purge", "erase");

    private static readonly ImmutableHashSet<string> ChangeVerbs = ImmutableHashSet.Create(StringComparer.Ordinal,
        "update", "set", "change", "edit", "modify", "patch", "put", "save", "upsert", "revoke", "cancel", "accept", "approve",
        "reject", "decline", "assign", "unassign", "grant", "transfer", "resend", "archive", "restore", "move", "rename",
        "enable", "disable", "ban", "block", "unblock", "lock", "unlock", "mark", "complete", "close", "reopen", "reset",
        "confirm", "invite", "add", "create", "insert", "register", "submit", "publish", "unpublish", "join", "leave",
        "promote", "demote", "suspend", "activate", "deactivate", "refund", "charge", "withdraw", "deposit", "upload",
        "attach", "detach", "link", "unlink", "kick", "expire", "renew", "verify", "pay");

    private static readonly ImmutableHashSet<string> ExistenceOperators = ImmutableHashSet.Create(StringComparer.Ordinal,
        "Any", "AnyAsync", "All", "AllAsync", "Count", "CountAsync", "LongCount", "LongCountAsync", "Contains", "ContainsAsync");

    private static readonly ImmutableHashSet<string> DispatchMethods = ImmutableHashSet.Create(StringComparer.Ordinal,
        "Send", "SendAsync", "Publish", "Execute", "ExecuteAsync", "Dispatch", "DispatchAsync", "Handle", "HandleAsync", "InvokeAsync", "Ask");

    private static readonly string[] OwnerWords = { "owner", "tenant", "organization", "organisation", "org", "customer", "buyer", "seller" };

    /// <summary>Words that attribute content (an article's author) rather than restrict who may read it.</summary>
    private static readonly string[] AttributionWords = { "author", "creator" };

    private readonly SecureRoutesModel _model;
    private readonly ConcurrentDictionary<ITypeSymbol, OwnerEvidence> _owned = new(SymbolEqualityComparer.Default);

    public DataAccess(SecureRoutesModel model) => _model = model;

    private KnownTypes Types => _model.Types;

    /// <summary>Accesses in an endpoint body that select data by a client id.</summary>
    public List<ResourceAccess> FindAccesses(IOperation body, ClientIdTracker ids, CallerIdentity caller)
    {
        var result = new List<ResourceAccess>();
        var covered = new HashSet<IOperation>();
        foreach (var op in body.DescendantsAndSelf())
        {
            switch (op)
            {
                case IInvocationOperation invocation when !covered.Contains(invocation):
                    var access = Classify(invocation, ids, caller, covered);
                    if (access is not null) result.Add(access);
                    break;
                case IObjectCreationOperation creation:
                    var created = ClassifyCreation(creation, ids);
                    if (created is not null) result.Add(created);
                    break;
                case ISimpleAssignmentOperation assignment:
                    var keyed = ClassifyKeyAssignment(assignment, body, ids);
                    if (keyed is not null) result.Add(keyed);
                    break;
            }
        }
        return result;
    }

    private ResourceAccess? Classify(IInvocationOperation invocation, ClientIdTracker ids, CallerIdentity caller, HashSet<IOperation> covered)
    {
        var method = invocation.TargetMethod;
        string? id = null;
        foreach (var argument in invocation.Arguments)
        {
            id ??= ids.CarriedBy(argument.Value);
        }
        if (id is null) return null;

        if (IsQueryOperator(method) || IsEfFind(method))
        {
            var chain = QueryChain(invocation);
            foreach (var member in chain) covered.Add(member);
            if (chain.Any(c => ExistenceOperators.Contains(c.TargetMethod.Name))) return null;
            var resource = QueryElementType(invocation);
            if (resource is null || !IsResourceType(resource)) return null;
            var kind = AccessKind.Load;
            if (chain.Any(c => c.TargetMethod.Name.StartsWith("ExecuteDelete", StringComparison.Ordinal))) kind = AccessKind.Delete;
            else if (chain.Any(c => c.TargetMethod.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal))) kind = AccessKind.Change;
            else if (method.Name is "Remove" or "RemoveRange") kind = AccessKind.Delete;
            var top = Awaited(chain[chain.Count - 1]);
            var scoped = chain.Any(c => c.Arguments.Any(a => IsCallerScopedPredicate(a.Value, ids)));
            return new ResourceAccess(top, kind, resource, resource.Name, id, scoped);
        }

        if (method.ContainingType?.OriginalDefinition is { } containing && containing.IsType(Types.UserManagerOfT))
        {
            if (!method.Name.StartsWith("Find", StringComparison.Ordinal)) return null;
            var user = ((INamedTypeSymbol)method.ContainingType).TypeArguments[0];
            return new ResourceAccess(Awaited(invocation), AccessKind.Load, user, user.Name, id, false);
        }

        if (IsKeyedLookup(invocation, out var valueType) && IsResourceType(valueType))
        {
            // users.TryGetValue(id, out var user), cache.GetValueOrDefault(id): in-memory stores keyed by the id.
            return new ResourceAccess(invocation, AccessKind.Load, valueType, valueType.Name, id, false);
        }

        if (method.IsFrameworkNamespace() || method.ContainingType is null || method.ContainingType.TypeKind == TypeKind.Error) return null;
        // Members of the bound request model itself (command.Validate(), dto.ToEntity()) are not data access.
        if (invocation.Instance is not null && ids.CarriedBy(invocation.Instance) is not null) return null;

        // A repository, service or mediator call that receives the id.
        var verbSource = method.Name;
        var handlerScoped = false;
        if (DispatchMethods.Contains(method.Name))
        {
            var request = invocation.Arguments.Select(a => a.Value.WithoutConversions()).OfType<IObjectCreationOperation>().FirstOrDefault();
            if (request?.Type is INamedTypeSymbol requestType)
            {
                handlerScoped = HandlersUseCaller(requestType) || HandlersReadCaller(request, requestType, caller);
                // GetOrderDetails(...), or Edit.Command(...) where the verb names the containing type.
                verbSource = KindOfVerb(requestType.Name) is null && requestType.ContainingType is { } outer ? outer.Name : requestType.Name;
            }
        }
        var verbKind = KindOfVerb(verbSource);
        var returned = ResultType(method);
        ITypeSymbol? serviceResource = returned is not null && IsResourceType(returned) ? returned : null;
        var callKind = verbKind ?? (serviceResource is not null ? AccessKind.Load : (AccessKind?)null);
        if (callKind is null) return null;
        var noun = serviceResource?.Name ?? NounOf(verbSource);
        var callerScoped = handlerScoped || invocation.Arguments.Any(a => caller.Carries(a.Value) && ids.CarriedBy(a.Value) is null)
            || (invocation.Instance is not null && caller.Carries(invocation.Instance));
        return new ResourceAccess(Awaited(invocation), callKind.Value, serviceResource, noun, id, callerScoped);
    }

    /// <summary>The request's handler works for the current user (<c>currentUserAccessor.GetCurrentUsername()</c>).</summary>
    private bool HandlersUseCaller(INamedTypeSymbol request)
    {
        foreach (var handler in PolicyChecks.HandlersOf(request))
        {
            var body = _model.GetGraph(handler, default)?.OriginalOperation;
            if (body is not null && new CallerIdentity(Types, body).Carries(body)) return true;
        }
        return false;
    }

    /// <summary>
    /// <c>Send(new GetOrderDetails(User.Identity.Name, orderId))</c>: the caller travels with the id, and the request's
    /// handlers read it (<c>request.UserName</c>) — or pass the whole request on, which cannot be followed and is trusted.
    /// A handler that loads by the id alone, ignoring the caller it was given, does not scope the load (eShopOnWeb's order
    /// details). The members that receive the caller must be known: an initializer, or a constructor parameter named
    /// like a property; every handler must be in source.
    /// </summary>
    private bool HandlersReadCaller(IObjectCreationOperation request, INamedTypeSymbol requestType, CallerIdentity caller)
    {
        var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var argument in request.Arguments)
        {
            if (argument.Parameter is null || !caller.Carries(argument.Value)) continue;
            var property = requestType.GetMembers().OfType<IPropertySymbol>()
                .FirstOrDefault(p => string.Equals(p.Name, argument.Parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (property is null) return false;
            members.Add(property);
        }
        foreach (var initializer in request.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment && caller.Carries(assignment.Value)) members.Add(target.Property);
        }
        if (members.Count == 0) return false;
        var handlers = PolicyChecks.HandlersOf(requestType).ToList();
        if (handlers.Count == 0) return false;
        foreach (var handler in handlers)
        {
            var body = handler.IsInSource() ? _model.GetGraph(handler, default)?.OriginalOperation : null;
            if (body is null || handler.Parameters.Length == 0 || !ReadsCaller(body, handler.Parameters[0], members)) return false;
        }
        return true;
    }

    private static bool ReadsCaller(IOperation body, IParameterSymbol requestParameter, HashSet<ISymbol> members)
    {
        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, requestParameter)) continue;
            if (reference.Parent is not IPropertyReferenceOperation read || members.Contains(read.Property)) return true;
        }
        return false;
    }

    private static bool IsKeyedLookup(IInvocationOperation invocation, out ITypeSymbol valueType)
    {
        valueType = null!;
        if (invocation.TargetMethod.Name is not ("TryGetValue" or "GetValueOrDefault")) return false;
        var dictionary = (invocation.Instance?.Type ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.Type : null)) as INamedTypeSymbol;
        var map = dictionary?.TypeArguments.Length == 2 ? dictionary : dictionary?.AllInterfaces.FirstOrDefault(i => i.Name is "IDictionary" or "IReadOnlyDictionary" && i.TypeArguments.Length == 2);
        if (map is null) return false;
        valueType = map.TypeArguments[1];
        return true;
    }

    /// <summary><c>new Invite { OrganizationId = orgId }</c>: a resource created inside a client-named owner.</summary>
    private ResourceAccess? ClassifyCreation(IObjectCreationOperation creation, ClientIdTracker ids)
    {
        if (creation.Type is not INamedTypeSymbol type || !type.IsInSource() || !IsResourceType(type)) return null;
        if (creation.Initializer is not null)
        {
            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment &&
                    IsOwnerMemberName(target.Member.Name) && ids.SourceOf(assignment.Value) is { } id)
                {
                    return new ResourceAccess(creation, AccessKind.Create, type, type.Name, id, false);
                }
            }
        }
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { } p && IsOwnerMemberName(p.Name) && ids.SourceOf(argument.Value) is { } id)
            {
                return new ResourceAccess(creation, AccessKind.Create, type, type.Name, id, false);
            }
        }
        return null;
    }

    /// <summary><c>member.Id = memberId; db.Members.Update(member);</c>: an entity addressed by a client id, then written.</summary>
    private static ResourceAccess? ClassifyKeyAssignment(ISimpleAssignmentOperation assignment, IOperation body, ClientIdTracker ids)
    {
        if (assignment.Target is not IMemberReferenceOperation { Instance: { } instance } target) return null;
        if (target.Member.Name != "Id" && target.Member.Name != target.Member.ContainingType.Name + "Id") return null;
        var holder = instance switch
        {
            ILocalReferenceOperation l => (ISymbol)l.Local,
            IParameterReferenceOperation p => p.Parameter,
            _ => null,
        };
        if (holder is null || instance.Type is null || !IsResourceType(instance.Type) || ids.SourceOf(assignment.Value) is not { } id) return null;
        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is IInvocationOperation { TargetMethod.Name: "Update" or "UpdateRange" or "Attach" or "Remove" or "UpdateAsync" } write
                && write.Arguments.Any(a => a.Value.WithoutConversions() is ILocalReferenceOperation or IParameterReferenceOperation && ReferencedSymbol(a.Value.WithoutConversions()) is { } s && SymbolEqualityComparer.Default.Equals(s, holder)))
            {
                var kind = write.TargetMethod.Name == "Remove" ? AccessKind.Delete : AccessKind.Change;
                return new ResourceAccess(Awaited(write), kind, instance.Type, instance.Type.Name, id, false);
            }
        }
        return null;
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };


    private static IOperation Awaited(IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation or IAwaitOperation or IParenthesizedOperation) current = current.Parent;
        return current;
    }

    /// <summary>The fluent chain from this invocation outward: <c>Where(...)</c> → <c>.Include(...)</c> → <c>.FirstOrDefaultAsync()</c>.</summary>
    private static List<IInvocationOperation> QueryChain(IInvocationOperation start)
    {
        var chain = new List<IInvocationOperation> { start };
        IOperation current = start;
        for (var i = 0; i < 32; i++)
        {
            var parent = current.Parent;
            while (parent is IConversionOperation) { current = parent; parent = parent.Parent; }
            if (parent is IArgumentOperation { Parent: IInvocationOperation next } argument && next.TargetMethod.IsExtensionMethod
                && next.Arguments.Length > 0 && next.Arguments[0] == argument)
            {
                chain.Add(next);
                current = next;
            }
            else if (parent is IInvocationOperation instanceCall && instanceCall.Instance == current)
            {
                chain.Add(instanceCall);
                current = instanceCall;
            }
            else
            {
                break;
            }
        }
        return chain;
    }

    private static bool IsQueryOperator(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null) return false;
        var ns = type.ContainingNamespace?.ToDisplayString();
        return (ns == "System.Linq" && type.Name is "Queryable" or "Enumerable" or "AsyncEnumerable")
            || (ns == "Microsoft.EntityFrameworkCore" && type.Name is "EntityFrameworkQueryableExtensions" or "RelationalQueryableExtensions");
    }

    private bool IsEfFind(IMethodSymbol method)
    {
        if (method.Name is not ("Find" or "FindAsync" or "Remove" or "RemoveRange" or "Entry")) return false;
        var type = method.ContainingType;
        return type.InheritsFromOrEquals(Types.DbSetOfT) || type.InheritsFromOrEquals(Types.DbContext);
    }

    private ITypeSymbol? QueryElementType(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType.InheritsFromOrEquals(Types.DbSetOfT))
        {
            for (var t = method.ContainingType; t is not null; t = t.BaseType)
            {
                if (t.OriginalDefinition.IsType(Types.DbSetOfT)) return t.TypeArguments[0];
            }
        }
        if (method.ContainingType.InheritsFromOrEquals(Types.DbContext))
        {
            return method.IsGenericMethod ? method.TypeArguments[0] : null;
        }
        var source = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
        if (source is null) return null;
        source = source.WithoutConversions();
        return source.Type?.ElementTypeOrSelf();
    }

    private static ITypeSymbol? ResultType(IMethodSymbol method)
    {
        if (method.ReturnsVoid) return null;
        var type = method.ReturnType.UnwrapTask();
        if (type is INamedTypeSymbol { Name: "ActionResult", IsGenericType: true } actionResult) type = actionResult.TypeArguments[0];
        return type.ElementTypeOrSelf();
    }

    /// <summary>A class, record or type parameter that can be persisted: not a framework or primitive type.</summary>
    private static bool IsResourceType(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.TypeParameter) return true;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.SpecialType != SpecialType.None) return false;
        if (type.Name == "Unit" && type.ContainingNamespace?.Name == "MediatR") return false; // "no result"
        return !type.IsFrameworkNamespace() || type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Identity";
    }

    private static AccessKind? KindOfVerb(string methodName)
    {
        var words = Names.Words(methodName);
        if (words.Count == 0) return null;
        var verb = words[0] == "try" && words.Count > 1 ? words[1] : words[0];
        if (DeleteVerbs.Contains(verb)) return AccessKind.Delete;
        if (ChangeVerbs.Contains(verb)) return AccessKind.Change;
        if (LoadVerbs.Contains(verb)) return AccessKind.Load;
        return null;
    }

    private static string? NounOf(string methodName)
    {
        var words = Names.Words(methodName);
        var start = words.Count > 0 && words[0] == "try" ? 2 : 1;
        var parts = words.Skip(start).Where(w => w is not ("async" or "by" or "id" or "command" or "query" or "request")).ToList();
        if (parts.Count == 0) return null;
        return string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
    }

    /// <summary>A lambda that compares an owner member with a value the client did not supply (<c>o =&gt; o.BuyerId == currentUserId</c>).</summary>
    private static bool IsCallerScopedPredicate(IOperation value, ClientIdTracker ids)
    {
        value = value.WithoutConversions();
        if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation target }) value = target;
        if (value is not IAnonymousFunctionOperation lambda) return false;
        foreach (var binary in lambda.Body.Descendants().OfType<IBinaryOperation>())
        {
            if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.ObjectValueEquals)) continue;
            if (IsOwnerSide(binary.LeftOperand, binary.RightOperand, ids) || IsOwnerSide(binary.RightOperand, binary.LeftOperand, ids)) return true;
        }
        return false;
    }

    private static bool IsOwnerSide(IOperation member, IOperation other, ClientIdTracker ids)
    {
        member = member.WithoutConversions();
        if (member is not IMemberReferenceOperation reference || !IsOwnerMemberName(reference.Member.Name)) return false;
        var unwrappedOther = other.WithoutConversions();
        return unwrappedOther.ConstantValue.HasValue is false && ids.SourceOf(unwrappedOther) is null && ids.CarriedBy(unwrappedOther) is null;
    }

    /// <summary>Member names that say who owns a resource: OwnerId, TenantId, OrganizationId, OrgId, UserId, CustomerId, BuyerId, AuthorId, CreatedBy…</summary>
    public static bool IsOwnerMemberName(string name) => IsOwnershipName(name) || IsAttributionName(name);

    private static bool IsAttributionName(string name)
    {
        var words = Names.Words(name);
        return words.Any(w => AttributionWords.Contains(w)) || (words.Count >= 2 && words[0] == "created" && words[1] == "by");
    }

    private static bool IsOwnershipName(string name)
    {
        var words = Names.Words(name);
        if (words.Any(w => OwnerWords.Contains(w))) return true;
        return words.Contains("user") && (words[words.Count - 1] is "id" or "name" || words.Count == 1);
    }

    /// <summary>
    /// Does the resource type carry an owner/tenant/organization/user member (or is it a user account itself)? For
    /// reads (<paramref name="toRead"/>), attribution (an article's Author, CreatedBy) does not make content private;
    /// for changes it does: only the author may edit.
    /// </summary>
    public bool IsOwned(ITypeSymbol? type, bool toRead = false)
    {
        if (type is null) return false;
        type = type.ElementTypeOrSelf();
        var evidence = _owned.GetOrAdd(type, ComputeOwner);
        return evidence == OwnerEvidence.Ownership || (!toRead && evidence == OwnerEvidence.Attribution);
    }

    private enum OwnerEvidence
    {
        None,
        Attribution,
        Ownership,
    }

    private OwnerEvidence ComputeOwner(ITypeSymbol type)
    {
        if (type is ITypeParameterSymbol parameter)
        {
            return parameter.ConstraintTypes.Select(c => _owned.GetOrAdd(c.ElementTypeOrSelf(), ComputeOwner)).DefaultIfEmpty(OwnerEvidence.None).Max();
        }
        if (type.InheritsFromOrEquals(Types.IdentityUser)) return OwnerEvidence.Ownership;
        if (Names.LastWord(type.Name) is "user" or "account" or "profile" or "customer" or "member" or "membership") return OwnerEvidence.Ownership;
        var names = new List<string>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            names.AddRange(t.GetMembers().Where(m => m is IPropertySymbol or IFieldSymbol && !m.IsImplicitlyDeclared && !m.IsStatic).Select(m => m.Name));
        }
        names.AddRange(type.AllInterfaces.SelectMany(i => i.GetMembers().OfType<IPropertySymbol>()).Select(p => p.Name));
        if (names.Any(IsOwnershipName)) return OwnerEvidence.Ownership;
        return names.Any(IsAttributionName) ? OwnerEvidence.Attribution : OwnerEvidence.None;
    }
}

/// <summary>Values that identify the caller (the authenticated principal, or something derived from it).</summary>
internal sealed class CallerIdentity
{
    private readonly KnownTypes _types;
    private readonly HashSet<ILocalSymbol> _locals = new(SymbolEqualityComparer.Default);

    public CallerIdentity(KnownTypes types, IOperation body)
    {
        _types = types;
        var assignments = LocalAssignments.Of(body);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (local, value) in assignments)
            {
                if (!_locals.Contains(local) && Carries(value)) changed |= _locals.Add(local);
            }
        }
    }

    /// <summary>The value is, or is derived from, the caller's identity.</summary>
    public bool Carries(IOperation value)
    {
        foreach (var op in value.DescendantsAndSelf())
        {
            switch (op)
            {
                case ILocalReferenceOperation local when _locals.Contains(local.Local):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "User" } p when p.Type.InheritsFromOrEquals(_types.ClaimsPrincipal):
                    return true;
                case IParameterReferenceOperation parameter when parameter.Type.InheritsFromOrEquals(_types.ClaimsPrincipal):
                    return true;
                case IMemberReferenceOperation member when IsCallerName(member.Member.Name):
                    return true;
                case IInvocationOperation invocation when IsCallerName(invocation.TargetMethod.Name):
                    return true;
            }
        }
        return false;
    }

    private static bool IsCallerName(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("currentuser") || lower.Contains("currentmember") || lower.Contains("currentactor")
            || lower.Contains("callerid") || lower.Contains("actorid") || lower is "getuserid" or "getuseridasync" or "getuserasync"
            || lower.Contains("currenttenant") || lower.Contains("signedinuser") || lower.Contains("loggedinuser");
    }
}
