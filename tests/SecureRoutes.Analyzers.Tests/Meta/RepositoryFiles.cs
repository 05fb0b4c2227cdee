namespace SecureRoutes.Analyzers.Tests.Meta;

/// <summary>Locates files of this repository from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureRoutes.Analyzers.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("SecureRoutes.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
