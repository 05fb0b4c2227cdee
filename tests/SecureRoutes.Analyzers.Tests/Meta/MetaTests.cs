using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureRoutes.Analyzers.Model;
using Xunit;

namespace SecureRoutes.Analyzers.Tests.Meta;

/// <summary>Checks over all exported analyzers, their descriptors, docs, release tracking and fixers.</summary>
public class MetaTests
{
    [Fact]
    public void PackageExportsAtLeastOneAnalyzer() => Assert.NotEmpty(AnalyzerCatalog.Analyzers);

    [Fact]
    public void Ids_MatchPatternAndAreOwnedByOneAnalyzer()
    {
        var owners = AnalyzerCatalog.Analyzers
            .SelectMany(a => a.SupportedDiagnostics.Select(d => (d.Id, Analyzer: a.GetType().Name)))
            .GroupBy(x => x.Id);
        foreach (var group in owners)
        {
            Assert.Matches(new Regex(@"^SR\d{4}$"), group.Key);
            Assert.True(group.Select(x => x.Analyzer).Distinct().Count() == 1, $"{group.Key} is reported by several analyzers");
        }
    }

    [Fact]
    public void Ids_AreDeclaredInRuleIds()
    {
        var declared = typeof(RuleIds).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        foreach (var d in AnalyzerCatalog.Descriptors) Assert.Contains(d.Id, declared);
    }

    [Theory]
    [MemberData(nameof(AnalyzerCatalog.DescriptorData), MemberType = typeof(AnalyzerCatalog))]
    public void HelpLink_PointsToExistingRulePageWhoseHeadingIsTheTitle(string id)
    {
        var d = AnalyzerCatalog.Descriptor(id);
        Assert.Equal(Descriptors.HelpLinkBase + id + ".md", d.HelpLinkUri);
        var page = RepositoryFiles.PathOf("rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var heading = File.ReadLines(page).First();
        Assert.Equal($"# {id} - {d.Title}", heading);
        var text = File.ReadAllText(page);
        foreach (var part in new[] { "Category", "Severity", "Code fix", "## Threat", "## Non-compliant", "## Compliant", "## Options", "## How to suppress", "## Security tests" })
        {
            Assert.True(text.Contains(part, StringComparison.Ordinal), $"{id}.md lacks '{part}'");
        }
        Assert.Contains(d.Category, text);
        Assert.Contains(d.DefaultSeverity.ToString(), text);
    }

    [Theory]
    [MemberData(nameof(AnalyzerCatalog.DescriptorData), MemberType = typeof(AnalyzerCatalog))]
    public void Id_IsInReleaseTrackingWithItsCategoryAndSeverity(string id)
    {
        var d = AnalyzerCatalog.Descriptor(id);
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("src", "SecureRoutes.Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(RepositoryFiles.PathOf("src", "SecureRoutes.Analyzers", "AnalyzerReleases.Shipped.md")));
        var row = lines.Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).LastOrDefault(c => c[0] == id);
        Assert.True(row is not null, $"{id} is not in the release-tracking files");
        Assert.Equal(d.Category, row![1]);
        Assert.Equal(d.DefaultSeverity.ToString(), row[2]);
    }

    [Theory]
    [MemberData(nameof(AnalyzerCatalog.DescriptorData), MemberType = typeof(AnalyzerCatalog))]
    public void RuleTables_InReadmeAndRulesIndex_MatchDescriptor(string id)
    {
        var d = AnalyzerCatalog.Descriptor(id);
        foreach (var file in new[] { RepositoryFiles.PathOf("README.md"), RepositoryFiles.PathOf("rules", "README.md") })
        {
            var row = File.ReadLines(file).FirstOrDefault(l => l.StartsWith($"| [{id}]", StringComparison.Ordinal));
            Assert.True(row is not null, $"{Path.GetFileName(file)} has no row for {id}");
            var cells = row!.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(d.Title.ToString(), cells[2]);
            Assert.Equal(d.Category, cells[3]);
            Assert.Equal(d.DefaultSeverity.ToString(), cells[4]);
            var fixable = AnalyzerCatalog.CodeFixTypes.Any(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds.Contains(id));
            Assert.Equal(fixable ? "Yes" : "No", cells[5]);
        }
    }

    [Fact]
    public void RuleTables_ListNoRuleThatIsNotExported()
    {
        var exported = AnalyzerCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        foreach (var file in new[] { RepositoryFiles.PathOf("README.md"), RepositoryFiles.PathOf("rules", "README.md") })
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"^\| \[(SR\d{4})\]", RegexOptions.Multiline))
            {
                Assert.Contains(m.Groups[1].Value, exported);
            }
        }
    }

    [Fact]
    public void GateRuleIdList_CoversEveryDescriptor()
    {
        var props = File.ReadAllText(RepositoryFiles.PathOf("src", "SecureRoutes.Analyzers.Package", "build", "SecureRoutes.Analyzers.props"));
        var list = Regex.Match(props, "<SecureRoutesRuleIds>([^<]*)</SecureRoutesRuleIds>").Groups[1].Value.Split(';');
        foreach (var d in AnalyzerCatalog.Descriptors) Assert.Contains(d.Id, list);
    }

    [Fact]
    public void OptionKeys_AreDocumentedInSomeRulePage()
    {
        var docs = string.Concat(Directory.GetFiles(RepositoryFiles.PathOf("rules"), "SR*.md").Select(File.ReadAllText));
        Assert.NotEmpty(OptionKeys.All);
        foreach (var key in OptionKeys.All) Assert.True(docs.Contains(key, StringComparison.Ordinal), $"option {key} is not documented in rules/");
    }

    [Fact]
    public void Analyzers_AreSealedCSharpOnlyAndEnableConcurrency()
    {
        foreach (var analyzer in AnalyzerCatalog.Analyzers)
        {
            var type = analyzer.GetType();
            Assert.True(type.IsSealed && type.IsPublic, $"{type.Name} must be public sealed");
            var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
            Assert.NotNull(attribute);
            Assert.Equal(new[] { LanguageNames.CSharp }, attribute!.Languages);
            var context = new RecordingContext();
            analyzer.Initialize(context);
            Assert.True(context.ConcurrentExecution, $"{type.Name} does not enable concurrent execution");
            Assert.True(context.GeneratedCode.HasValue, $"{type.Name} makes no explicit generated-code choice");
        }
    }

    [Fact]
    public void CodeFixes_AreSealedExportedAndFixKnownIds()
    {
        var known = AnalyzerCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        foreach (var type in AnalyzerCatalog.CodeFixTypes)
        {
            Assert.True(type.IsSealed, $"{type.Name} must be sealed");
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(new[] { LanguageNames.CSharp }, export!.Languages);
            var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotNull(fixer.GetFixAllProvider());
            foreach (var id in fixer.FixableDiagnosticIds) Assert.Contains(id, known);
        }
    }

    [Fact]
    public void RawDescriptorConstructor_IsBannedOutsideTheFactory()
    {
        var banned = File.ReadAllText(RepositoryFiles.PathOf("src", "SecureRoutes.Analyzers", "BannedSymbols.txt"));
        Assert.Contains("M:Microsoft.CodeAnalysis.DiagnosticDescriptor.#ctor", banned);
        var sources = Directory.GetFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        foreach (var file in sources)
        {
            if (Path.GetFileName(file) == "Descriptors.cs") continue;
            Assert.DoesNotContain("new DiagnosticDescriptor(", File.ReadAllText(file));
        }
    }

    /// <summary>Records what an analyzer's Initialize configures.</summary>
    private sealed class RecordingContext : AnalysisContext
    {
        public bool ConcurrentExecution { get; private set; }
        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;
        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) { }
        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) { }
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) { }
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, System.Collections.Immutable.ImmutableArray<SymbolKind> symbolKinds) { }
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) { }
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) { }
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) { }
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, System.Collections.Immutable.ImmutableArray<TLanguageKindEnum> syntaxKinds) { }
    }
}
