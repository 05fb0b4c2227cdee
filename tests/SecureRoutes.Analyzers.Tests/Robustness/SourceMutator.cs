using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>The ways a robustness case breaks its input.</summary>
public enum Mutation
{
    /// <summary>One file cut at a random point (a half-typed file).</summary>
    Cut,

    /// <summary>One to eight random tokens deleted from one file.</summary>
    DeleteTokens,

    /// <summary>Type and member names renamed so they no longer resolve (ASP.NET/EF names preferred).</summary>
    UnresolvedTypes,

    /// <summary>Random line ranges wrapped in #if/#else/#endif (sometimes unterminated), compiled with the symbols on and off.</summary>
    Preprocessor,

    /// <summary>The unchanged project compiled against fewer references (ASP.NET only, BCL only, none).</summary>
    MissingReferences,

    /// <summary>A cut file plus deleted tokens, compiled against the BCL only.</summary>
    Combined,
}

/// <summary>Deterministic source mutations: the same seed gives the same text.</summary>
public static class SourceMutator
{
    private static readonly string[] WellKnownNames =
    {
        "ControllerBase", "PageModel", "DbContext", "DbSet", "ILogger", "Authorize", "AllowAnonymous", "ApiController",
        "HttpGet", "HttpPost", "HttpDelete", "HttpPut", "Route", "FromBody", "BindProperty", "MapGroup", "MapGet",
        "MapPost", "MapDelete", "RequireAuthorization", "IAuthorizationService", "AuthorizeAsync", "Results", "IResult",
        "LogInformation", "LogDebug", "Log", "FirstOrDefaultAsync", "FindAsync", "SaveChangesAsync", "ClaimsPrincipal",
        "AuthorizationPolicy", "Secret", "Forbid", "IActionResult", "ActionResult", "HttpContext", "Request",
    };

    public static string Cut(string text, Random random) => text.Substring(0, random.Next(text.Length + 1));

    public static string DeleteTokens(string text, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(text, RobustnessEnvironment.ParseOptions).GetRoot()
            .DescendantTokens(descendIntoTrivia: true)
            .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0)
            .ToList();
        if (tokens.Count == 0) return text;
        var count = random.Next(1, 9);
        var chosen = Enumerable.Range(0, count).Select(_ => tokens[random.Next(tokens.Count)].Span).Distinct().OrderByDescending(s => s.Start);
        var builder = new StringBuilder(text);
        foreach (var span in chosen)
        {
            builder.Remove(span.Start, span.Length);
        }
        return builder.ToString();
    }

    public static string UnresolveNames(string text, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(text, RobustnessEnvironment.ParseOptions).GetRoot();
        var names = root.DescendantNodes().OfType<SimpleNameSyntax>().Select(n => n.Identifier).ToList();
        if (names.Count == 0) return text;
        var wellKnown = names.Where(n => WellKnownNames.Contains(n.ValueText) || WellKnownNames.Contains(n.ValueText + "Attribute")).ToList();
        var count = random.Next(1, 6);
        var chosen = new List<SyntaxToken>();
        for (var i = 0; i < count; i++)
        {
            var pool = wellKnown.Count > 0 && random.Next(2) == 0 ? wellKnown : names;
            chosen.Add(pool[random.Next(pool.Count)]);
        }
        var builder = new StringBuilder(text);
        foreach (var token in chosen.Distinct().OrderByDescending(t => t.SpanStart))
        {
            builder.Insert(token.Span.End, "_Unresolved" + random.Next(100));
        }
        return builder.ToString();
    }

    /// <summary>Wraps one or two random line ranges in conditional directives on one of the <paramref name="symbols"/>.</summary>
    public static string WrapInIf(string text, Random random, IReadOnlyList<string> symbols)
    {
        var lines = text.Split('\n').ToList();
        var wraps = random.Next(1, 3);
        for (var w = 0; w < wraps && lines.Count > 1; w++)
        {
            var start = random.Next(lines.Count);
            var end = Math.Min(lines.Count, start + 1 + random.Next(12));
            var symbol = symbols[random.Next(symbols.Count)];
            var negate = random.Next(3) == 0 ? "!" : "";
            var shape = random.Next(6);
            if (shape == 0)
            {
                // Unterminated #if: the rest of the file becomes inactive or active depending on the symbol.
                lines.Insert(start, $"#if {negate}{symbol}");
            }
            else if (shape == 1)
            {
                // #if/#else with a duplicated, slightly different branch (a "feature flag" copy).
                var copy = lines.GetRange(start, end - start).Select(l => l.Replace("return", "return /*alt*/")).ToList();
                lines.Insert(end, "#endif");
                lines.InsertRange(end, copy);
                lines.Insert(end, "#else");
                lines.Insert(start, $"#if {negate}{symbol}");
            }
            else
            {
                lines.Insert(end, "#endif");
                lines.Insert(start, $"#if {negate}{symbol}");
            }
        }
        return string.Join('\n', lines);
    }
}
