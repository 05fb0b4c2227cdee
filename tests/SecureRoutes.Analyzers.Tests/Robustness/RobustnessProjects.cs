using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SecureRoutes.Analyzers.Tests.Robustness;

/// <summary>A small set of sources compiled together.</summary>
public sealed record SourceProject(string Name, ImmutableArray<(string Path, string Text)> Files, OutputKind OutputKind)
{
    public override string ToString() => Name;
}

/// <summary>
/// The inputs of the robustness tests: an embedded, realistic ASP.NET Core 8 API (always there) and every sample
/// project under samples/ (picked up by path when the folder exists; SR_SAMPLES_DIR points elsewhere).
/// </summary>
public static class RobustnessProjects
{
    public const string Embedded = "embedded";

    public static IReadOnlyList<string> Names() => new[] { Embedded }.Concat(SampleDirectories().Select(d => "samples/" + Path.GetFileName(d))).ToList();

    public static SourceProject Get(string name) =>
        name == Embedded
            ? new SourceProject(Embedded, EmbeddedSources.All, OutputKind.DynamicallyLinkedLibrary)
            : Sample(SampleDirectories().Single(d => "samples/" + Path.GetFileName(d) == name));

    public static string? SamplesRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("SR_SAMPLES_DIR");
        if (!string.IsNullOrEmpty(overridden)) return Directory.Exists(overridden) ? overridden : null;
        if (RobustnessEnvironment.RepoRoot is null) return null;
        var samples = Path.Combine(RobustnessEnvironment.RepoRoot, "samples");
        return Directory.Exists(samples) ? samples : null;
    }

    /// <summary>Sample application projects (a folder with a .csproj); test projects are left out.</summary>
    public static IReadOnlyList<string> SampleDirectories()
    {
        var root = SamplesRoot();
        if (root is null) return Array.Empty<string>();
        return Directory.EnumerateDirectories(root)
            .Where(d => Directory.EnumerateFiles(d, "*.csproj").Any() && !Path.GetFileName(d).EndsWith(".Tests", StringComparison.OrdinalIgnoreCase))
            .Where(d => SourceFiles(d).Any())
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
            {
                var relative = Path.GetRelativePath(directory, f).Replace('\\', '/');
                return !relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal);
            })
            .OrderBy(f => f, StringComparer.Ordinal);

    private static SourceProject Sample(string directory)
    {
        var files = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (var file in SourceFiles(directory))
        {
            files.Add(("/samples/" + Path.GetFileName(directory) + "/" + Path.GetRelativePath(directory, file).Replace('\\', '/'), File.ReadAllText(file)));
        }
        // What Microsoft.NET.Sdk.Web's ImplicitUsings adds, and the annotations the samples reference as a project.
        files.Add(("/samples/GlobalUsings.g.cs", WebImplicitUsings));
        var annotations = RobustnessEnvironment.RepoRoot is null ? null : Path.Combine(RobustnessEnvironment.RepoRoot, "src", "SecureRoutes.Annotations", "Attributes.cs");
        if (annotations is not null && File.Exists(annotations))
        {
            files.Add(("/src/SecureRoutes.Annotations/Attributes.cs", File.ReadAllText(annotations)));
        }
        return new SourceProject("samples/" + Path.GetFileName(directory), files.ToImmutable(), OutputKind.ConsoleApplication);
    }

    private const string WebImplicitUsings = """
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;
}
