using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureRoutes.Bench;

public static class Program
{
    private static readonly (string Name, int Lines)[] AllSizes = { ("5k", 5_000), ("50k", 50_000), ("200k", 200_000) };

    public static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        if (options.WriteDirectory is not null)
        {
            foreach (var (name, lines) in options.Sizes)
            {
                var dir = Path.Combine(options.WriteDirectory, name);
                var files = new CodebaseGenerator(options.Seed).Generate(lines);
                CodebaseWriter.Write(dir, files);
                Console.WriteLine($"Wrote {files.Count} files, {files.Sum(f => f.Lines)} lines to {dir}");
            }
            return 0;
        }

        var total = Stopwatch.StartNew();
        var inputs = BenchInputs.Load(Console.Out);
        var references = inputs.References().ToImmutableArray();
        var loadErrors = new List<string>();
        var packages = new List<(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)>
        {
            (BenchInputs.SecureRoutes, inputs.LoadAnalyzers(BenchInputs.SecureRoutes, loadErrors)),
        };
        if (!options.OnlySecureRoutes)
        {
            foreach (var peer in BenchInputs.Peers)
            {
                packages.Add((peer, inputs.LoadAnalyzers(peer, loadErrors)));
            }
        }
        foreach (var error in loadErrors)
        {
            Console.Error.WriteLine("analyzer load: " + error);
        }
        foreach (var (name, analyzers) in packages)
        {
            Console.WriteLine($"{name}: {analyzers.Length} analyzers");
        }

        var runner = new Runner(references, options.Concurrent);

        // Warm-up on a small code base so JIT time is not charged to the first size.
        Console.WriteLine("warm-up ...");
        // Two rounds: the second lets tiered JIT promote the hot compiler and analyzer paths. The smoke mode
        // (--only secureroutes) does one small round: it checks that the harness works, not the numbers.
        var warm = runner.Prepare(new CodebaseGenerator(options.Seed + 1).Generate(options.OnlySecureRoutes ? 1_000 : 3_000));
        for (var round = 0; round < (options.OnlySecureRoutes ? 1 : 2); round++)
        {
            runner.Compile(warm);
            await runner.AnalyzeAsync(warm, ImmutableArray.Create<DiagnosticAnalyzer>(new BaselineAnalyzer()));
            foreach (var (_, analyzers) in packages.Where(p => !p.Analyzers.IsEmpty))
            {
                await runner.AnalyzeAsync(warm, analyzers);
            }
        }

        var report = new Report(options, packages.Select(p => (p.Name, p.Analyzers.Length)).ToList(), loadErrors);
        foreach (var (name, lines) in options.Sizes)
        {
            var generator = new CodebaseGenerator(options.Seed);
            var files = generator.Generate(lines);
            var size = new SizeResult(name, files.Count, files.Sum(f => f.Lines), generator.Modules, generator.VulnerableShapes);
            Console.WriteLine($"[{name}] {size.Files} files, {size.Lines} lines, {size.Modules} modules");

            var codebase = runner.Prepare(files);
            size.ParseTime = codebase.ParseTime;
            var compiles = new List<CompileResult>();
            for (var run = 0; run < options.Runs; run++)
            {
                compiles.Add(runner.Compile(codebase));
            }
            size.Compile = compiles.OrderBy(c => c.EmitTime).ElementAt(compiles.Count / 2);
            if (size.Compile.Errors.Length > 0)
            {
                Console.Error.WriteLine($"The generated code base has {size.Compile.Errors.Length} compile errors; first ones:");
                foreach (var e in size.Compile.Errors.Take(20)) Console.Error.WriteLine("  " + e);
                return 1;
            }
            Console.WriteLine($"[{name}] parse {Ms(size.ParseTime)} ms, GetDiagnostics {Ms(size.Compile.DiagnosticsTime)} ms, Emit {Ms(size.Compile.EmitTime)} ms (process CPU {Ms(size.Compile.EmitCpuTime)} ms), peak RSS {Mb(size.Compile.PeakRss)} MB");

            var baselines = new List<TimeSpan>();
            for (var run = 0; run < options.Runs; run++)
            {
                baselines.Add((await runner.AnalyzeAsync(codebase, ImmutableArray.Create<DiagnosticAnalyzer>(new BaselineAnalyzer()))).CpuTime);
            }
            size.BaselineCpu = baselines.OrderBy(t => t).ElementAt(baselines.Count / 2);
            Console.WriteLine($"[{name}] baseline analysis run (driver + binding, no-op analyzer): process CPU {Ms(size.BaselineCpu)} ms");

            foreach (var (package, analyzers) in packages)
            {
                if (analyzers.IsEmpty)
                {
                    size.Packages.Add(new PackageResult(package) { AnalyzerCount = 0 });
                    continue;
                }
                var runs = new List<PackageResult>();
                for (var run = 0; run < options.Runs; run++)
                {
                    var result = await runner.AnalyzeAsync(codebase, analyzers);
                    runs.Add(result with { Package = package });
                }
                var median = runs.OrderBy(r => r.AnalyzerTime).ElementAt(runs.Count / 2);
                size.Packages.Add(median);
                Console.WriteLine($"[{name}] {package}: analyzers {Ms(median.AnalyzerTime)} ms = {median.AnalyzerTime.TotalMilliseconds / size.CompileTime.TotalMilliseconds:P1} of compile, wall {Ms(median.WallTime)} ms, CPU over baseline {Ms(median.CpuTime - size.BaselineCpu)} ms, {median.Diagnostics} diagnostics, {median.Exceptions.Length} analyzer exceptions");
            }
            report.Sizes.Add(size);
        }

        report.TotalTime = total.Elapsed;
        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (options.OutFile is not null)
        {
            File.WriteAllText(options.OutFile, markdown);
            Console.WriteLine($"Written to {options.OutFile}");
        }
        return 0;
    }

    internal static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture);

    internal sealed class Options
    {
        public const string Usage = """
            Usage: dotnet run --project bench/SecureRoutes.Bench -c Release -- [options]
              --size 5k|50k|200k|all   code-base size(s) to generate (default: all)
              --only secureroutes      measure SecureRoutes only (skip the peer packages; CI smoke)
              --out FILE               also write the Markdown report to FILE
              --runs N                 repeat each measurement N times and report the median (default 1)
              --seed N                 generator seed (default 42)
              --concurrent             compile and analyze with concurrency on (default: single-threaded, which
                                       measures work rather than wall time on a shared machine)
              --write DIR              only write the generated code base(s) to DIR/<size>/ (with a .csproj) and exit
            """;

        public List<(string Name, int Lines)> Sizes { get; } = new();
        public bool OnlySecureRoutes { get; private set; }
        public string? OutFile { get; private set; }
        public int Runs { get; private set; } = 1;
        public int Seed { get; private set; } = 42;
        public bool Concurrent { get; private set; }
        public bool Help { get; private set; }
        public string? WriteDirectory { get; private set; }
        public string CommandLine { get; private set; } = "";

        public static Options Parse(string[] args)
        {
            var o = new Options { CommandLine = string.Join(' ', args) };
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--size":
                        var size = Next();
                        if (size == "all") o.Sizes.AddRange(AllSizes);
                        else o.Sizes.Add(AllSizes.FirstOrDefault(s => s.Name == size) is { Name: not null } s ? s : throw new ArgumentException($"unknown size '{size}'"));
                        break;
                    case "--only":
                        var only = Next();
                        if (!only.Equals("secureroutes", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"--only supports 'secureroutes', not '{only}'");
                        o.OnlySecureRoutes = true;
                        break;
                    case "--out": o.OutFile = Next(); break;
                    case "--runs": o.Runs = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                    case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--concurrent": o.Concurrent = true; break;
                    case "--write": o.WriteDirectory = Next(); break;
                    case "-h" or "--help": o.Help = true; break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
            if (o.Sizes.Count == 0) o.Sizes.AddRange(AllSizes);
            return o;
        }
    }
}

/// <summary>Parsed trees of one generated code base.</summary>
public sealed record Codebase(ImmutableArray<SyntaxTree> Trees, TimeSpan ParseTime);

public sealed record CompileResult(TimeSpan DiagnosticsTime, TimeSpan EmitTime, TimeSpan EmitCpuTime, long PeakRss, long PeakManaged, long Allocated, ImmutableArray<string> Errors);

public sealed record PackageResult(string Package)
{
    public int AnalyzerCount { get; init; }
    public TimeSpan WallTime { get; init; }
    /// <summary>Process CPU time of the whole analysis run (binding included); see <see cref="SizeResult.BaselineCpu"/>.</summary>
    public TimeSpan CpuTime { get; init; }
    public TimeSpan AnalyzerTime { get; init; }
    public ImmutableArray<(string Analyzer, string Ids, TimeSpan Time)> PerAnalyzer { get; init; } = ImmutableArray<(string, string, TimeSpan)>.Empty;
    public int Diagnostics { get; init; }
    public ImmutableSortedDictionary<string, int> DiagnosticsById { get; init; } = ImmutableSortedDictionary<string, int>.Empty;
    public ImmutableArray<string> Exceptions { get; init; } = ImmutableArray<string>.Empty;
    public long PeakRss { get; init; }
    public long PeakManaged { get; init; }
    public long Allocated { get; init; }
}

public sealed class SizeResult
{
    public SizeResult(string name, int files, int lines, int modules, IReadOnlyDictionary<string, int> vulnerable)
    {
        Name = name;
        Files = files;
        Lines = lines;
        Modules = modules;
        Vulnerable = vulnerable;
    }

    public string Name { get; }
    public int Files { get; }
    public int Lines { get; }
    public int Modules { get; }
    public IReadOnlyDictionary<string, int> Vulnerable { get; }
    public TimeSpan ParseTime { get; set; }
    public CompileResult Compile { get; set; } = null!;

    /// <summary>The denominator of every ratio: parse + a fresh compilation's Emit to a MemoryStream (what csc does, minus I/O).</summary>
    public TimeSpan CompileTime => ParseTime + Compile.EmitTime;

    public List<PackageResult> Packages { get; } = new();

    /// <summary>
    /// Process CPU time of the same analysis run with one no-op analyzer that asks for every operation and syntax
    /// node (so the driver binds everything, as it does for real analyzers). A package's CPU time minus this is a
    /// cross-check of its analyzer time that does not depend on how busy the machine is.
    /// </summary>
    public TimeSpan BaselineCpu { get; set; }
}

/// <summary>Does nothing, but makes the analyzer driver bind every method body and walk every node.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
#pragma warning disable RS1001, RS1025, RS1026, RS1036, RS1041, RS2008 // a bench-only probe, never shipped
public sealed class BaselineAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("BENCH0", "baseline", "baseline", "Bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.MethodBody, OperationKind.Block);
        context.RegisterSyntaxNodeAction(_ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression);
        context.RegisterSymbolAction(_ => { }, SymbolKind.Method, SymbolKind.NamedType);
    }
}
#pragma warning restore RS1001, RS1025, RS1026, RS1036, RS1041, RS2008

/// <summary>Compiles and analyzes a code base in-process.</summary>
public sealed class Runner
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.None);
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly bool _concurrent;

    public Runner(ImmutableArray<MetadataReference> references, bool concurrent)
    {
        _references = references;
        _concurrent = concurrent;
    }

    public Codebase Prepare(IReadOnlyList<GeneratedFile> files)
    {
        var watch = Stopwatch.StartNew();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: "/acme/" + f.Path)).ToImmutableArray();
        // Force the full parse (ParseText is already eager; GetRoot makes that explicit).
        foreach (var tree in trees) tree.GetRoot();
        return new Codebase(trees, watch.Elapsed);
    }

    /// <summary>A fresh compilation: nothing bound yet, so each measurement pays for binding once.</summary>
    public CSharpCompilation Create(Codebase codebase) =>
        CSharpCompilation.Create(
            "Acme.Generated",
            codebase.Trees,
            _references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: _concurrent,
                optimizationLevel: OptimizationLevel.Release));

    public CompileResult Compile(Codebase codebase)
    {
        var watch = Stopwatch.StartNew();
        var diagnostics = Create(codebase).GetDiagnostics();
        var diagnosticsTime = watch.Elapsed;

        using var probe = MemoryProbe.Start();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        using var pe = new MemoryStream();
        var emit = Create(codebase).Emit(pe);
        var emitTime = watch.Elapsed;
        var emitCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        probe.Stop();
        var errors = diagnostics.Concat(emit.Diagnostics)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .Distinct()
            .ToImmutableArray();
        return new CompileResult(diagnosticsTime, emitTime, emitCpu, probe.PeakRssBytes, probe.PeakManagedBytes, probe.AllocatedBytes, errors);
    }

    public async Task<PackageResult> AnalyzeAsync(Codebase codebase, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (ex, analyzer, _) =>
            {
                lock (exceptions) exceptions.Add($"{analyzer.GetType().Name}: {ex.GetType().Name}: {ex.Message}");
            },
            concurrentAnalysis: _concurrent,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);

        using var probe = MemoryProbe.Start();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var withAnalyzers = Create(codebase).WithAnalyzers(analyzers, options);
        var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
        var wall = watch.Elapsed;
        var cpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        probe.Stop();

        var diagnostics = result.GetAllDiagnostics();
        foreach (var ad in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Add(ad.GetMessage(CultureInfo.InvariantCulture));
        }
        var perAnalyzer = result.AnalyzerTelemetryInfo
            .Select(kv => (Analyzer: kv.Key.GetType().FullName ?? kv.Key.GetType().Name,
                           Ids: string.Join(",", kv.Key.SupportedDiagnostics.Select(d => d.Id).Distinct()),
                           Time: kv.Value.ExecutionTime))
            .OrderByDescending(x => x.Time)
            .ToImmutableArray();
        return new PackageResult("")
        {
            AnalyzerCount = analyzers.Length,
            WallTime = wall,
            CpuTime = cpuTime,
            AnalyzerTime = TimeSpan.FromTicks(perAnalyzer.Sum(x => x.Time.Ticks)),
            PerAnalyzer = perAnalyzer,
            Diagnostics = diagnostics.Length,
            DiagnosticsById = diagnostics.GroupBy(d => d.Id).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Exceptions = exceptions.Distinct().ToImmutableArray(),
            PeakRss = probe.PeakRssBytes,
            PeakManaged = probe.PeakManagedBytes,
            Allocated = probe.AllocatedBytes,
        };
    }
}
