using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

/// <summary>
/// What a privileged field is: a member that says what its holder may do (a role, permission, scope, admin or
/// verification flag), found by, in order: the <c>[Privileged]</c> attribute (any namespace), the
/// <c>secure_routes.privileged_members</c> list, the member's type (an enum or class named like a role, permission or
/// access level), and its name. The vocabulary stays about authority: <c>Balance</c> or <c>Price</c> are business
/// fields, and <c>RoleDescription</c> or <c>PermissionsCount</c> only talk about a privilege.
/// </summary>
internal sealed class Privileges
{
    public const string PrivilegedAttributeName = "Privileged";

    /// <summary>Nouns that name a privilege when they are the last meaningful word (<c>Role</c>, <c>UserRoles</c>, <c>RoleId</c>).</summary>
    private static readonly ImmutableHashSet<string> Nouns = ImmutableHashSet.Create(StringComparer.Ordinal,
        "role", "roles", "permission", "permissions", "privilege", "privileges", "entitlement", "entitlements",
        "scope", "scopes", "claim", "claims");

    /// <summary>Nouns that only name a privilege on text / claim-shaped types (an insurance <c>Claim</c>, a <c>Scope</c> of work).</summary>
    private static readonly ImmutableHashSet<string> TextOnlyNouns = ImmutableHashSet.Create(StringComparer.Ordinal,
        "scope", "scopes", "claim", "claims");

    /// <summary>Words that may follow the noun and still name the privilege itself (<c>RoleName</c>, <c>RoleIds</c>, <c>PermissionLevel</c>).</summary>
    private static readonly ImmutableHashSet<string> Trailers = ImmutableHashSet.Create(StringComparer.Ordinal,
        "name", "names", "id", "ids", "key", "keys", "level", "levels", "type", "types", "value", "values", "list", "set");

    /// <summary>Boolean flags (after an optional is/has/can prefix): <c>IsAdmin</c>, <c>Admin</c>, <c>IsOwner</c>, <c>EmailConfirmed</c>.</summary>
    private static readonly ImmutableHashSet<string> Flags = ImmutableHashSet.Create(StringComparer.Ordinal,
        "admin", "administrator", "superadmin", "superuser", "sysadmin", "staff", "moderator", "owner", "verified",
        "emailconfirmed", "emailverified", "phonenumberconfirmed", "phoneconfirmed", "adminrights", "adminaccess");

    /// <summary>Whole names of any type: <c>AccessLevel</c>, <c>UserType</c>.</summary>
    private static readonly ImmutableHashSet<string> Phrases = ImmutableHashSet.Create(StringComparer.Ordinal,
        "accesslevel", "accessrights", "usertype", "accounttype", "userlevel", "privilegelevel", "clearancelevel", "permissionlevel");

    private readonly SecureRoutesModel _model;
    private readonly ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>> _configured = new();
    private readonly INamedTypeSymbol? _claim;
    private readonly Lazy<ImmutableArray<string>> _markedMemberNames;

    public Privileges(SecureRoutesModel model)
    {
        _model = model;
        _claim = model.Compilation.GetTypeByMetadataName("System.Security.Claims.Claim");
        _markedMemberNames = new Lazy<ImmutableArray<string>>(FindMarkedMemberNames, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Words a method's text contains when it can store, decide on, grant or map a privilege (lower case).</summary>
    private static readonly ImmutableArray<string> TextWords = ImmutableArray.Create(
        "role", "permission", "privilege", "entitlement", "scope", "claim", "admin", "staff", "moderator", "superuser",
        "owner", "verified", "confirmed", "accesslevel", "accessrights", "usertype", "accounttype", "userlevel", "clearance",
        "map", "adapt", "tryupdatemodel", "send", "publish", "dispatch", "execute");

    /// <summary>
    /// Syntax-only test before a callee is bound and summarised: does its text mention a privilege word, a mapper or a
    /// dispatch, a member marked [Privileged] or configured as privileged, or call a method of its own type that does?
    /// </summary>
    public bool MayTouchPrivilege(IMethodSymbol method, int depth = 0)
    {
        if (depth > 3) return false;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var text = syntax.ToString().ToLowerInvariant();
            if (TextWords.Any(w => text.IndexOf(w, StringComparison.Ordinal) >= 0)) return true;
            var configured = _configured.GetOrAdd(syntax.SyntaxTree, t => _model.Option(t, OptionKeys.PrivilegedMembers).ToImmutableHashSet(StringComparer.Ordinal));
            if (configured.Any(m => text.IndexOf(m.Substring(m.LastIndexOf('.') + 1).ToLowerInvariant(), StringComparison.Ordinal) >= 0)) return true;
            if (MarkedMemberNames.Any(n => text.IndexOf(n, StringComparison.Ordinal) >= 0)) return true;
            foreach (var invocation in syntax.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
            {
                var name = (invocation.Expression as Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax)?.Identifier.ValueText;
                if (name is null) continue;
                foreach (var sibling in method.ContainingType.GetMembers(name).OfType<IMethodSymbol>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(sibling, method) && MayTouchPrivilege(sibling, depth + 1)) return true;
                }
            }
        }
        return false;
    }

    /// <summary>Lower-case names of source members marked [Privileged] (any namespace), found once per compilation.</summary>
    private ImmutableArray<string> MarkedMemberNames => _markedMemberNames.Value;

    private ImmutableArray<string> FindMarkedMemberNames()
    {
        var names = ImmutableArray.CreateBuilder<string>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(_model.Compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container) { pending.Push(container); continue; }
                if (member is IPropertySymbol or IFieldSymbol && member.HasAttributeNamed(PrivilegedAttributeName)) names.Add(member.Name.ToLowerInvariant());
            }
        }
        return names.ToImmutable();
    }

    /// <summary>Is this property, field or parameter a privileged field? <paramref name="tree"/> selects the options that apply.</summary>
    public bool IsPrivilegedMember(ISymbol member, SyntaxTree? tree)
    {
        var type = member switch
        {
            IPropertySymbol p => p.Type,
            IFieldSymbol f => f.Type,
            IParameterSymbol p => p.Type,
            ILocalSymbol l => l.Type,
            _ => null,
        };
        if (type is null) return false;
        if (HasPrivilegedAttribute(member)) return true;
        if (tree is not null && member is IPropertySymbol or IFieldSymbol && IsConfigured(member, tree)) return true;
        if (IsPrivilegedType(type)) return true;
        return IsPrivilegedName(member.Name, type);
    }

    private static bool HasPrivilegedAttribute(ISymbol member)
    {
        if (member.HasAttributeNamed(PrivilegedAttributeName)) return true;
        // A positional record's property: [Privileged] written on the primary-constructor parameter.
        if (member is IPropertySymbol { ContainingType.IsRecord: true } property)
        {
            foreach (var constructor in property.ContainingType.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Name == property.Name && parameter.HasAttributeNamed(PrivilegedAttributeName)) return true;
                }
            }
        }
        return false;
    }

    private bool IsConfigured(ISymbol member, SyntaxTree tree)
    {
        var configured = _configured.GetOrAdd(tree, t => _model.Option(t, OptionKeys.PrivilegedMembers).ToImmutableHashSet(StringComparer.Ordinal));
        if (configured.IsEmpty || member.ContainingType is null) return false;
        for (var t = member.ContainingType; t is not null; t = t.BaseType)
        {
            if (configured.Contains(FullName(t) + "." + member.Name)) return true;
        }
        return false;
    }

    private static string FullName(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        var ns = definition.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        var outer = "";
        for (var c = definition.ContainingType; c is not null; c = c.ContainingType) outer = c.Name + "." + outer;
        return ns + outer + definition.Name;
    }

    /// <summary>An enum or class named like a role, permission or access level (<c>OrgRole</c>, <c>IdentityRole</c>, <c>Permission</c>, <c>Claim</c>), or a sequence of them.</summary>
    public bool IsPrivilegedType(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        var element = type.ElementTypeOrSelf();
        if (!SymbolEqualityComparer.Default.Equals(element, type)) return IsPrivilegedType(element);
        if (type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Enum or TypeKind.Class or TypeKind.Struct)) return false;
        if (type.IsType(_claim)) return true;
        var words = Names.Words(type.Name);
        if (words.Count == 0) return false;
        var last = words[words.Count - 1];
        if (last is "role" or "roles" or "permission" or "permissions" or "privilege" or "privileges") return true;
        return Phrases.Contains(string.Concat(words));
    }

    /// <summary>
    /// The name says privilege: the last privilege noun is followed only by words such as Name or Id (<c>Role</c>,
    /// <c>RoleName</c>, <c>Permissions</c>, but not <c>RoleDescription</c> or <c>PermissionsCount</c>); a boolean admin,
    /// owner or verification flag; or a whole phrase such as <c>AccessLevel</c>.
    /// </summary>
    public bool IsPrivilegedName(string name, ITypeSymbol? type)
    {
        var words = Names.Words(name);
        if (words.Count == 0) return false;
        var joined = string.Concat(words);
        if (Phrases.Contains(joined)) return true;

        var isBool = type is null || IsBoolean(type);
        var flagWords = words[0] is "is" or "has" or "can" && words.Count > 1 ? words.Skip(1) : words;
        if (isBool && Flags.Contains(string.Concat(flagWords))) return true;
        // IsIssuerAdmin, MakeNewUserAdmin, IsSiteAdministrator: a boolean whose last word names an administrative standing.
        if (isBool && type is not null && words[words.Count - 1] is "admin" or "administrator" or "superuser" or "superadmin" or "sysadmin" or "moderator") return true;

        for (var i = words.Count - 1; i >= 0; i--)
        {
            if (!Nouns.Contains(words[i])) continue;
            for (var j = i + 1; j < words.Count; j++)
            {
                if (!Trailers.Contains(words[j])) return false;
            }
            return !TextOnlyNouns.Contains(words[i]) || type is null || IsTextLike(type);
        }
        return false;
    }

    private static bool IsBoolean(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        return type.SpecialType == SpecialType.System_Boolean;
    }

    private bool IsTextLike(ITypeSymbol type)
    {
        var element = type.ElementTypeOrSelf();
        if (element is INamedTypeSymbol { IsGenericType: true, Name: "KeyValuePair" } pair) element = pair.TypeArguments[0];
        return element.SpecialType == SpecialType.System_String || element.TypeKind == TypeKind.Enum || element.IsType(_claim)
            || element.Name == "StringValues";
    }

    /// <summary>Privileged members of a type (public, readable), for mappers that copy members by name.</summary>
    public IEnumerable<IPropertySymbol> PrivilegedProperties(ITypeSymbol type, SyntaxTree? tree)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public) continue;
                if (!seen.Add(property.Name)) continue;
                if (IsPrivilegedMember(property, tree)) yield return property;
            }
        }
    }
}
