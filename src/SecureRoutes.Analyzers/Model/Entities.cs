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

/// <summary>
/// What a persisted entity is: a type exposed as <c>DbSet&lt;T&gt;</c> by a DbContext (in this compilation or in a
/// referenced assembly that uses EF Core), configured by an <c>IEntityTypeConfiguration&lt;T&gt;</c>, carrying
/// <c>[Table]</c> / <c>[PrimaryKey]</c> or a <c>[Key]</c> member, or an ASP.NET Core Identity user or role.
/// The DbSet scan runs once per compilation, on first use.
/// </summary>
internal sealed class Entities
{
    private readonly SecureRoutesModel _model;
    private readonly Lazy<ImmutableHashSet<ITypeSymbol>> _exposed;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _cache = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol? _tableAttribute;
    private readonly INamedTypeSymbol? _keyAttribute;
    private readonly INamedTypeSymbol? _primaryKeyAttribute;
    private readonly INamedTypeSymbol? _entityTypeConfiguration;
    private readonly INamedTypeSymbol? _identityRole;

    public Entities(SecureRoutesModel model)
    {
        _model = model;
        var compilation = model.Compilation;
        _tableAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.TableAttribute");
        _keyAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.KeyAttribute");
        _primaryKeyAttribute = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.PrimaryKeyAttribute");
        _entityTypeConfiguration = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.IEntityTypeConfiguration`1");
        _identityRole = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.IdentityRole`1");
        _exposed = new Lazy<ImmutableHashSet<ITypeSymbol>>(FindExposedTypes, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private KnownTypes Types => _model.Types;

    /// <summary>Methods that put an item into a collection.</summary>
    private static readonly ImmutableHashSet<string> CollectionAddMethods = ImmutableHashSet.Create(StringComparer.Ordinal,
        "Add", "AddRange", "Insert", "InsertRange", "TryAdd", "AddOrUpdate", "GetOrAdd", "Enqueue", "Push");

    /// <summary>
    /// A static field or property of the application (not a constant): state that outlives the request, the in-memory
    /// store of a demo or a prototype. Writing into it, or into an object it holds, persists the value.
    /// </summary>
    public static bool IsStaticState(IOperation? operation) =>
        operation?.WithoutConversions() is IMemberReferenceOperation { Member: IFieldSymbol { IsStatic: true, IsConst: false } or IPropertySymbol { IsStatic: true } } reference
        && reference.Member.IsInSource();

    /// <summary><c>Users.Add(user)</c> on a collection held in static state.</summary>
    public static bool IsAddToStaticState(IInvocationOperation invocation) =>
        CollectionAddMethods.Contains(invocation.TargetMethod.Name) && IsStaticState(invocation.Instance);

    /// <summary>Is the type (not its elements) a persisted entity?</summary>
    public bool IsEntity(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.SpecialType != SpecialType.None) return false;
        return _cache.GetOrAdd(named.OriginalDefinition, t => Compute((INamedTypeSymbol)t));
    }

    /// <summary>The entity a value of this type carries: the type itself, or the element of an array / list of entities.</summary>
    public ITypeSymbol? EntityOf(ITypeSymbol? type)
    {
        if (type is null) return null;
        if (IsEntity(type)) return type;
        var element = type.ElementTypeOrSelf();
        return !SymbolEqualityComparer.Default.Equals(element, type) && IsEntity(element) ? element : null;
    }

    private bool Compute(INamedTypeSymbol type)
    {
        if (type.InheritsFromOrEquals(Types.IdentityUser) || type.InheritsFromOrEquals(_identityRole)) return true;
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            if (_exposed.Value.Contains(t.OriginalDefinition)) return true;
            if (t.HasAttribute(_tableAttribute) || t.HasAttribute(_primaryKeyAttribute)) return true;
            foreach (var member in t.GetMembers())
            {
                if (member is IPropertySymbol or IFieldSymbol && member.HasAttribute(_keyAttribute)) return true;
            }
        }
        return false;
    }

    private ImmutableHashSet<ITypeSymbol> FindExposedTypes()
    {
        var result = ImmutableHashSet.CreateBuilder<ITypeSymbol>(SymbolEqualityComparer.Default);
        if (Types.DbSetOfT is null) return result.ToImmutable();
        var compilation = _model.Compilation;
        Scan(compilation.Assembly.GlobalNamespace, result, sourceOnly: true);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            var name = assembly.Identity.Name;
            if (name.StartsWith("Microsoft.", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal)) continue;
            if (!assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Any(r => r.Identity.Name == "Microsoft.EntityFrameworkCore"))) continue;
            Scan(assembly.GlobalNamespace, result, sourceOnly: false);
        }
        return result.ToImmutable();
    }

    private void Scan(INamespaceSymbol ns, ImmutableHashSet<ITypeSymbol>.Builder result, bool sourceOnly)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child) Scan(child, result, sourceOnly);
            else if (member is INamedTypeSymbol type) ScanType(type, result, sourceOnly, 0);
        }
    }

    private void ScanType(INamedTypeSymbol type, ImmutableHashSet<ITypeSymbol>.Builder result, bool sourceOnly, int depth)
    {
        if (!sourceOnly && type.DeclaredAccessibility != Accessibility.Public) return;
        if (type.InheritsFromOrEquals(Types.DbContext))
        {
            foreach (var member in type.GetMembers())
            {
                var memberType = member switch { IPropertySymbol p => p.Type, IFieldSymbol f => f.Type, _ => null };
                for (var t = memberType as INamedTypeSymbol; t is not null; t = t.BaseType)
                {
                    if (t.OriginalDefinition.IsType(Types.DbSetOfT)) result.Add(t.TypeArguments[0].OriginalDefinition);
                }
            }
        }
        if (_entityTypeConfiguration is not null)
        {
            foreach (var iface in type.AllInterfaces)
            {
                if (iface.OriginalDefinition.IsType(_entityTypeConfiguration)) result.Add(iface.TypeArguments[0].OriginalDefinition);
            }
        }
        if (depth < 4)
        {
            foreach (var nested in type.GetTypeMembers()) ScanType(nested, result, sourceOnly, depth + 1);
        }
    }

    /// <summary>Settable instance properties of an entity (what overposting can reach), base types included.</summary>
    public static IEnumerable<IPropertySymbol> SettableProperties(ITypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public) continue;
                if (property.SetMethod is not { DeclaredAccessibility: Accessibility.Public }) continue;
                if (seen.Add(property.Name)) yield return property;
            }
        }
    }

    /// <summary>Is the property the entity's key (<c>Id</c>, <c>&lt;Type&gt;Id</c>, <c>[Key]</c>)?</summary>
    public bool IsKey(IPropertySymbol property) =>
        property.HasAttribute(_keyAttribute) || string.Equals(property.Name, "Id", StringComparison.OrdinalIgnoreCase)
        || string.Equals(property.Name, property.ContainingType.Name + "Id", StringComparison.OrdinalIgnoreCase);
}
