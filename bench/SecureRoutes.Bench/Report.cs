using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;

namespace SecureRoutes.Bench;

/// <summary>The Markdown report: sizes and compile times, cost per package, the SecureRoutes per-analyzer breakdown, and the targets of issue 6.</summary>
internal sealed class Report
{
    private readonly Program.Options _options;
    private readonly IReadOnlyList<(string Name, int Analyzers)> _packages;
    private readonly IReadOnlyList<string> _loadErrors;

    public Report(Program.Options options, IReadOnlyList<(string Name, int Analyzers)> packages, IReadOnlyList<string> loadErrors)
    {
        _options = options;
        _packages = packages;
        _loadErrors = loadErrors;
    }

    public List<SizeResult> Sizes { get; } = new();

    public TimeSpan TotalTime { get; set; }

    private static string F(double value, string format = "N1") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Pct(double ratio) => (ratio * 100).ToString("N1", CultureInfo.InvariantCulture) + "%";

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        var command = "dotnet run --project bench/SecureRoutes.Bench -c Release --" + (_options.CommandLine.Length > 0 ? " " + _options.CommandLine : "");
        sb.AppendLine($"Command: `{command}`  ");
        sb.AppendLine($"Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}; commit {GitCommit()}; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; Roslyn host {typeof(Compilation).Assembly.GetName().Version}; seed {_options.Seed}; runs {_options.Runs} (median); {(_options.Concurrent ? "concurrent" : "single-threaded")} compile and analysis; total run time {TotalTime.TotalSeconds:N0} s.  ");
        sb.AppendLine("Packages: " + string.Join(", ", _packages.Select(p => $"{p.Name} ({p.Analyzers} analyzers)")) + ".");
        foreach (var error in _loadErrors)
        {
            sb.AppendLine($"- analyzer load problem: {error}");
        }
        sb.AppendLine();

        sb.AppendLine("| size | files | lines | modules | parse ms | GetDiagnostics ms | Emit ms | Emit process CPU ms | compile = parse + Emit, ms | compile peak RSS MB |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in Sizes)
        {
            sb.AppendLine($"| {s.Name} | {s.Files:N0} | {s.Lines:N0} | {s.Modules:N0} | {Program.Ms(s.ParseTime)} | {Program.Ms(s.Compile.DiagnosticsTime)} | {Program.Ms(s.Compile.EmitTime)} | {Program.Ms(s.Compile.EmitCpuTime)} | {Program.Ms(s.CompileTime)} | {Program.Mb(s.Compile.PeakRss)} |");
        }
        sb.AppendLine();

        sb.AppendLine("| size | package | analyzers | analyzer time ms | ratio to compile | ms per 1k lines | wall ms (incl. binding) | CPU over baseline ms (ratio to Emit CPU) | peak RSS MB | peak GC heap MB | allocated MB | diagnostics | analyzer exceptions |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in Sizes)
        {
            foreach (var p in s.Packages)
            {
                if (p.AnalyzerCount == 0)
                {
                    sb.AppendLine($"| {s.Name} | {p.Package} | 0 | – | – | – | – | – | – | – | – | – | – |");
                    continue;
                }
                var ratio = p.AnalyzerTime.TotalMilliseconds / s.CompileTime.TotalMilliseconds;
                var per1k = p.AnalyzerTime.TotalMilliseconds / (s.Lines / 1000.0);
                sb.AppendLine($"| {s.Name} | {p.Package} | {p.AnalyzerCount} | {Program.Ms(p.AnalyzerTime)} | {Pct(ratio)} | {F(per1k, "N2")} | {Program.Ms(p.WallTime)} | {Program.Ms(p.CpuTime - s.BaselineCpu)} ({Pct((p.CpuTime - s.BaselineCpu).TotalMilliseconds / (s.ParseTime + s.Compile.EmitCpuTime).TotalMilliseconds)}) | {Program.Mb(p.PeakRss)} | {Program.Mb(p.PeakManaged)} | {Program.Mb(p.Allocated)} | {p.Diagnostics:N0} | {p.Exceptions.Length} |");
            }
        }
        sb.AppendLine();

        sb.AppendLine("SecureRoutes per analyzer (execution time inside the analyzer's callbacks):");
        sb.AppendLine();
        sb.AppendLine("| size | analyzer | ids | time ms | % of compile | ms per 1k lines |");
        sb.AppendLine("|---|---|---|---:|---:|---:|");
        foreach (var s in Sizes)
        {
            var sr = s.Packages.FirstOrDefault(p => p.Package == BenchInputs.SecureRoutes);
            if (sr is null || sr.AnalyzerCount == 0)
            {
                sb.AppendLine($"| {s.Name} | (no analyzers in SecureRoutes.Analyzers.dll yet) | | | | |");
                continue;
            }
            foreach (var a in sr.PerAnalyzer)
            {
                var name = a.Analyzer.Substring(a.Analyzer.LastIndexOf('.') + 1);
                sb.AppendLine($"| {s.Name} | {name} | {a.Ids} | {Program.Ms(a.Time)} | {Pct(a.Time.TotalMilliseconds / s.CompileTime.TotalMilliseconds)} | {F(a.Time.TotalMilliseconds / (s.Lines / 1000.0), "N2")} |");
            }
        }
        sb.AppendLine();

        sb.AppendLine("SecureRoutes findings against the vulnerable shapes the generator wrote:");
        sb.AppendLine();
        sb.AppendLine("| size | SecureRoutes diagnostics by id | vulnerable shapes written |");
        sb.AppendLine("|---|---|---|");
        foreach (var s in Sizes)
        {
            var sr = s.Packages.FirstOrDefault(p => p.Package == BenchInputs.SecureRoutes);
            var ids = sr is null || sr.DiagnosticsById.IsEmpty ? "none" : string.Join(", ", sr.DiagnosticsById.Select(kv => $"{kv.Key}: {kv.Value}"));
            var shapes = string.Join("; ", s.Vulnerable.Select(kv => $"{kv.Key}: {kv.Value}"));
            sb.AppendLine($"| {s.Name} | {ids} | {shapes} |");
        }
        sb.AppendLine();

        sb.AppendLine("Targets (issue 6):");
        sb.AppendLine();
        foreach (var line in Targets())
        {
            sb.AppendLine("- " + line);
        }

        var exceptions = Sizes.SelectMany(s => s.Packages.SelectMany(p => p.Exceptions.Select(e => $"{s.Name} {p.Package}: {e}"))).Distinct().Take(20).ToList();
        if (exceptions.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Analyzer exceptions (first 20):");
            sb.AppendLine();
            foreach (var e in exceptions)
            {
                sb.AppendLine("- " + e.Replace('\n', ' ').Replace('\r', ' '));
            }
        }
        return sb.ToString();
    }

    private IEnumerable<string> Targets()
    {
        var sr = Sizes.Select(s => (Size: s, P: s.Packages.FirstOrDefault(p => p.Package == BenchInputs.SecureRoutes))).Where(x => x.P is { AnalyzerCount: > 0 }).ToList();
        if (sr.Count == 0)
        {
            yield return "SecureRoutes.Analyzers.dll has no analyzers yet: nothing to judge.";
            yield break;
        }
        foreach (var (s, p) in sr)
        {
            var ratio = p!.AnalyzerTime.TotalMilliseconds / s.CompileTime.TotalMilliseconds;
            var cpuRatio = (p.CpuTime - s.BaselineCpu).TotalMilliseconds / (s.ParseTime + s.Compile.EmitCpuTime).TotalMilliseconds;
            yield return $"{s.Name}: SecureRoutes total {Pct(ratio)} of compile time (target at most 10%): {(ratio <= 0.10 ? "met" : "MISSED")}; CPU cross-check {Pct(cpuRatio)} (CPU over the no-op baseline / parse + Emit CPU; noisy below a few hundred ms)";
        }
        if (sr.Count >= 2)
        {
            var first = sr[0];
            var last = sr[^1];
            var a = first.P!.AnalyzerTime.TotalMilliseconds / first.Size.Lines;
            var b = last.P!.AnalyzerTime.TotalMilliseconds / last.Size.Lines;
            var growth = b / a;
            yield return $"linearity: time per line at {last.Size.Name} is {F(growth, "N2")}x the time per line at {first.Size.Name} (linear means about 1; the 5k size is noisy): {(growth <= 1.5 ? "met" : "MISSED")}";
        }
        foreach (var s in Sizes)
        {
            var mine = s.Packages.FirstOrDefault(p => p.Package == BenchInputs.SecureRoutes);
            var scs = s.Packages.FirstOrDefault(p => p.Package == "SecurityCodeScan.VS2019");
            if (mine is { AnalyzerCount: > 0 } && scs is { AnalyzerCount: > 0 })
            {
                var ratio = mine.AnalyzerTime.TotalMilliseconds / scs.AnalyzerTime.TotalMilliseconds;
                yield return $"{s.Name}: SecureRoutes / Security Code Scan = {F(ratio, "N3")} (target below 0.1): {(ratio < 0.1 ? "met" : "MISSED")}";
            }
        }
    }

    private static string GitCommit()
    {
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = System.Diagnostics.Process.Start(psi);
            var output = process!.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
