using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SecureRoutes.Analyzers.Tests.Verifiers;

/// <summary>
/// Verifier for one analyzer (and optionally its fixer). Sources compile against ASP.NET Core 8 + EF Core 8 by default.
/// Use <c>editorconfig</c> to pass <c>secure_routes.*</c> keys as a .editorconfig section for every source file.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(source, editorconfig: null, expected);

    public static async Task VerifyAnalyzerAsync(string source, string? editorconfig, params DiagnosticResult[] expected)
    {
        var test = CreateTest(source, editorconfig);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Runs the fix (and Fix All in document, project and solution) and compares with <paramref name="fixedSource"/>.</summary>
    public static async Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null, string? editorconfig = null, int? iterations = null)
    {
        var test = CreateTest(source, editorconfig);
        test.FixedCode = fixedSource;
        test.CodeActionEquivalenceKey = equivalenceKey;
        if (iterations is int n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = n;
        }
        await test.RunAsync();
    }

    public static Test CreateTest(string source, string? editorconfig = null, ImmutableArray<MetadataReference>? references = null)
    {
        // No package resolution by the testing library: the references come from References (see there why).
        var test = new Test { TestCode = source, ReferenceAssemblies = new ReferenceAssemblies("net8.0") };
        test.TestState.AdditionalReferences.AddRange(references ?? References.AspNetCore80WithEf);
        if (editorconfig is not null)
        {
            var config = "root = true\n\n[*.cs]\n" + editorconfig.Trim() + "\n";
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", config));
            test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", config));
        }
        return test;
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            // Markup {|#0:...|} and [|...|] only; never line/column numbers.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp12);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }
}
