using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureRoutes.Bench;

/// <summary>
/// Reference assemblies and peer analyzer DLLs, resolved by restoring bench/SecureRoutes.Bench.Refs (net8.0 +
/// Microsoft.AspNetCore.App + EF Core 8 + Serilog + the three peer analyzer packages) and reading the file its
/// WriteBenchInputs target writes. The file is rebuilt only when it is missing, older than the helper project, or
/// names a path that no longer exists.
/// </summary>
public sealed class BenchInputs
{
    public const string SecureRoutes = "SecureRoutes";
    public static readonly string[] Peers = { "SecurityCodeScan.VS2019", "SonarAnalyzer.CSharp", "Meziantou.Analyzer" };

    private BenchInputs(string repoRoot, IReadOnlyList<string> references, IReadOnlyDictionary<string, List<string>> analyzers)
    {
        RepoRoot = repoRoot;
        ReferencePaths = references;
        AnalyzerPaths = analyzers;
    }

    public string RepoRoot { get; }

    public IReadOnlyList<string> ReferencePaths { get; }

    /// <summary>Analyzer DLL paths by NuGet package id.</summary>
    public IReadOnlyDictionary<string, List<string>> AnalyzerPaths { get; }

    public static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SecureRoutes.Analyzers.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Cannot find SecureRoutes.Analyzers.sln above the current directory or the runner.");
    }

    public static BenchInputs Load(TextWriter log)
    {
        var root = FindRepoRoot();
        var project = Path.Combine(root, "bench", "SecureRoutes.Bench.Refs", "SecureRoutes.Bench.Refs.csproj");
        var file = Path.Combine(root, "bench", "SecureRoutes.Bench.Refs", "obj", "bench-inputs.txt");
        if (!IsFresh(file, project))
        {
            log.WriteLine($"Restoring benchmark inputs ({Path.GetRelativePath(root, project)}) ...");
            var psi = new ProcessStartInfo("dotnet", $"msbuild \"{project}\" -restore -t:WriteBenchInputs -nologo -v:q \"-p:BenchInputsFile={file}\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0 || !File.Exists(file))
            {
                throw new InvalidOperationException($"Restoring {project} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
            }
        }

        var references = new List<string>();
        var analyzers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split('|');
            if (parts[0] == "ref" && parts.Length == 2)
            {
                references.Add(parts[1]);
            }
            else if (parts[0] == "analyzer" && parts.Length == 3 && parts[1].Length > 0)
            {
                if (!analyzers.TryGetValue(parts[1], out var list))
                {
                    analyzers[parts[1]] = list = new List<string>();
                }
                list.Add(parts[2]);
            }
        }

        analyzers[SecureRoutes] = new List<string> { Path.Combine(AppContext.BaseDirectory, "SecureRoutes.Analyzers.dll") };
        return new BenchInputs(root, references, analyzers);
    }

    private static bool IsFresh(string file, string project)
    {
        if (!File.Exists(file) || File.GetLastWriteTimeUtc(file) < File.GetLastWriteTimeUtc(project))
        {
            return false;
        }
        foreach (var line in File.ReadAllLines(file))
        {
            var path = line.Substring(line.LastIndexOf('|') + 1);
            if (!File.Exists(path))
            {
                return false;
            }
        }
        return true;
    }

    public IEnumerable<MetadataReference> References() =>
        ReferencePaths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));

    /// <summary>Loads every C# analyzer in one package's DLLs (code-fix DLLs are skipped: the host has no Workspaces).</summary>
    public ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers(string package, List<string> loadErrors)
    {
        if (!AnalyzerPaths.TryGetValue(package, out var paths))
        {
            loadErrors.Add($"{package}: not restored (no analyzer paths)");
            return ImmutableArray<DiagnosticAnalyzer>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var path in paths)
        {
            Loader.Instance.AddDirectory(Path.GetDirectoryName(path)!);
        }
        foreach (var path in paths.Where(p => !Path.GetFileName(p).Contains("CodeFix", StringComparison.OrdinalIgnoreCase)))
        {
            var reference = new AnalyzerFileReference(path, Loader.Instance);
            reference.AnalyzerLoadFailed += (_, e) => loadErrors.Add($"{package}: {Path.GetFileName(path)}: {e.ErrorCode} {e.TypeName} {e.Message}");
            builder.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// Loads analyzer assemblies into the default context: a name the runner already has (Roslyn itself, and
    /// SecureRoutes.Analyzers, which is copied next to the runner) resolves to that copy; anything else resolves to
    /// a DLL in a registered analyzer folder.
    /// </summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public static readonly Loader Instance = new();
        private readonly ConcurrentDictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);

        private Loader()
        {
            AssemblyLoadContext.Default.Resolving += (context, name) =>
                name.Name is not null && _byName.TryGetValue(name.Name, out var path) ? context.LoadFromAssemblyPath(path) : null;
        }

        public void AddDirectory(string directory)
        {
            foreach (var dll in Directory.EnumerateFiles(directory, "*.dll"))
            {
                _byName.TryAdd(Path.GetFileNameWithoutExtension(dll), dll);
            }
        }

        public void AddDependencyLocation(string fullPath) => _byName.TryAdd(Path.GetFileNameWithoutExtension(fullPath), fullPath);

        public Assembly LoadFromPath(string fullPath)
        {
            AddDependencyLocation(fullPath);
            return AssemblyLoadContext.Default.LoadFromAssemblyName(AssemblyName.GetAssemblyName(fullPath));
        }
    }
}
