using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;
using SecureRoutes.Analyzers.Model;

namespace SecureRoutes.Analyzers.Rules;

/// <summary>
/// SR2002: an endpoint parameter (or a <c>[BindProperty]</c> property) whose type is a persisted entity is bound from
/// the request body or form, so overposting lets the client set every settable member. A <c>[Bind("…")]</c> include
/// list (form binding), or <c>[BindNever]</c> (form) / <c>[JsonIgnore]</c> (body) on every sensitive member, makes it safe.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EntityBoundFromRequestAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] SecretWords = { "password", "hash", "salt", "token", "secret", "stamp" };

    /// <summary>Diagnostic property: comma-separated members a request model should carry (absent for collections and bound properties).</summary>
    public const string RequestMembersProperty = "RequestMembers";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SR2002EntityBoundFromRequest);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: analyze and report in generated code too (NetAnalyzers' choice), see rules/SR2002.md.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var model = SecureRoutesModel.TryCreate(start.Compilation, start.Options);
            if (model is null) return;
            EndpointActions.Register(start, model, (body, report, _) => AnalyzeEndpoint(model, body, report));
            start.RegisterSymbolAction(symbol => AnalyzeBoundProperty(model, (IPropertySymbol)symbol.Symbol, symbol.ReportDiagnostic), SymbolKind.Property);
        });
    }

    private static void AnalyzeEndpoint(SecureRoutesModel model, EndpointBody body, Action<Diagnostic> report)
    {
        var endpoint = body.Endpoint;
        foreach (var parameter in endpoint.Handler.Parameters)
        {
            var source = model.ClientInput.BindingSourceOf(parameter, endpoint);
            if (source is not (BindingSource.Body or BindingSource.Form)) continue;
            var entity = model.Entities.EntityOf(parameter.Type) ?? StoredInStaticState(model, body, parameter);
            if (entity is null || parameter.Locations.Length == 0 || !parameter.Locations[0].IsInSource) continue;
            if (IsProtected(model, parameter, entity, source)) continue;
            // The fixer's request model: the members a client may set (not sensitive, not excluded, simple values).
            var properties = SymbolEqualityComparer.Default.Equals(entity, parameter.Type)
                ? ImmutableDictionary<string, string?>.Empty.Add(RequestMembersProperty, string.Join(",", RequestMembers(model, entity, source)))
                : ImmutableDictionary<string, string?>.Empty;
            report(Diagnostic.Create(Descriptors.SR2002EntityBoundFromRequest, parameter.Locations[0], properties,
                parameter.Name, entity.Name, ClientValues.OriginText(source), Exposed(model, entity, source)));
        }
    }

    /// <summary>
    /// <c>CurrentUser = model;</c> or <c>Users.Add(model)</c> into static state (see <see cref="Entities.IsStaticState"/>):
    /// the bound object itself is kept, so its type is persisted state here — when it has members a client must not set.
    /// </summary>
    private static ITypeSymbol? StoredInStaticState(SecureRoutesModel model, EndpointBody body, IParameterSymbol parameter)
    {
        if (parameter.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || !type.IsInSource() || !Sensitive(model, type).Any()) return null;
        static bool IsParameter(IOperation? value, IParameterSymbol parameter) =>
            value?.WithoutConversions() is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);
        foreach (var operation in body.Body.DescendantsAndSelf())
        {
            var stored = operation switch
            {
                ISimpleAssignmentOperation assignment => Entities.IsStaticState(assignment.Target) && IsParameter(assignment.Value, parameter),
                IInvocationOperation invocation => Entities.IsAddToStaticState(invocation) && invocation.Arguments.Any(a => IsParameter(a.Value, parameter)),
                _ => false,
            };
            if (stored) return type;
        }
        return null;
    }

    /// <summary><c>[BindProperty] public Member Member { get; set; }</c> on a page model or controller.</summary>
    private static void AnalyzeBoundProperty(SecureRoutesModel model, IPropertySymbol property, Action<Diagnostic> report)
    {
        if (property.IsStatic || !model.ClientInput.IsBoundProperty(property)) return;
        var containing = property.ContainingType;
        if (!containing.InheritsFromOrEquals(model.Types.PageModel) && !model.Endpoints.IsController(containing)) return;
        var entity = model.Entities.EntityOf(property.Type);
        if (entity is null || property.Locations.Length == 0 || !property.Locations[0].IsInSource) return;
        if (IsProtected(model, property, entity, BindingSource.Form)) return;
        report(Diagnostic.Create(Descriptors.SR2002EntityBoundFromRequest, property.Locations[0],
            property.Name, entity.Name, "form", Exposed(model, entity, BindingSource.Form)));
    }

    /// <summary>
    /// Form binding honours <c>[Bind("A,B")]</c> (on the parameter, property or type) and <c>[BindNever]</c>; the JSON
    /// input formatter ignores both, and honours <c>[JsonIgnore]</c> instead. Protected when an include list applies, or
    /// when every sensitive settable member is excluded.
    /// </summary>
    private static bool IsProtected(SecureRoutesModel model, ISymbol bound, ITypeSymbol entity, BindingSource source)
    {
        if (source != BindingSource.Body && (HasIncludeList(bound, model.Types.BindAttribute) || HasIncludeList(entity, model.Types.BindAttribute))) return true;
        var sensitive = Sensitive(model, entity).ToList();
        if (sensitive.Count == 0) return false;
        return sensitive.All(p => IsExcluded(model, p, source));
    }

    private static bool HasIncludeList(ISymbol symbol, INamedTypeSymbol? bindAttribute)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (!attribute.AttributeClass.InheritsFromOrEquals(bindAttribute)) continue;
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Array && argument.Values.Any(v => v.Value is string s && s.Trim().Length > 0)) return true;
                else if (argument.Kind != TypedConstantKind.Array && argument.Value is string text && text.Trim().Length > 0) return true;
            }
        }
        return false;
    }

    private static bool IsExcluded(SecureRoutesModel model, IPropertySymbol property, BindingSource source) =>
        source == BindingSource.Body
            ? property.HasAttributeNamed("JsonIgnore")
            : property.HasAttribute(model.Types.BindNeverAttribute);

    /// <summary>Settable members a client must not choose: privileged fields, secrets, keys and foreign keys, owners (in that order).</summary>
    private static IEnumerable<IPropertySymbol> Sensitive(SecureRoutesModel model, ITypeSymbol entity)
    {
        var tree = entity.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;
        var ranked = new List<(int Rank, int Order, IPropertySymbol Property)>();
        foreach (var property in Entities.SettableProperties(entity))
        {
            var words = Names.Words(property.Name);
            int rank;
            if (model.Privileges.IsPrivilegedMember(property, tree)) rank = 0;
            else if (words.Any(w => SecretWords.Contains(w)) || property.HasAttributeNamed("Secret")) rank = 1;
            else if (model.Entities.IsKey(property) || (words.Count > 1 && words[words.Count - 1] == "id") || DataAccess.IsOwnerMemberName(property.Name)) rank = 2;
            else continue;
            ranked.Add((rank, ranked.Count, property));
        }
        return ranked.OrderBy(r => r.Rank).ThenBy(r => r.Order).Select(r => r.Property);
    }

    /// <summary>Settable members that are not sensitive, not excluded from binding, and hold simple values (text, numbers, enums, dates).</summary>
    private static IEnumerable<string> RequestMembers(SecureRoutesModel model, ITypeSymbol entity, BindingSource source)
    {
        var sensitive = new HashSet<IPropertySymbol>(Sensitive(model, entity), SymbolEqualityComparer.Default);
        foreach (var property in Entities.SettableProperties(entity))
        {
            if (sensitive.Contains(property) || IsExcluded(model, property, source) || property.SetMethod is { IsInitOnly: true }) continue;
            if (IsSimple(property.Type)) yield return property.Name;
        }
    }

    private static bool IsSimple(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        if (type.SpecialType is not SpecialType.None and not SpecialType.System_Object) return true;
        if (type.TypeKind == TypeKind.Enum) return true;
        return type.ContainingNamespace?.ToDisplayString() == "System"
            && type.Name is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly" or "Uri";
    }

    /// <summary>The members the client can set, sensitive ones first, at most five.</summary>
    private static string Exposed(SecureRoutesModel model, ITypeSymbol entity, BindingSource source)
    {
        var sensitive = Sensitive(model, entity).Where(p => !IsExcluded(model, p, source)).Select(p => p.Name).ToList();
        var names = sensitive.Count > 0
            ? sensitive
            : Entities.SettableProperties(entity).Where(p => !IsExcluded(model, p, source)).Select(p => p.Name).ToList();
        return names.Count <= 5 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + ", …";
    }
}
