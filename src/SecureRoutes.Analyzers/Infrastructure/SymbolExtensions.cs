using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SecureRoutes.Analyzers.Infrastructure;

internal static class SymbolExtensions
{
    public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType)) return true;
        }
        return false;
    }

    public static bool Implements(this ITypeSymbol? type, INamedTypeSymbol? iface)
    {
        if (type is null || iface is null) return false;
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, iface)) return true;
        foreach (var i in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, iface)) return true;
        }
        return false;
    }

    public static bool IsType(this ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>True when the symbol carries an attribute of the given type, or derived from it.</summary>
    public static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null) return false;
        foreach (var a in symbol.GetAttributes())
        {
            if (a.AttributeClass.InheritsFromOrEquals(attributeType)) return true;
        }
        return false;
    }

    /// <summary>
    /// True when the symbol carries an attribute whose simple name is <paramref name="simpleName"/> (with or without
    /// the Attribute suffix) in any namespace, so teams can declare their own copy of our annotations.
    /// </summary>
    public static bool HasAttributeNamed(this ISymbol symbol, string simpleName)
    {
        foreach (var a in symbol.GetAttributes())
        {
            for (var c = a.AttributeClass; c is not null; c = c.BaseType)
            {
                if (c.Name == simpleName || c.Name == simpleName + "Attribute") return true;
            }
        }
        return false;
    }

    /// <summary>Attribute on the type or any of its base types (attributes on base controllers apply to derived ones).</summary>
    public static bool TypeOrBaseHasAttribute(this INamedTypeSymbol? type, INamedTypeSymbol? attributeType)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.HasAttribute(attributeType)) return true;
        }
        return false;
    }

    public static IEnumerable<AttributeData> AttributesOnMethodAndTypes(this IMethodSymbol method)
    {
        foreach (var a in method.GetAttributes()) yield return a;
        for (var t = method.ContainingType; t is not null; t = t.BaseType)
        {
            foreach (var a in t.GetAttributes()) yield return a;
        }
    }

    /// <summary>T for Task&lt;T&gt;, ValueTask&lt;T&gt;, ActionResult&lt;T&gt;; the type itself otherwise.</summary>
    public static ITypeSymbol UnwrapTask(this ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
            (named.Name is "Task" or "ValueTask") &&
            named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
        {
            return named.TypeArguments[0];
        }
        return type;
    }

    /// <summary>Element type of IQueryable/IEnumerable/DbSet-like generics, or the type itself.</summary>
    public static ITypeSymbol ElementTypeOrSelf(this ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array) return array.ElementType;
        if (type.SpecialType == SpecialType.System_String) return type;
        if (type is INamedTypeSymbol named)
        {
            if (named.IsGenericType && named.TypeArguments.Length == 1 && IsSequenceName(named.Name)) return named.TypeArguments[0];
            foreach (var i in named.AllInterfaces)
            {
                if (i.IsGenericType && i.Name == "IEnumerable" && i.TypeArguments.Length == 1) return i.TypeArguments[0];
            }
        }
        return type;
    }

    private static bool IsSequenceName(string name) =>
        name is "IQueryable" or "IEnumerable" or "DbSet" or "List" or "IList" or "ICollection" or "IReadOnlyList"
            or "IReadOnlyCollection" or "IOrderedQueryable" or "IIncludableQueryable" or "IAsyncEnumerable";

    public static bool IsErrorOrNull(this ITypeSymbol? type) => type is null || type.TypeKind == TypeKind.Error;

    public static string ShortName(this IMethodSymbol method) => method.ContainingType is null
        ? method.Name
        : method.ContainingType.Name + "." + method.Name;

    public static bool IsInSource(this ISymbol symbol) => symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource;

    public static bool IsFrameworkNamespace(this ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace?.ToDisplayString() ?? "";
        return ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal)
            || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal);
    }
}
