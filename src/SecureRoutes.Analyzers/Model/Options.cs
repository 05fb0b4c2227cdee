using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureRoutes.Analyzers.Model;

/// <summary>A typed .editorconfig key with its default. Declared once, beside the rule or model part that reads it.</summary>
public sealed class OptionKey<T>
{
    private readonly Func<string, (bool Ok, T Value)> _parse;

    internal OptionKey(string key, T defaultValue, Func<string, (bool, T)> parse)
    {
        Key = key;
        Default = defaultValue;
        _parse = parse;
    }

    /// <summary>Full key as written in .editorconfig, e.g. <c>secure_routes.policy_types</c>.</summary>
    public string Key { get; }

    public T Default { get; }

    internal T Parse(string? raw)
    {
        if (raw is null) return Default;
        var (ok, value) = _parse(raw.Trim());
        return ok ? value : Default;
    }
}

/// <summary>All option keys of the package, and the one helper that parses them.</summary>
public static class OptionKeys
{
    public const string Prefix = "secure_routes.";

    /// <summary>Comma-separated fully-qualified type names whose methods are central policy checks.</summary>
    public static readonly OptionKey<ImmutableArray<string>> PolicyTypes = List("secure_routes.policy_types");

    /// <summary>Comma-separated <c>Namespace.Type.Method</c> names that are central policy checks.</summary>
    public static readonly OptionKey<ImmutableArray<string>> PolicyMethods = List("secure_routes.policy_methods");

    /// <summary>Comma-separated <c>Namespace.Type.Member</c> names of privileged fields (SR2001, SR2002), beside the built-in vocabulary.</summary>
    public static readonly OptionKey<ImmutableArray<string>> PrivilegedMembers = List("secure_routes.privileged_members");

    /// <summary>SR2001: also report endpoints restricted by a role or policy (<c>[Authorize(Roles = "Admin")]</c>).</summary>
    public static readonly OptionKey<bool> SR2001CheckRoleRestricted = Bool("secure_routes.SR2001.check_role_restricted", false);

    /// <summary>SR1001: also report endpoints that are explicitly anonymous.</summary>
    public static readonly OptionKey<bool> SR1001CheckAnonymous = Bool("secure_routes.SR1001.check_anonymous", false);

    /// <summary>Comma-separated fully-qualified type names whose values are secrets (SR3001 and every rule that asks <c>Secrets</c>).</summary>
    public static readonly OptionKey<ImmutableArray<string>> SecretTypes = List("secure_routes.secret_types");

    /// <summary>Comma-separated extra secret words (matched against identifier words, e.g. <c>pin, ssn, signingkey</c>).</summary>
    public static readonly OptionKey<ImmutableArray<string>> SecretNames = List("secure_routes.secret_names");

    /// <summary>Comma-separated identifiers (case-insensitive) that are never secrets by name, e.g. <c>TokenEndpoint, csrfToken</c>.</summary>
    public static readonly OptionKey<ImmutableArray<string>> NotSecretNames = List("secure_routes.not_secret_names");

    /// <summary>Every key, so the meta test can check each one is documented.</summary>
    public static IEnumerable<string> All => typeof(OptionKeys).GetFields()
        .Select(f => f.GetValue(null))
        .Select(v => v?.GetType().GetProperty("Key")?.GetValue(v) as string)
        .Where(k => k is not null)!;

    internal static OptionKey<bool> Bool(string key, bool defaultValue) =>
        new(key, defaultValue, raw => bool.TryParse(raw, out var b) ? (true, b) : (false, defaultValue));

    internal static OptionKey<ImmutableArray<string>> List(string key) =>
        new(key, ImmutableArray<string>.Empty, raw => (true, raw
            .Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .ToImmutableArray()));
}

/// <summary>Reads option keys for a syntax tree (editorconfig sections apply per file; globalconfig applies to all).</summary>
internal static class OptionsReader
{
    public static T Get<T>(this AnalyzerOptions options, SyntaxTree tree, OptionKey<T> key)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (provider.GetOptions(tree).TryGetValue(key.Key, out var raw) ||
            provider.GlobalOptions.TryGetValue(key.Key, out raw))
        {
            return key.Parse(raw);
        }
        return key.Default;
    }
}
