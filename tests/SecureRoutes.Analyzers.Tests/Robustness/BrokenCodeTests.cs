using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>
/// Every SecureRoutes analyzer (found by reflection) runs over broken variants of realistic sources and must neither
/// throw (AD0001) nor spend more than a few seconds on one file. Each case is deterministic: its seed derives from
/// SR_ROBUSTNESS_SEED, the mutation, the project and the iteration, and a failure prints all of them, the replay
/// command and the path of the broken file it wrote.
/// </summary>
public sealed class BrokenCodeTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public BrokenCodeTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    /// <summary>Budget for one file (syntax + semantic analysis, binding included); SR_ROBUSTNESS_FILE_SECONDS overrides.</summary>
    private static readonly TimeSpan FileBudget = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("SR_ROBUSTNESS_FILE_SECONDS"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 5);

    /// <summary>Guard against a hang: a case that has not finished by then fails.</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var project in RobustnessProjects.Names())
        {
            foreach (var mutation in Enum.GetNames<Mutation>())
            {
                data.Add(mutation, project);
            }
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Analyzers_DoNotThrowOrStall_OnBrokenCode(string mutation, string project)
    {
        Skip.If(RobustnessEnvironment.AnalyzerTypes.Count == 0, RobustnessEnvironment.NoAnalyzersReason);
        var kind = Enum.Parse<Mutation>(mutation);
        var source = RobustnessProjects.Get(project);
        var analyzers = RobustnessEnvironment.CreateAnalyzers();
        await WarmUp.EnsureAsync(analyzers);

        var failures = new List<string>();
        var cases = 0;
        var slowest = (File: "", Time: TimeSpan.Zero);
        foreach (var variant in RobustnessVariants.For(kind, source))
        {
            cases++;
            var references = await RobustnessEnvironment.ReferencesAsync(variant.References);
            var compilation = AnalyzerHarness.Compile(variant.Files, references, source.OutputKind, variant.Symbols);
            using var timeout = new CancellationTokenSource(CaseTimeout);
            AnalysisOutcome outcome;
            try
            {
                outcome = await AnalyzerHarness.AnalyzeAsync(compilation, analyzers, concurrent: false, perFile: true, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                failures.Add(Describe(variant, $"analysis did not finish within {CaseTimeout.TotalSeconds:N0} s (a hang?)"));
                continue;
            }

            foreach (var exception in outcome.Exceptions)
            {
                failures.Add(Describe(variant, "analyzer exception: " + exception));
            }
            foreach (var t in outcome.FileTimes.Where(t => t.Time > slowest.Time)) slowest = t;
            foreach (var (file, time) in outcome.FileTimes.Where(t => t.Time > FileBudget))
            {
                failures.Add(Describe(variant, $"{file} took {time.TotalSeconds:N1} s (budget {FileBudget.TotalSeconds:N0} s)"));
            }
        }

        _output.WriteLine($"{cases} variants of {mutation} on {project} (base seed {RobustnessEnvironment.BaseSeed}); slowest file {slowest.File} {slowest.Time.TotalMilliseconds:N0} ms");
        Assert.True(cases > 0, $"no variants were generated for {mutation} on {project}");
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s) in {cases} variants of {mutation} on {project}:\n\n" + string.Join("\n\n", failures.Take(10)));
    }

    private static string Describe(RobustnessVariant variant, string problem)
    {
        var saved = variant.Save();
        var replay = $"SR_ROBUSTNESS_SEED={RobustnessEnvironment.BaseSeed} SR_ROBUSTNESS_ITERATION={variant.Iteration} dotnet test tests/SecureRoutes.Analyzers.Tests --filter \"FullyQualifiedName~Robustness.BrokenCodeTests\"";
        return $"{problem}\n  case: {variant.Description}\n  seed: {variant.Seed} (base {RobustnessEnvironment.BaseSeed}, iteration {variant.Iteration})\n  broken file written to: {saved}\n  replay: {replay}";
    }
}

/// <summary>One broken input: the files to compile, with which references and preprocessor symbols.</summary>
public sealed record RobustnessVariant(
    string Description,
    int Seed,
    int Iteration,
    ImmutableArray<(string Path, string Text)> Files,
    string? MutatedPath,
    ReferenceSet References,
    ImmutableArray<string> Symbols)
{
    /// <summary>Writes the mutated file (or the whole project when nothing was mutated) for inspection; returns the folder.</summary>
    public string Save()
    {
        var dir = Path.Combine(Path.GetTempPath(), "secureroutes-robustness", $"{Seed}-{Iteration}");
        Directory.CreateDirectory(dir);
        foreach (var (path, text) in Files.Where(f => MutatedPath is null || f.Path == MutatedPath))
        {
            File.WriteAllText(Path.Combine(dir, path.TrimStart('/').Replace('/', '_')), text, Encoding.UTF8);
        }
        return dir;
    }
}

/// <summary>Generates the variants of one (mutation, project) pair, deterministically.</summary>
public static class RobustnessVariants
{
    public static IEnumerable<RobustnessVariant> For(Mutation kind, SourceProject project)
    {
        var only = int.TryParse(Environment.GetEnvironmentVariable("SR_ROBUSTNESS_ITERATION"), out var o) ? o : (int?)null;
        var mutable = project.Files.Select((f, i) => (f.Path, i))
            .Where(f => !f.Path.EndsWith("GlobalUsings.g.cs", StringComparison.Ordinal) && !f.Path.StartsWith("/src/", StringComparison.Ordinal))
            .Select(f => f.i)
            .ToList();
        var symbols = project.Name == RobustnessProjects.Embedded
            ? EmbeddedSources.Symbols.Add("SR_FUZZ")
            : ImmutableArray.Create("SR_FUZZ", "DEBUG");

        if (kind == Mutation.MissingReferences)
        {
            if (only is null or 0)
            {
                foreach (var set in Enum.GetValues<ReferenceSet>())
                {
                    yield return new RobustnessVariant($"{project.Name} unchanged, references {set}", RobustnessEnvironment.CaseSeed(RobustnessEnvironment.BaseSeed, kind, project.Name, set), 0, project.Files, null, set, ImmutableArray<string>.Empty);
                    yield return new RobustnessVariant($"{project.Name} unchanged, references {set}, all symbols on", RobustnessEnvironment.CaseSeed(RobustnessEnvironment.BaseSeed, kind, project.Name, set, "on"), 0, project.Files, null, set, symbols);
                }
            }
            yield break;
        }

        for (var iteration = 0; iteration < RobustnessEnvironment.Iterations; iteration++)
        {
            if (only is int single && single != iteration) continue;
            var seed = RobustnessEnvironment.CaseSeed(RobustnessEnvironment.BaseSeed, kind, project.Name, iteration);
            var random = new Random(seed);
            var index = mutable[random.Next(mutable.Count)];
            var (path, text) = project.Files[index];
            var references = ReferenceSet.Full;
            string mutated;
            string what;
            switch (kind)
            {
                case Mutation.Cut:
                    mutated = SourceMutator.Cut(text, random);
                    what = $"cut at {mutated.Length} of {text.Length}";
                    break;
                case Mutation.DeleteTokens:
                    mutated = SourceMutator.DeleteTokens(text, random);
                    what = "tokens deleted";
                    break;
                case Mutation.UnresolvedTypes:
                    mutated = SourceMutator.UnresolveNames(text, random);
                    what = "names made unresolvable";
                    break;
                case Mutation.Preprocessor:
                    mutated = SourceMutator.WrapInIf(text, random, symbols);
                    what = "#if branches inserted";
                    break;
                case Mutation.Combined:
                    mutated = SourceMutator.DeleteTokens(SourceMutator.Cut(text, random), random);
                    references = random.Next(2) == 0 ? ReferenceSet.BclOnly : ReferenceSet.AspNetOnly;
                    what = $"cut and tokens deleted, references {references}";
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }

            var files = project.Files.SetItem(index, (path, mutated));
            var description = $"{kind} on {project.Name}: {path} {what}";
            yield return new RobustnessVariant(description + ", symbols off", seed, iteration, files, path, references, ImmutableArray<string>.Empty);
            if (kind is Mutation.Preprocessor or Mutation.Cut)
            {
                yield return new RobustnessVariant(description + ", symbols on", seed, iteration, files, path, references, symbols);
            }
        }
    }
}

/// <summary>One unmeasured analysis first, so JIT time is not charged to the first file's budget.</summary>
internal static class WarmUp
{
    private static Task? _task;
    private static readonly object Lock = new();

    public static Task EnsureAsync(ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> analyzers)
    {
        lock (Lock)
        {
            return _task ??= RunAsync(analyzers);
        }
    }

    private static async Task RunAsync(ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> analyzers)
    {
        var references = await RobustnessEnvironment.ReferencesAsync(ReferenceSet.Full);
        var compilation = AnalyzerHarness.Compile(EmbeddedSources.All, references, OutputKind.DynamicallyLinkedLibrary);
        await AnalyzerHarness.AnalyzeAsync(compilation, analyzers, concurrent: false, perFile: true, CancellationToken.None);
    }
}
