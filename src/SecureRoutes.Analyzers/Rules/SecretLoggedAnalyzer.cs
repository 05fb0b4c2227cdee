using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;
using SecureRoutes.Analyzers.Model;

namespace SecureRoutes.Analyzers.Rules;

/// <summary>SR3001: a secret reaches a log, trace, console or exception message.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretLoggedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property keys shared with the code fix.</summary>
    public static class Properties
    {
        /// <summary>"string" or "bytes": the secret can be replaced by a SHA-256 fingerprint expression.</summary>
        public const string Fingerprint = "Fingerprint";

        /// <summary>Index of the placeholder the reported argument fills; AdditionalLocations[0] is the template literal.</summary>
        public const string PlaceholderIndex = "PlaceholderIndex";

        /// <summary>Comma-separated members a PrintMembers override must leave out; the last additional location is the record.</summary>
        public const string HideMembers = "HideMembers";

        /// <summary>"true": the reported value is a whole argument of a sink call that is an expression statement and has no placeholder.</summary>
        public const string WholeStatement = "WholeStatement";
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SR3001SecretLogged);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: generated code can leak as well (NetAnalyzers' choice).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var model = SecureRoutesModel.TryCreate(start.Compilation, start.Options);
            if (model is null) return;
            var secrets = model.Secrets;
            var sinks = model.LogSinks;
            var canFingerprint = CanFingerprint(model.Types);
            start.RegisterOperationAction(c =>
            {
                var sink = sinks.Classify((IInvocationOperation)c.Operation);
                if (sink is not null) Report(c, sink, secrets, canFingerprint);
            }, OperationKind.Invocation);
            start.RegisterOperationAction(c =>
            {
                var sink = sinks.Classify((IObjectCreationOperation)c.Operation);
                if (sink is not null) Report(c, sink, secrets, canFingerprint);
            }, OperationKind.ObjectCreation);
        });
    }

    /// <summary>SHA256.HashData(byte[]) and Convert.ToHexString(byte[]) exist (.NET 5+).</summary>
    private static bool CanFingerprint(KnownTypes types) =>
        types.Sha256?.GetMembers("HashData").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 1 && m.Parameters[0].Type is IArrayTypeSymbol) == true &&
        types.Convert?.GetMembers("ToHexString").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 1 && m.Parameters[0].Type is IArrayTypeSymbol) == true;

    private static void Report(OperationAnalysisContext context, SinkCall sink, Secrets secrets, bool canFingerprint)
    {
        if (sink.Operation.Syntax.ContainsDiagnostics && HasErrors(sink.Operation)) return;
        var tree = sink.Operation.Syntax.SyntaxTree;
        var reported = new HashSet<Location>();
        if (sink.Template is not null)
        {
            foreach (var finding in secrets.FindRendered(sink.Template, Rendering.Text))
                Report(context, sink, null, finding, canFingerprint, reported);
        }
        foreach (var value in sink.Values)
        {
            if (value.ForwardedParameter is { } parameter &&
                (secrets.ClassifySymbol(parameter, tree) is not null || secrets.ClassifyType(parameter.Type, tree) is not null))
                continue; // the wrapper's own body is reported
            foreach (var finding in secrets.FindRendered(value.Value, value.Rendering))
                Report(context, sink, value, finding, canFingerprint, reported);
        }
    }

    private static bool HasErrors(IOperation operation)
    {
        foreach (var d in operation.Syntax.GetDiagnostics())
        {
            if (d.Severity == DiagnosticSeverity.Error) return true;
        }
        return false;
    }

    private static void Report(OperationAnalysisContext context, SinkCall sink, LoggedValue? value, SecretFinding finding, bool canFingerprint, HashSet<Location> reported)
    {
        var anchor = finding.Anchor;
        if (anchor.Type.IsErrorOrNull() || anchor is IInvalidOperation) return;
        var location = anchor.Syntax.GetLocation();
        if (!reported.Add(location)) return;

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var additional = new List<Location>();
        if (finding.Shape is null && canFingerprint)
        {
            var type = anchor.Type!;
            if (type.SpecialType == SpecialType.System_String) properties[Properties.Fingerprint] = IsNullable(anchor) ? "string?" : "string";
            else if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }) properties[Properties.Fingerprint] = "bytes";
        }
        if (value is not null && value.PlaceholderIndex >= 0 && Unwrap(value.Value) == anchor && TemplateLiteral(sink) is { } literal &&
            anchor.Syntax.Parent is ArgumentSyntax)
        {
            properties[Properties.PlaceholderIndex] = value.PlaceholderIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            additional.Add(literal.GetLocation());
        }
        if (value is not null && value.PlaceholderIndex < 0 && Unwrap(value.Value) == anchor && anchor.Syntax.Parent is ArgumentSyntax &&
            sink.Operation.Parent is IExpressionStatementOperation && sink.Template is null)
            properties[Properties.WholeStatement] = "true";
        if (finding.Shape is { IsGeneratedRecordPrint: true, Rendering: Rendering.Text } shape && RecordDeclaration(shape.Type) is { } record)
        {
            properties[Properties.HideMembers] = string.Join(",", shape.Members.Select(m => m.Name));
            additional.Add(record);
        }

        var text = anchor.Syntax.ToString();
        text = string.Join(" ", text.Split(new[] { ' ', '\r', '\n', '\t' }, System.StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > 80) text = text.Substring(0, 77) + "...";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SR3001SecretLogged, location, additional, properties.ToImmutable(), finding.Kind, text, sink.Name));
    }

    private static bool IsNullable(IOperation anchor)
    {
        var type = anchor switch
        {
            IParameterReferenceOperation p => p.Parameter.Type,
            ILocalReferenceOperation l => l.Local.Type,
            IFieldReferenceOperation f => f.Field.Type,
            IPropertyReferenceOperation p => p.Property.Type,
            IInvocationOperation i => i.TargetMethod.ReturnType,
            _ => anchor.Type,
        };
        return type?.NullableAnnotation != NullableAnnotation.NotAnnotated;
    }

    private static IOperation Unwrap(IOperation op)
    {
        while (op is IConversionOperation { IsImplicit: true } c) op = c.Operand;
        return op;
    }

    /// <summary>
    /// The template as a plain string literal whose placeholders match the template arguments one to one (names unique),
    /// so removing one argument and its placeholder keeps CA2017 quiet.
    /// </summary>
    private static LiteralExpressionSyntax? TemplateLiteral(SinkCall sink)
    {
        if (sink.Template is null || sink.Placeholders.IsDefaultOrEmpty) return null;
        if (Unwrap(sink.Template).Syntax is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression)) return null;
        if (literal.Token.Text.StartsWith("\"\"\"", System.StringComparison.Ordinal)) return null; // raw literals: not rewritten
        var arguments = sink.Values.Count(v => v.PlaceholderIndex >= 0);
        if (arguments != sink.Placeholders.Length) return null;
        if (sink.Placeholders.Select(p => p.TrimStart('@', '$')).Distinct().Count() != sink.Placeholders.Length) return null;
        return literal;
    }

    /// <summary>The identifier of a single, source-declared record that derives from nothing (so a PrintMembers override can be added).</summary>
    private static Location? RecordDeclaration(INamedTypeSymbol type)
    {
        if (!type.IsRecord || type.DeclaringSyntaxReferences.Length != 1) return null;
        if (type.BaseType is { } b && b.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType)) return null;
        return type.DeclaringSyntaxReferences[0].GetSyntax() is RecordDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : null;
    }
}
