using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SecureRoutes.Analyzers.Model;
using SecureRoutes.Analyzers.Rules;
using P = SecureRoutes.Analyzers.Rules.SecretLoggedAnalyzer.Properties;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>
/// SR3001 fixes: remove the secret (argument + placeholder, interpolation hole, concatenated operand, or the whole
/// statement), log a SHA-256 fingerprint instead, or add a record PrintMembers override that leaves secret members out.
/// Fix All applies the fixes itself (<see cref="FixAllAsync"/>): several removals in one message, and several call sites
/// of one record, edit the same text, which BatchFixer would drop as conflicts.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
public sealed class SecretLoggedCodeFixProvider : CodeFixProvider
{
    public const string RemoveFromLogKey = "SR3001_RemoveFromLog";
    public const string LogFingerprintKey = "SR3001_LogFingerprint";
    public const string HideFromToStringKey = "SR3001_HideFromToString";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SecretLogged);

    public override FixAllProvider GetFixAllProvider() => FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Remove(root, diagnostic, root) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create("Remove the secret from the log message",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(Remove(root, diagnostic, root)!)), RemoveFromLogKey), diagnostic);
            }
            if (Fingerprint(root, diagnostic, root) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create("Log a fingerprint instead",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(Fingerprint(root, diagnostic, root)!)), LogFingerprintKey), diagnostic);
            }
            if (RecordTarget(context.Document.Project.Solution, diagnostic) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create("Hide secret from ToString",
                    ct => HideAsync(context.Document.Project.Solution, new[] { diagnostic }, ct), HideFromToStringKey), diagnostic);
            }
        }
    }

    // ------------------------------------------------------------------ remove

    /// <summary>
    /// The root with the secret removed, or null when no safe removal applies. <paramref name="original"/> is the tree the
    /// diagnostic spans refer to; <paramref name="root"/> may be a later version that tracks its nodes (Fix All).
    /// </summary>
    private static SyntaxNode? Remove(SyntaxNode root, Diagnostic diagnostic, SyntaxNode original)
    {
        var anchor = Current(root, original, diagnostic.Location.SourceSpan);
        if (anchor is null) return null;

        // 1. argument + its placeholder in a literal template
        if (diagnostic.Properties.TryGetValue(P.PlaceholderIndex, out var indexText) && int.TryParse(indexText, out var index) &&
            diagnostic.AdditionalLocations.Count > 0 &&
            Current(root, original, diagnostic.AdditionalLocations[0].SourceSpan) is LiteralExpressionSyntax literal &&
            anchor.Parent is ArgumentSyntax { Parent: ArgumentListSyntax arguments } argument)
        {
            var newLiteral = RemovePlaceholder(literal, index);
            if (newLiteral is null || literal.Contains(argument)) return null;
            newLiteral = literal.CopyAnnotationsTo(newLiteral);
            var argumentIndex = arguments.Arguments.IndexOf(argument);
            return root.ReplaceNodes(new SyntaxNode[] { literal, arguments }, (o, rewritten) =>
                o == literal ? newLiteral : ((ArgumentListSyntax)rewritten).WithArguments(((ArgumentListSyntax)rewritten).Arguments.RemoveAt(argumentIndex)));
        }

        // 2. an interpolation hole
        var hole = anchor.AncestorsAndSelf().OfType<InterpolationSyntax>().FirstOrDefault();
        if (hole?.Parent is InterpolatedStringExpressionSyntax interpolated && !IsAcrossStatement(anchor, hole))
            return root.ReplaceNode(interpolated, interpolated.CopyAnnotationsTo(RemoveHole(interpolated, hole)));

        // 3. an operand of string concatenation
        var operand = anchor.AncestorsAndSelf().TakeWhile(n => n is ExpressionSyntax).FirstOrDefault(n => n.Parent is BinaryExpressionSyntax b && b.IsKind(SyntaxKind.AddExpression));
        if (operand?.Parent is BinaryExpressionSyntax binary)
        {
            var other = binary.Left == operand ? binary.Right : binary.Left;
            if (other is LiteralExpressionSyntax || other is BinaryExpressionSyntax || other is InterpolatedStringExpressionSyntax)
                return root.ReplaceNode(binary, other.WithTriviaFrom(binary));
        }

        // 4. the whole statement (Console.WriteLine(token), activity.SetTag("key", token))
        if (diagnostic.Properties.TryGetValue(P.WholeStatement, out var whole) && whole == "true" &&
            anchor.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { Parent: BlockSyntax } statement)
            return root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);

        return null;
    }

    private static bool IsAcrossStatement(SyntaxNode anchor, SyntaxNode hole) => !hole.Span.Contains(anchor.Span);

    private static SyntaxNode? Current(SyntaxNode root, SyntaxNode original, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = original.FindNode(span, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax a) node = a.Expression;
        if (ReferenceEquals(root, original)) return node;
        return root.GetCurrentNode(node);
    }

    /// <summary>Removes placeholder <paramref name="index"/> (and one adjoining space) from a regular or verbatim literal; renumbers {n} placeholders.</summary>
    private static LiteralExpressionSyntax? RemovePlaceholder(LiteralExpressionSyntax literal, int index)
    {
        var raw = literal.Token.Text;
        var prefix = raw.StartsWith("@\"", StringComparison.Ordinal) ? 2 : raw.StartsWith("\"", StringComparison.Ordinal) ? 1 : -1;
        if (prefix < 0 || raw.Length < prefix + 1) return null;
        var inner = raw.Substring(prefix, raw.Length - prefix - 1);
        var placeholders = LogSinks.ParsePlaceholders(inner).ToList();
        var numeric = placeholders.Count > 0 && placeholders.All(p => p.Name.TrimStart('@', '$').All(char.IsDigit));
        (string Name, int Start, int Length) target;
        if (numeric)
        {
            var matches = placeholders.Where(p => p.Name.TrimStart('@', '$') == index.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (matches.Count != 1) return null;
            target = matches[0];
        }
        else
        {
            if (index >= placeholders.Count) return null;
            target = placeholders[index];
        }
        var start = target.Start;
        var end = target.Start + target.Length;
        if (start > 0 && inner[start - 1] == ' ' && (end == inner.Length || inner[end] == ' ' || char.IsPunctuation(inner[end])))
            start--;
        else if (end < inner.Length && inner[end] == ' ' && start == 0)
            end++;
        var text = inner.Substring(0, start) + inner.Substring(end);
        if (numeric)
        {
            // {2} becomes {1} once {1} is gone
            var builder = new System.Text.StringBuilder();
            var last = 0;
            foreach (var p in LogSinks.ParsePlaceholders(text))
            {
                var digits = p.Name.TrimStart('@', '$');
                var number = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
                if (number <= index) continue;
                var nameStart = text.IndexOf(digits, p.Start, StringComparison.Ordinal);
                builder.Append(text, last, nameStart - last).Append((number - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                last = nameStart + digits.Length;
            }
            builder.Append(text, last, text.Length - last);
            text = builder.ToString();
        }
        var newRaw = raw.Substring(0, prefix) + text + "\"";
        return SyntaxFactory.ParseExpression(newRaw) is LiteralExpressionSyntax parsed ? parsed.WithTriviaFrom(literal) : null;
    }

    private static InterpolatedStringExpressionSyntax RemoveHole(InterpolatedStringExpressionSyntax interpolated, InterpolationSyntax hole)
    {
        var contents = interpolated.Contents;
        var i = contents.IndexOf(hole);
        var list = contents.ToList();
        list.RemoveAt(i);
        // "token {x} rejected" -> "token rejected": drop the space before the hole when the text after it starts with a space or ends the string
        if (i > 0 && list[i - 1] is InterpolatedStringTextSyntax before && before.TextToken.Text.EndsWith(" ", StringComparison.Ordinal))
        {
            var nextStartsWithSpaceOrEnds = i >= list.Count || list[i] is InterpolatedStringTextSyntax after && (after.TextToken.Text.StartsWith(" ", StringComparison.Ordinal) || after.TextToken.Text.Length > 0 && char.IsPunctuation(after.TextToken.Text[0]));
            if (nextStartsWithSpaceOrEnds)
            {
                var trimmed = before.TextToken.Text.Substring(0, before.TextToken.Text.Length - 1);
                var trimmedValue = before.TextToken.ValueText.Length > 0 ? before.TextToken.ValueText.Substring(0, before.TextToken.ValueText.Length - 1) : "";
                list[i - 1] = before.WithTextToken(SyntaxFactory.Token(before.TextToken.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, trimmed, trimmedValue, before.TextToken.TrailingTrivia));
            }
        }
        // merge adjacent text parts
        var merged = new List<InterpolatedStringContentSyntax>();
        foreach (var part in list)
        {
            if (part is InterpolatedStringTextSyntax text && merged.Count > 0 && merged[merged.Count - 1] is InterpolatedStringTextSyntax previous)
            {
                merged[merged.Count - 1] = previous.WithTextToken(SyntaxFactory.Token(previous.TextToken.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken,
                    previous.TextToken.Text + text.TextToken.Text, previous.TextToken.ValueText + text.TextToken.ValueText, text.TextToken.TrailingTrivia));
            }
            else
            {
                merged.Add(part);
            }
        }
        return interpolated.WithContents(SyntaxFactory.List(merged));
    }

    // ------------------------------------------------------------------ fingerprint

    private static SyntaxNode? Fingerprint(SyntaxNode root, Diagnostic diagnostic, SyntaxNode original)
    {
        if (!diagnostic.Properties.TryGetValue(P.Fingerprint, out var kind) || kind is null) return null;
        if (Current(root, original, diagnostic.Location.SourceSpan) is not ExpressionSyntax anchor) return null;
        var value = anchor.WithoutTrivia();
        ExpressionSyntax bytes = kind switch
        {
            "bytes" => value,
            "string" => SyntaxFactory.ParseExpression("global::System.Text.Encoding.UTF8.GetBytes(" + value + ")"),
            "string?" => SyntaxFactory.ParseExpression("global::System.Text.Encoding.UTF8.GetBytes(" + value + " ?? \"\")"),
            _ => null!,
        };
        if (bytes is null) return null;
        var fingerprint = SyntaxFactory.ParseExpression(
                "global::System.Convert.ToHexString(global::System.Security.Cryptography.SHA256.HashData(" + bytes + "))[..8]");
        fingerprint = fingerprint.ReplaceNodes(
                fingerprint.DescendantNodesAndSelf().Where(n => n is MemberAccessExpressionSyntax or AliasQualifiedNameSyntax),
                (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation))
            .WithTriviaFrom(anchor)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return root.ReplaceNode(anchor, fingerprint);
    }

    // ------------------------------------------------------------------ hide from ToString

    private static Location? RecordTarget(Solution solution, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(P.HideMembers, out var members) || string.IsNullOrEmpty(members)) return null;
        if (diagnostic.AdditionalLocations.Count == 0) return null;
        var location = diagnostic.AdditionalLocations[diagnostic.AdditionalLocations.Count - 1];
        return location.IsInSource && solution.GetDocument(location.SourceTree) is not null ? location : null;
    }

    private static async Task<Solution> HideAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var byRecord = new Dictionary<Location, HashSet<string>>();
        foreach (var diagnostic in diagnostics)
        {
            var target = RecordTarget(solution, diagnostic);
            if (target is null) continue;
            if (!byRecord.TryGetValue(target, out var set)) byRecord[target] = set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in diagnostic.Properties[P.HideMembers]!.Split(',')) set.Add(m);
        }
        foreach (var group in byRecord.GroupBy(kv => kv.Key.SourceTree))
        {
            var document = solution.GetDocument(group.Key);
            if (document is null) continue;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null) continue;
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var pair in group)
            {
                var location = pair.Key;
                var hidden = pair.Value;
                if (root.FindToken(location.SourceSpan.Start).Parent is not RecordDeclarationSyntax record) continue;
                if (model.GetDeclaredSymbol(record, cancellationToken) is not INamedTypeSymbol type) continue;
                replacements[record] = AddPrintMembers(record, type, hidden);
            }
            root = root.ReplaceNodes(replacements.Keys, (o, _) => replacements[o]);
            solution = solution.WithDocumentSyntaxRoot(document.Id, root);
        }
        return solution;
    }

    private static RecordDeclarationSyntax AddPrintMembers(RecordDeclarationSyntax record, INamedTypeSymbol type, HashSet<string> hidden)
    {
        var statements = new List<string>();
        var first = true;
        foreach (var (member, _) in Secrets.PrintableMembers(type, includeFields: true))
        {
            if (hidden.Contains(member.Name)) continue;
            statements.Add("builder.Append(\"" + (first ? "" : ", ") + member.Name + " = \");");
            statements.Add("builder.Append(" + member.Name + ");");
            first = false;
        }
        statements.Add(first ? "return false;" : "return true;");
        var modifiers = type.IsValueType || type.IsSealed ? "private" : "protected virtual";
        var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
            modifiers + " bool PrintMembers(global::System.Text.StringBuilder builder)\n{\n" + string.Join("\n", statements) + "\n}\n")!;
        method = method.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        if (record.SemicolonToken.IsKind(SyntaxKind.SemicolonToken) && record.OpenBraceToken.IsKind(SyntaxKind.None))
        {
            record = record
                .WithSemicolonToken(default)
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken))
                .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(record.SemicolonToken.TrailingTrivia));
            if (record.ParameterList is { } parameters)
                record = record.WithParameterList(parameters.WithTrailingTrivia(SyntaxFactory.EndOfLine("\n")));
        }
        return record.AddMembers(method).WithAdditionalAnnotations(Formatter.Annotation);
    }

    // ------------------------------------------------------------------ fix all

    private static readonly SequentialFixAllProvider FixAll = new(defaultKey: null,
        new Dictionary<string, string>
        {
            [RemoveFromLogKey] = "Remove the secrets from the log messages",
            [LogFingerprintKey] = "Log fingerprints instead",
            [HideFromToStringKey] = "Hide secrets from ToString",
        },
        FixAllAsync);

    /// <summary>Removals and fingerprints one after the other on each document's tracked tree; PrintMembers once per record for all its call sites.</summary>
    private static async Task<Solution> FixAllAsync(Solution solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> diagnostics, string key, CancellationToken cancellationToken)
    {
        if (key == HideFromToStringKey) return await HideAsync(solution, diagnostics.SelectMany(d => d.Diagnostics), cancellationToken).ConfigureAwait(false);
        foreach (var (id, ofDocument) in diagnostics)
        {
            var document = solution.GetDocument(id);
            if (document is null) continue;
            var original = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (original is null) continue;
            // Apply from the end of the file backwards, tracking nodes, so each edit sees the tree the previous ones left.
            var ordered = ofDocument.OrderByDescending(d => d.Location.SourceSpan.Start).ToList();
            var nodes = ordered.SelectMany(d => new[] { d.Location }.Concat(d.AdditionalLocations))
                .Where(l => l.SourceTree == original.SyntaxTree)
                .Select(l => original.FindNode(l.SourceSpan, getInnermostNodeForTie: true))
                .SelectMany(n => n is ArgumentSyntax a ? new SyntaxNode[] { a, a.Expression } : new[] { n })
                .SelectMany(n => n.AncestorsAndSelf().TakeWhile(x => x is not MemberDeclarationSyntax))
                .Distinct()
                .ToList();
            var root = original.TrackNodes(nodes);
            foreach (var diagnostic in ordered)
            {
                var next = key == RemoveFromLogKey ? Remove(root, diagnostic, original) : Fingerprint(root, diagnostic, original);
                if (next is not null) root = next;
            }
            solution = solution.WithDocumentSyntaxRoot(id, root);
        }
        return solution;
    }
}
